// The management changes of a pull request (src/plan/management.ts) for a reviewer: a warning
// block for the PR comment, and the same lines for a terminal. Names are written so that nobody
// is @-mentioned; every value from the file goes through the escape helpers.
import { policyDefault } from '../plan/policy-fields.ts';
import type { ManagementSummary } from '../plan/management.ts';
import { DEFAULT_LIMIT_MIN_SEATS, DEFAULT_LIMIT_PERCENT } from '../plan/money.ts';
import type { ExemptionChange, ManagementChange, PolicyChange, PolicyField } from '../plan/types.ts';
import { mdCode, mdText, plainText } from './escape.ts';
import type { Block } from './fit.ts';
import { plural } from './format.ts';
import { painter, type TextOptions } from './text.ts';

/** How each output writes a name and free text. */
interface Style {
  name: (s: string) => string;
  text: (s: string) => string;
}

const MARKDOWN: Style = { name: mdCode, text: mdText };
const PLAIN: Style = { name: plainText, text: plainText };

/** What an unset policy value means, for the fields whose schema has no plain `default`. */
const UNSET_WORDS: Partial<Record<PolicyField, string>> = {
  max_removals: `default (${DEFAULT_LIMIT_PERCENT}% from ${DEFAULT_LIMIT_MIN_SEATS} seats)`,
  inactive_days: 'not set (no idle report)',
  seat_cost: 'default for the plan type',
  max_additions: 'no limit',
  max_request_days: 'no limit',
  requesters: 'nobody (each asks for themselves)',
};

/** What an unset policy value means: the words above, or the schema's default. */
function unset(field: PolicyField): string {
  const fallback = policyDefault(field);
  return UNSET_WORDS[field] ?? (fallback === undefined ? 'not set' : `${fallback} (default)`);
}

const isAre = (n: number) => (n === 1 ? 'is' : 'are');

function why(c: ExemptionChange, style: Style): string {
  const parts = [c.reason, c.expires === undefined ? undefined : `until ${c.expires}`];
  const text = parts.filter((p): p is string => p !== undefined && p !== '').join(', ');
  return text === '' ? '' : ` (${style.text(text)})`;
}

function exemptionLine(c: ExemptionChange, style: Style): string {
  const who = `${c.target} ${style.name(c.name)}`;
  if (c.kind === 'exempted') return `${who} is newly exempt: ${plural(c.seats, 'seat')}${why(c, style)}`;
  return `${who} is no longer exempt: ${plural(c.seats, 'seat')} managed again`;
}

function policyLine(c: PolicyChange, style: Style): string {
  const value = (v: string | null) => style.text(v ?? unset(c.field));
  const verb = c.direction ?? (c.from === null ? 'set' : c.to === null ? 'unset' : 'changed');
  return `${style.name(`policy.${c.field}`)} ${verb}: ${value(c.from)} → ${value(c.to)}`;
}

function changeLine(c: ManagementChange, style: Style): string {
  return c.kind === 'policy' ? policyLine(c, style) : exemptionLine(c, style);
}

/** The headline: the bold part and the rest of the sentence. */
function headline(summary: ManagementSummary): { strong: string; rest: string } {
  const { noLongerManaged: gone, managedAgain: back } = summary;
  const again = back > 0 ? ` ${plural(back, 'seat')} ${isAre(back)} managed again.` : '';
  if (gone > 0) {
    const them = gone === 1 ? 'it' : 'them';
    return {
      strong: `${plural(gone, 'seat')} ${isAre(gone)} no longer managed`,
      rest: ` by this change: copilot-seats will neither cancel ${them} nor report ${them} as drift.${again}`,
    };
  }
  if (back > 0)
    return { strong: `${plural(back, 'seat')} ${isAre(back)} managed again`, rest: ' by this change.' };
  return { strong: 'This change alters the policy', rest: ' of copilot-seats.' };
}

/** A `> [!WARNING]` alert for the PR comment, or null when nothing changes management. */
export function renderManagementMarkdown(summary: ManagementSummary): Block | null {
  if (summary.changes.length === 0) return null;
  const { strong, rest } = headline(summary);
  return {
    head: `> [!WARNING]\n> **${mdText(strong)}**${mdText(rest)}`,
    rows: summary.changes.map((c) => `> - ${changeLine(c, MARKDOWN)}`),
    more: (n) => `\n> - ${n} more left out here: see the full plan.`,
  };
}

/** The same for a terminal: lines starting with `!`, in yellow when colour is on; none when nothing changes. */
export function renderManagementText(summary: ManagementSummary, opts: TextOptions): string[] {
  if (summary.changes.length === 0) return [];
  const paint = painter(opts.color);
  const { strong, rest } = headline(summary);
  const lines = [`! ${strong}${rest}`, ...summary.changes.map((c) => `!   ${changeLine(c, PLAIN)}`)];
  return lines.map((l) => paint('yellow', l));
}
