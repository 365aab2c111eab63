// Markdown for GitHub: the sticky PR comment (plan), the apply result, and the drift issue body.
// A reviewer reads the summary line and its math in five seconds; the change tables are open when
// short, collapsed only when long. What changes nothing (notes, pending, idle seats) is in the job
// summary and the drift issue; the PR comment has one line about it.
import {
  decodeFingerprint,
  encodeFingerprint,
  fingerprintOf,
  type PlanFingerprint,
} from '../plan/fingerprint.ts';
import { hasChanges } from '../plan/summary.ts';
import type {
  Scope,
  ApplyReport,
  Finding,
  KeptUser,
  Plan,
  TeamChange,
  UserChange,
  WriteResult,
} from '../plan/types.ts';
import { renderCharts } from './charts.ts';
import { mdCode, mdText, mdUrl } from './escape.ts';
import { fitDocument, type Block, type Doc } from './fit.ts';
import { accessEnds, plural, reportCounts, seatMath, summaryLine } from './format.ts';
import { historyComment, type HistoryPoint } from './history.ts';

/** Just under GitHub's 65,536-character limit on comment and issue bodies. */
export const DEFAULT_MAX_LENGTH = 65_000;

export type MarkerKind = 'plan' | 'apply' | 'drift';

export interface MarkdownOptions {
  title?: string;
  /** How a reviewer overrides a safety limit here (e.g. the PR label); shown when one is exceeded. */
  overrideHint?: string;
  /** Extra blocks shown after the safety limits (e.g. what leaves management in this PR). */
  extraBlocks?: Block[];
  /** Where the whole plan can be read (the job summary / run URL), linked when rows are left out. */
  detailsUrl?: string;
  maxLength?: number;
  /**
   * Notes, pending cancellations and idle seats: in full (the job summary, the drift issue), or
   * one line that counts them (the PR comment, the default of renderPlanMarkdown).
   */
  reports?: 'full' | 'line';
}

/** A change table with at most this many rows is open; a longer one is collapsed. */
export const OPEN_ROWS = 20;

/**
 * The hidden first line by which the action finds its own comment or issue again. The org is
 * reduced to the characters GitHub allows in names, so it can never close the comment early.
 */
export function markerFor(kind: MarkerKind, scope: Scope): string {
  const safe = scope.name.replace(/[^A-Za-z0-9_.-]/g, '').replace(/-{2,}/g, '-');
  return `<!-- copilot-seats:${kind} ${scope.kind}=${safe} -->`;
}

/** `acme` for an org (as titles always said), enterprise `acme-corp` for an enterprise. */
export function scopeTitle(scope: Scope): string {
  return scope.kind === 'org' ? mdCode(scope.name) : `enterprise ${mdCode(scope.name)}`;
}

/**
 * The plan comment's marker carries the plan's fingerprint (the writes it shows), hidden from the
 * reader, so that the apply after merge can write exactly what was reviewed. Found again by the
 * same prefix as markerFor's.
 */
export function planMarker(plan: Plan): string {
  const head = markerFor('plan', plan.scope).slice(0, -' -->'.length);
  return `${head} fingerprint=${encodeFingerprint(fingerprintOf(plan))} -->`;
}

/** The fingerprint in a plan comment's first line, or null (an older comment, or not ours). */
export function fingerprintInComment(body: string, scope: Scope): PlanFingerprint | null {
  const head = markerFor('plan', scope).slice(0, -' -->'.length);
  if (!body.startsWith(`${head} fingerprint=`)) return null;
  const m = /^ fingerprint=(v1\.[A-Za-z0-9_-]+) -->/.exec(body.slice(head.length));
  return m ? decodeFingerprint(m[1] as string) : null;
}

// ---------------------------------------------------------------- blocks

