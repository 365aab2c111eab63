// seats.yaml text → DesiredState, or every problem in it with FILE:LINE:COL and a JSON pointer.
// Pure: no I/O, no clock. The stages, each adding errors:
//   YAML (syntax, several documents, tags) → the shape of the top level → duplicate keys →
//   aliases → JSON Schema (ajv) → name rules (duplicates, desired and exempt) → normalize.
// Syntax errors stop early: past them the tree is a guess and later messages would mislead.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { ConfigError, DesiredState } from '../plan/types.ts';
import { makeLocator, type Locator } from './locate.ts';
import { nameProblems } from './checks.ts';
import { normalize, type SeatsFile } from './normalize.ts';
import { schemaProblems, seatsValidator } from './schema-errors.ts';
import { collectionKeys, duplicateKeys, toPlainData, yamlProblems } from './yaml-checks.ts';
import { namesClean } from './fast-checks.ts';
import { fastParse } from './fast-parse.ts';

export interface ParseResult {
  /** null whenever there is any error. */
  desired: DesiredState | null;
  /** Sorted by line, column, message. */
  errors: ConfigError[];
}

/** Deterministic order, and each problem once. */
export function sortErrors(errors: readonly ConfigError[]): ConfigError[] {
  const unique = new Map(errors.map((e) => [`${e.line}:${e.column}:${e.path}:${e.message}`, e] as const));
  return [...unique.values()].sort(
    (a, b) =>
      a.line - b.line ||
      a.column - b.column ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0) ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
}

function failed(errors: ConfigError[]): ParseResult {
  return { desired: null, errors: sortErrors(errors) };
}

/**
 * The top level must be a mapping; say what it is instead, without quoting it: a file that is one
 * value is no seats file (a key, a .env file, a token), and the message may become an annotation.
 */
function topLevelProblem(doc: Document, locator: Locator): ConfigError | null {
  const contents = doc.contents;
  if (isMap(contents)) return null;
  const what = isSeq(contents)
    ? 'a list'
    : isScalar(contents) && contents.value === null
      ? 'null'
      : `a single value (${(locator.sourceOf('') ?? '').length} characters, not shown): is this the seats file?`;
  return locator.error('', `the top level must be a mapping (version: 1, org: …, users: …), not ${what}`);
}

/** The checks on plain data, shared by both paths: JSON Schema, name rules, then normalize. */
function checkData(data: unknown, locator: Locator, earlier: ConfigError[]): ParseResult {
  const errors = [...earlier, ...schemaProblems(data, locator), ...nameProblems(data, locator)];
  if (errors.length > 0) return failed(errors);
  return { desired: normalize(data as SeatsFile, locator), errors: [] };
}

/**
 * seats.yaml text → DesiredState or errors. Files in the plain shapes big files have (block
 * mappings and lists of one-line scalars) go through the fast path (fast-parse.ts); anything else,
 * and any file with an error, through the full parser, so every message and position is its own.
 */
export function parseSeats(text: string, file: string): ParseResult {
  const fast = fastParse(text, file);
  // Any problem: the full parser reports it (the fast path words no message). namesClean() is
  // nameProblems() without building its 100,000 references, when there is nothing to report.
  if (fast && seatsValidator()(fast.data) && namesClean(fast.data)) {
    return { desired: normalize(fast.data as unknown as SeatsFile, fast.locator), errors: [] };
  }
  return parseSeatsFull(text, file);
}

/**
 * How the full parser reads YAML. The core schema keeps 2027-01-31 a string and `yes` a string,
 * even under a `%YAML 1.1` directive. uniqueKeys is off because duplicateKeys() reports them with
 * both lines; logLevel 'error' keeps yaml from printing warnings, which are reported as errors.
 */
export const YAML_OPTIONS = {
  schema: 'core',
  prettyErrors: false,
  uniqueKeys: false,
  logLevel: 'error',
} as const;

/** The full parser alone (the `yaml` package's Document, with exact positions for every error). */
export function parseSeatsFull(text: string, file: string): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, ...YAML_OPTIONS });
  const locator = makeLocator(doc, lineCounter, text, file);

  const syntax = yamlProblems(doc, locator, text);
  if (doc.errors.length > 0) return failed(syntax);
  if (doc.contents === null) {
    return failed([
      ...syntax,
      locator.errorAtOffset(0, `the file is empty: it needs at least 'version: 1' and 'org'`),
    ]);
  }
  const topLevel = topLevelProblem(doc, locator);
  if (topLevel) return failed([...syntax, topLevel]);

  const badKeys = collectionKeys(doc, locator);
  if (badKeys.length > 0) return failed([...syntax, ...badKeys]);

  const structural = [...syntax, ...duplicateKeys(doc, locator)];
  const { data, errors: aliasErrors } = toPlainData(doc, locator);
  if (aliasErrors.length > 0) return failed([...structural, ...aliasErrors]);

  return checkData(data, locator, structural);
}
