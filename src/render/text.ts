// The plan for a terminal: one line per change, Terraform style, colour only when asked
// (the caller decides from the TTY and NO_COLOR; this module never looks).
import { scopeLabel } from '../plan/scope.ts';
import type { Finding, Plan } from '../plan/types.ts';
import { plainText } from './escape.ts';
import { changeCounts, seatMath, summaryLine } from './format.ts';

export interface TextOptions {
  color: boolean;
}

const CODES = { green: '32', red: '31', yellow: '33', dim: '2', bold: '1' } as const;
export type Paint = (style: keyof typeof CODES, text: string) => string;

export function painter(color: boolean): Paint {
  return color ? (style, text) => `\u001b[${CODES[style]}m${text}\u001b[0m` : (_style, text) => text;
}

function findingLine(label: string, f: Finding): string {
  const about = f.subject !== undefined ? ` ${plainText(f.subject)}` : '';
  const line = f.pos ? ` (line ${f.pos.line})` : '';
  return `${label}${about}: ${plainText(f.message)}${line}`;
}

function changeLines(plan: Plan, paint: Paint): string[] {
  const lines: string[] = [];
  const why = (reason: string) => paint('dim', `(${plainText(reason)})`);
  for (const u of plan.add.users) {
    const until = u.expires !== undefined ? `; until ${u.expires}` : '';
    lines.push(`${paint('green', `+ user ${plainText(u.login)}`)}  ${why(`${u.reason}${until}`)}`);
  }
  for (const u of plan.remove.users)
    lines.push(`${paint('red', `- user ${plainText(u.login)}`)}  ${why(u.reason)}`);
  for (const t of plan.add.teams) {
    const seats = t.ensure ? 'ensure, no new seat' : `+${t.seats} seats`;
    lines.push(`${paint('green', `+ team ${plainText(t.slug)}`)}  ${why(`${t.reason}; ${seats}`)}`);
  }
  for (const t of plan.remove.teams) {
    lines.push(`${paint('red', `- team ${plainText(t.slug)}`)}  ${why(`${t.reason}; -${t.seats} seats`)}`);
  }
  return lines;
}

function reportLines(plan: Plan, paint: Paint): string[] {
  const lines: string[] = [];
  for (const f of plan.conflicts) lines.push(paint('yellow', findingLine('~ conflict', f)));
  for (const f of plan.warnings) lines.push(paint('yellow', findingLine('! warning', f)));
  for (const f of plan.notes) lines.push(findingLine('~ note', f));
  for (const k of plan.keptUntil ?? []) {
    lines.push(`~ kept ${plainText(k.login)}  ${paint('dim', `(until ${plainText(k.expires)})`)}`);
  }
  for (const p of plan.pending) {
    lines.push(
      `~ pending ${plainText(p.login)}  ${paint('dim', `(seat ends on ${p.pendingCancellationDate})`)}`,
    );
  }
  for (const i of plan.idle)
    lines.push(
      `~ idle ${plainText(i.login)}  ${paint('dim', `(${i.atLeast ? '≥ ' : ''}${i.idleDays} days)`)}`,
    );
  return lines;
}

function safetyLines(plan: Plan): string[] {
  const s = plan.safety;
  const lines: string[] = [];
  if (s.exceeded) {
    lines.push(
      `✗ safety: ${s.removals} seats to cancel, more than the limit of ${s.limit ?? 0} (policy.max_removals)`,
    );
  }
  if (s.additionsExceeded) {
    const limit = s.additionLimit ?? 0;
    lines.push(
      `✗ safety: ${s.additions} seats to add, more than the limit of ${limit} (policy.max_additions)`,
    );
  }
  return lines;
}

function problemLines(plan: Plan, paint: Paint): string[] {
  const lines = plan.errors.map((f) => paint('red', findingLine('✗ error', f)));
  return [...lines, ...safetyLines(plan).map((l) => paint('red', l))];
}

export function renderPlanText(plan: Plan, opts: TextOptions): string {
  const paint = painter(opts.color);
  const lines = [
    paint(
      'bold',
      `Copilot seats plan for ${plainText(scopeLabel(plan.scope))} (${plan.liveSeats} live seats)`,
    ),
    '',
    ...changeLines(plan, paint),
    ...reportLines(plan, paint),
    ...problemLines(plan, paint),
  ];
  if (lines.length > 2) lines.push('');
  lines.push(`${paint('bold', 'Plan:')} ${summaryLine(plan)}`);
  for (const m of seatMath(plan)) lines.push(paint('dim', `  ${m.label} ${m.text}`));
  lines.push(paint('dim', changeCounts(plan)));
  return lines.join('\n') + '\n';
}