function table(summary: string, header: string[], rows: string[], open = false): Block {
  const head = `| ${header.join(' | ')} |\n|${header.map(() => ' --- |').join('')}`;
  return {
    head: `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${head}`,
    rows,
    more: (n) => `\n\n_${plural(n, 'row')} left out here: see the full plan._`,
    tail: '\n\n</details>',
  };
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function where(f: Finding): string {
  return f.pos ? ` (line ${f.pos.line})` : '';
}

function findingLine(f: Finding): string {
  const subject = f.subject !== undefined ? `${mdCode(f.subject)}: ` : '';
  return `> - ${subject}${mdText(f.message)}${where(f)}`;
}

function alert(kind: 'CAUTION' | 'WARNING', title: string, findings: Finding[]): Block {
  return {
    head: `> [!${kind}]\n> ${title}`,
    rows: findings.map(findingLine),
    more: (n) => `\n> - ${n} more left out here: see the full plan.`,
  };
}

function safetyBlock(plan: Plan, opts: MarkdownOptions): Block | null {
  const { removals, limit, exceeded, additions, additionLimit, additionsExceeded } = plan.safety;
  const lines: string[] = [];
  if (exceeded) {
    lines.push(
      `this plan cancels ${plural(removals, 'seat')}, more than the limit of ${limit ?? 0} (\`policy.max_removals\`).`,
    );
  }
  if (additionsExceeded) {
    lines.push(
      `this plan adds ${plural(additions, 'seat')}, more than the limit of ${additionLimit ?? 0} (\`policy.max_additions\`).`,
    );
  }
  if (lines.length === 0) return null;
  const how = opts.overrideHint ? ` ${mdText(opts.overrideHint)}` : '';
  const text =
    `> [!WARNING]\n> **Safety limit exceeded:** ${lines.join(' And ')} ` +
    `The check fails and the apply stops unless it is explicitly overridden.${how}`;
  return { head: text, rows: [] };
}

function userRows(changes: UserChange[]): string[] {
  return changes.map((c) => row([mdCode(c.login), mdText(c.reason)]));
}

/** Adds with the date each seat ends (`expires`), or "—" when it has none. */
function addedUserRows(changes: UserChange[]): string[] {
  return changes.map((c) => row([mdCode(c.login), mdText(c.expires ?? '—'), mdText(c.reason)]));
}

function keptRows(kept: KeptUser[]): string[] {
  return kept.map((k) => row([mdCode(k.login), mdText(k.expires)]));
}

function teamRows(changes: TeamChange[]): string[] {
  return changes.map((c) =>
    row([mdCode(c.slug), c.ensure ? '0 (ensure)' : String(c.seats), mdText(c.reason)]),
  );
}

function findingRows(findings: Finding[]): string[] {
  return findings.map((f) =>
    row([f.subject !== undefined ? mdCode(f.subject) : '', mdText(f.message) + where(f)]),
  );
}

function planBlocks(plan: Plan, opts: MarkdownOptions = {}): Block[] {
  const blocks: (Block | null)[] = [
    plan.errors.length > 0
      ? alert(
          'CAUTION',
          `**${plural(plan.errors.length, 'error')}** must be fixed before the apply:`,
          plan.errors,
        )
      : null,
    safetyBlock(plan, opts),
    ...(opts.extraBlocks ?? []),
    plan.conflicts.length > 0
      ? alert(
          'WARNING',
          `**${plural(plan.conflicts.length, 'conflict')}** to resolve in seats.yaml or in the team:`,
          plan.conflicts,
        )
      : null,
  ];
  // [title, what follows the count, header, rows, open when short]
  const access = mdText(`: Copilot ${accessEnds(plan)}`);
  const sections: [string, string, string[], string[], boolean][] = [
    ['Users to add', '', ['Login', 'Until', 'Reason'], addedUserRows(plan.add.users), true],
    ['Users to cancel', access, ['Login', 'Reason'], userRows(plan.remove.users), true],
    ['Teams to add', '', ['Team', 'Seats gained', 'Reason'], teamRows(plan.add.teams), true],
    ['Teams to cancel', access, ['Team', 'Seats lost', 'Reason'], teamRows(plan.remove.teams), true],
    ['Users kept until a date', '', ['Login', 'Until'], keptRows(plan.keptUntil ?? []), true],
    ['Warnings', '', ['About', 'Warning'], findingRows(plan.warnings), false],
  ];
  if (opts.reports === 'full') sections.push(...reportSections(plan));
  for (const [title, after, header, rows, openWhenShort] of sections) {
    if (rows.length === 0) continue;
    const open = openWhenShort && rows.length <= OPEN_ROWS;
    blocks.push(table(`${title} (${rows.length})${after}`, header, rows, open));
  }
  if (opts.reports !== 'full') blocks.push(reportLine(plan, opts));
  return blocks.filter((b): b is Block => b !== null);
}

/** Notes, pending cancellations and idle seats: they change nothing, so they are collapsed. */
function reportSections(plan: Plan): [string, string, string[], string[], boolean][] {
  return [
    ['Notes', '', ['About', 'Note'], findingRows(plan.notes), false],
    [
      'Pending cancellations (left alone)',
      '',
      ['Login', 'Seat ends on'],
      plan.pending.map((p) => row([mdCode(p.login), mdText(p.pendingCancellationDate)])),
      false,
    ],
    [
      'Idle seats (report only)',
      '',
      ['Login', 'Idle days', 'Last activity'],
      plan.idle.map((i) =>
        row([
          mdCode(i.login),
          i.atLeast ? `≥ ${i.idleDays}` : String(i.idleDays),
          mdText(i.lastActivityAt ?? (i.atLeast ? 'none recorded (GitHub keeps 90 days)' : 'never')),
        ]),
      ),
      false,
    ],
  ];
}

/** The PR comment's one line about what it leaves to the job summary and the drift issue. */
function reportLine(plan: Plan, opts: MarkdownOptions): Block | null {
  const counts = reportCounts(plan);
  if (counts.length === 0) return null;
  const url = opts.detailsUrl ? mdUrl(opts.detailsUrl) : null;
  const summary = url ? `the [job summary](${url})` : 'the job summary of this run';
  return { head: `_${counts.join(', ')}: see ${summary} or the drift issue._`, rows: [] };
}

/** The summary line, then its seat and cost math as a list (a paragraph of its own each). */
function summaryTop(label: string, plan: Plan): string[] {
  const math = seatMath(plan).map((m) => `- **${mdText(m.label)}** ${mdText(m.text)}`);
  return [`**${label}:** ${mdText(summaryLine(plan))}`, math.join('\n')];
}

// ---------------------------------------------------------------- documents

function pointer(opts: MarkdownOptions): (omitted: number) => string {
  const url = opts.detailsUrl ? mdUrl(opts.detailsUrl) : null;
  const target = url ? `the [job summary](${url})` : 'the job summary of this run';
  return (n) =>
    `> [!NOTE]\n> This comment is shortened to fit GitHub's size limit: ${plural(n, 'row')} left out. The full plan is in ${target}.`;
}

function footer(plan: Plan, opts: MarkdownOptions): string {
  const url = opts.detailsUrl ? mdUrl(opts.detailsUrl) : null;
  const link = url ? ` · [details](${url})` : '';
  return `<sub>copilot-seats · ${plural(plan.liveSeats, 'live seat')} · ${mdText(plan.now)}${link}</sub>`;
}

function title(text: string | undefined, fallback: string): string {
  return `### ${text !== undefined ? mdText(text) : fallback}`;
}

export function renderPlanMarkdown(plan: Plan, opts: MarkdownOptions = {}): string {
  const doc: Doc = {
    top: [
      planMarker(plan),
      title(opts.title, `Copilot seats plan for ${scopeTitle(plan.scope)}`),
      ...summaryTop('Plan', plan),
    ],
    blocks: planBlocks(plan, opts),
    bottom: [footer(plan, opts)],
    pointer: pointer(opts),
  };
  return fitDocument(doc, opts.maxLength ?? DEFAULT_MAX_LENGTH);
}

export interface DriftOptions extends MarkdownOptions {
  /**
   * Seat counts and monthly cost of the last runs, today's included: drawn as a trend, and kept
   * hidden at the bottom of the body for the next run to read back.
   */
  history?: HistoryPoint[];
}

/**
 * The body of the drift issue: the same plan, read as "the live org differs from the file", with
 * charts (seats by source, idle days, the trend of the last runs) under its summary.
 */
export function renderDriftMarkdown(plan: Plan, opts: DriftOptions = {}): string {
  const lead = hasChanges(plan)
    ? `The live Copilot seats of ${scopeTitle(plan.scope)} differ from seats.yaml. Merge a change to seats.yaml, or apply, to reconcile.`
    : `No drift: the live Copilot seats of ${scopeTitle(plan.scope)} match seats.yaml.`;
  const doc: Doc = {
    top: [
      markerFor('drift', plan.scope),
      title(opts.title, `Copilot seats drift in ${scopeTitle(plan.scope)}`),
      lead,
      ...summaryTop('Drift', plan),
      ...renderCharts(plan.census, opts.history ?? [], plan.scope.kind),
    ],
    blocks: planBlocks(plan, { ...opts, reports: 'full' }),
    bottom: [footer(plan, opts), ...(opts.history ? [historyComment(opts.history)] : [])],
    pointer: pointer(opts),
  };
  return fitDocument(doc, opts.maxLength ?? DEFAULT_MAX_LENGTH);
}

// ---------------------------------------------------------------- apply

const STEP: Record<WriteResult['kind'], string> = {
  'add-teams': 'add teams',
  'add-users': 'add users',
  'remove-users': 'cancel users',
  'remove-teams': 'cancel teams',
};
const NAMES_SHOWN = 5;

function names(list: string[]): string {
  const shown = list.slice(0, NAMES_SHOWN).map(mdCode).join(', ');
  return list.length > NAMES_SHOWN ? `${shown} and ${list.length - NAMES_SHOWN} more` : shown;
}

/**
 * Why GitHub counted fewer seats created than users added: an added user who had a seat through a
 * team the plan cancels keeps it (now direct), so no seat is created for them.
 */
function notCounted(w: WriteResult, plan: Plan): string {
  if (w.kind !== 'add-users' || w.count === undefined || w.count >= w.names.length) return '';
  const sent = new Set(w.names.map((n) => n.toLowerCase()));
  const moved = plan.add.users.filter((u) => u.replacesTeam !== undefined && sent.has(u.key));
  if (moved.length === 0) return ' (GitHub counts only the seats it creates)';
  const had = moved.length === 1 ? 'who already had a seat' : 'who already had seats';
  return `; not counted: ${names(moved.map((u) => u.login))}, ${had} through a team this plan cancels`;
}

function writeRow(w: WriteResult, dryRun: boolean, plan: Plan): string {
  const status = w.status !== undefined ? ` (${w.status})` : '';
  const counted = w.kind.startsWith('add') ? 'created' : 'cancelled';
  const result = dryRun
    ? 'not sent (dry run)'
    : w.ok
      ? `ok${status}${w.count !== undefined ? `: ${plural(w.count, 'seat')} ${counted}${notCounted(w, plan)}` : ''}`
      : `**failed**${status}${w.error ? `: ${mdText(w.error)}` : ''}`;
  return row([STEP[w.kind], String(w.names.length), names(w.names), result]);
}

function applyHeadline(report: ApplyReport, refused: string | undefined): string {
  if (refused) return `**Apply refused:** nothing was changed. ${mdText(refused)}.`;
  const failed = report.writes.filter((w) => !w.ok).length;
  if (report.dryRun)
    return `**Dry run:** ${plural(report.writes.length, 'write')} would be sent; nothing was changed.`;
  if (report.ok) return `**Applied:** ${plural(report.writes.length, 'write')}, all ok.`;
  const problems = [
    report.verificationError !== undefined
      ? `the writes below were made, but verification failed: ${mdText(report.verificationError)}`
      : '',
    failed > 0 ? `${failed} of ${plural(report.writes.length, 'write')} failed` : '',
    report.mismatches.length > 0 ? plural(report.mismatches.length, 'mismatch', 'mismatches') : '',
    report.held.length > 0 ? `${plural(report.held.length, 'change')} not written` : '',
    report.skipped.length > 0 ? `${plural(report.skipped.length, 'entry', 'entries')} skipped` : '',
  ].filter(Boolean);
  return `**Apply incomplete:** ${problems.join(', ')}; see below.`;
}

/** Which reviewed plan the apply was bound to, or why it had none. */
function bindingLine(report: ApplyReport): string | null {
  const b = report.binding;
  if (!b) return null;
  // `#7` is our own reference to the merged PR: left live, so it links.
  const source = b.source !== null && /^#\d+$/.test(b.source) ? b.source : mdText(b.source ?? '');
  if (b.source !== null) return `**Bound to** the reviewed plan of ${source}.`;
  return `**Not bound to a reviewed plan:** ${mdText(b.reason ?? 'none was found')}; applied within \`policy.max_removals\`.`;
}

export function renderApplyMarkdown(
  report: ApplyReport,
  plan: Plan,
  opts: MarkdownOptions & { refused?: string } = {},
): string {
  const blocks: Block[] = [];
  if (report.mismatches.length > 0) {
    blocks.push(alert('CAUTION', '**Not what the plan said** after the writes:', report.mismatches));
  }
  if (report.held.length > 0) {
    blocks.push(
      alert('CAUTION', `**Not written** (${report.held.length}): review them in a new PR.`, report.held),
    );
  }
  if (report.skipped.length > 0) {
    blocks.push(
      alert(
        'WARNING',
        `**Skipped** (${report.skipped.length}): the next run seats them once fixed.`,
        report.skipped,
      ),
    );
  }
  if (report.writes.length > 0) {
    blocks.push(
      table(
        `Writes (${report.writes.length})`,
        ['Step', 'Names', 'Who', 'Result'],
        report.writes.map((w) => writeRow(w, report.dryRun, plan)),
        true,
      ),
    );
  }
  if (report.notes.length > 0) {
    blocks.push(table(`Notes (${report.notes.length})`, ['About', 'Note'], findingRows(report.notes)));
  }
  const binding = bindingLine(report);
  const doc: Doc = {
    top: [
      markerFor('apply', report.scope),
      title(opts.title, `Copilot seats apply for ${scopeTitle(report.scope)}`),
      applyHeadline(report, opts.refused),
      ...(binding ? [binding] : []),
      ...summaryTop('Plan', plan),
    ],
    blocks,
    bottom: [footer(plan, opts)],
    pointer: pointer(opts),
  };
  return fitDocument(doc, opts.maxLength ?? DEFAULT_MAX_LENGTH);
}
