// The reclaim pull request's title and body: the review surface of a proposal to give idle seats
// back. Pure. Logins are written as code (nobody is mentioned) unless `policy.reclaim_notice:
// mention` asks for a notice, and then only logins that are plain GitHub logins are mentioned.
import type { IdleInfo, ReclaimProposal } from '../plan/reclaim.ts';
import type { IdleSignal, ReclaimNotice } from '../plan/types.ts';
import { mdCode, mdText, mdUrl } from './escape.ts';
import { money, plural } from './format.ts';

export const RECLAIM_BRANCH = 'copilot-seats/reclaim';

export function reclaimMarker(org: string): string {
  const safe = org.replace(/[^A-Za-z0-9_.-]/g, '').replace(/-{2,}/g, '-');
  return `<!-- copilot-seats:reclaim org=${safe} -->`;
}

export interface ReclaimBodyOptions {
  org: string;
  /** The seats file's path in the repository. */
  file: string;
  seatPrice: number;
  notice?: ReclaimNotice;
  idleSignal?: IdleSignal;
  /** Users asked for but left in the file (an anchor used elsewhere), with why. */
  kept?: { login: string; why: string }[];
  /** ISO time of the run. */
  now: string;
  runUrl?: string;
  /** Mermaid blocks (src/render/charts.ts: seats by source, the idle distribution), shown folded. */
  charts?: string[];
}

const day = (iso: string) => iso.slice(0, 10);

function idleSince(info: IdleInfo): string {
  if (info.atLeast) return '≥ 90 days, no activity recorded';
  if (info.lastUsedAt === null) return `never used (seat created ${day(info.createdAt)})`;
  const what = info.signal === 'authentication' ? 'last sign-in' : 'last activity';
  return `${day(info.lastUsedAt)} (${what})`;
}

function idleFor(info: IdleInfo): string {
  return info.atLeast ? `≥ ${plural(info.idleDays, 'day')}` : plural(info.idleDays, 'day');
}

const PLAIN_LOGIN = /^[A-Za-z0-9][A-Za-z0-9-]*(?:_[A-Za-z0-9]+)?$/;

export function reclaimTitle(proposal: ReclaimProposal, org: string): string {
  return `Reclaim ${plural(proposal.remove.length, 'idle Copilot seat')} in ${org}`;
}

export function renderReclaimBody(proposal: ReclaimProposal, opts: ReclaimBodyOptions): string {
  const n = proposal.remove.length;
  const saving = n * opts.seatPrice;
  const signal = opts.idleSignal === 'activity-or-auth' ? 'activity or sign-in' : 'activity';
  const lines = [
    reclaimMarker(opts.org),
    `### Reclaim idle Copilot seats in ${mdCode(opts.org)}`,
    '',
    `This pull request removes ${plural(n, 'user')} from ${mdCode(opts.file)}: no ${signal} for ` +
      `${plural(proposal.inactiveDays ?? 0, 'day')} or more (\`policy.inactive_days\`). ` +
      `Seats younger than ${plural(proposal.graceDays, 'day')} are never proposed.`,
    '',
    `**Monthly saving: ${money(-saving)}** (${plural(n, 'seat')} × $${opts.seatPrice}), from the next billing cycle after the apply.`,
    '',
    '| User | Idle since | Idle for | Seat age |',
    '| --- | --- | --- | --- |',
    ...proposal.remove.map(
      (c) => `| ${mdCode(c.login)} | ${idleSince(c)} | ${idleFor(c)} | ${plural(c.seatAgeDays, 'day')} |`,
    ),
    '',
    '**To keep someone**, either:',
    `- delete their line from this pull request's diff (restore it in ${mdCode(opts.file)} on the branch ${mdCode(RECLAIM_BRANCH)}), or`,
    `- add them to \`exempt\` in a commit on that branch (\`- login: NAME\` with a \`reason\`): an exempt seat is never cancelled nor proposed again.`,
    '',
    'Nothing changes until this pull request is merged: the apply after the merge cancels the seats of the users removed here, as with any change to the file.',
  ];
  if (proposal.throughTeam.length > 0) {
    lines.push('', '#### Idle, but seated through a team (not in this diff)', '');
    for (const t of proposal.throughTeam) {
      lines.push(
        `- ${mdCode(t.login)}, idle through team ${mdCode(t.team)} (${idleFor(t)}): remove them from the team or exempt them`,
      );
    }
  }
  if (opts.kept && opts.kept.length > 0) {
    lines.push('', '#### Idle, but left in the file', '');
    for (const k of opts.kept) lines.push(`- ${mdCode(k.login)}: ${mdText(k.why)}; remove the entry by hand`);
  }
  if (opts.charts && opts.charts.length > 0) {
    lines.push('', '<details><summary>Seats of the org: by source, and by days idle</summary>', '');
    for (const chart of opts.charts) lines.push(chart, '');
    lines.push('</details>');
  }
  if (opts.notice === 'mention') {
    const mentions = proposal.remove.map((c) => c.login).filter((l) => PLAIN_LOGIN.test(l));
    if (mentions.length > 0) {
      lines.push(
        '',
        `**Notice:** ${mentions.map((l) => `@${l}`).join(' ')}: your Copilot seat is proposed for removal. If you still need it, say so in a comment here.`,
      );
    }
  }
  const footer = `Proposed by copilot-seats on ${day(opts.now)}. A later run updates this pull request, and closes it when nothing is idle any more.`;
  const url = opts.runUrl ? mdUrl(opts.runUrl) : null;
  lines.push('', '---', url ? `${footer} [Run](${url})` : footer, '');
  return lines.join('\n');
}
