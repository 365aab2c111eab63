// Collects the plan's findings by kind and sorts them, so the same inputs give the same lists.
import { compareKeys } from './context.ts';
import type { Finding, SourcePos } from './types.ts';

export interface FindingSets {
  errors: Finding[];
  conflicts: Finding[];
  warnings: Finding[];
  notes: Finding[];
}

export function emptyFindings(): FindingSets {
  return { errors: [], conflicts: [], warnings: [], notes: [] };
}

/** Builds a finding without `undefined` members, so plans compare deep-equal and serialize cleanly. */
export function finding(code: string, message: string, subject?: string, pos?: SourcePos): Finding {
  const f: Finding = { code, message };
  if (subject !== undefined) f.subject = subject;
  if (pos !== undefined) f.pos = { line: pos.line, column: pos.column };
  return f;
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    compareKeys(a.subject ?? '', b.subject ?? '') ||
    compareKeys(a.code, b.code) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

export function sortFindings(sets: FindingSets): FindingSets {
  return {
    errors: [...sets.errors].sort(compareFindings),
    conflicts: [...sets.conflicts].sort(compareFindings),
    warnings: [...sets.warnings].sort(compareFindings),
    notes: [...sets.notes].sort(compareFindings),
  };
}
