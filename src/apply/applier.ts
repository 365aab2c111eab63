// Sends the plan's writes, one at a time, in the safe order, and reports what happened.
// The applier never re-diffs: it does what the reviewed plan says, or less, never more.
import type { GitHubClient, Logger } from '../github/client.ts';
import { describeApiError, statusOf } from '../github/errors.ts';
import type { ScopeApi } from '../github/scope-api.ts';
import type { Finding, Plan, WriteKind, WriteResult } from '../plan/types.ts';
import { planWrites, type Write } from './batches.ts';
import { dependentHolds } from './reduce.ts';

/** 404 (a name GitHub does not know) and 422 (a name it refuses) may come from one bad name of many. */
const NAME_SPECIFIC = new Set([404, 422]);

export interface ApplyWritesOptions {
  batchSize?: number;
  log?: Logger;
}

type TeamForm = NonNullable<WriteResult['teamForm']>;

/** The run's memory of which team form GitHub accepted, so later batches try it first. */
interface Session {
  client: GitHubClient;
  /** The scope's routes and bodies: the same batches go to an org's or an enterprise's endpoints. */
  api: ScopeApi;
  teamForm: TeamForm;
  /** Failures GitHub pinned on names of the request (404/422 naming them): split, not stop. */
  namedFailures: WeakSet<WriteResult>;
}

/** GitHub's `message` of a failed request, if it sent one. */
function bodyMessage(error: unknown): string {
  const data = (error as { response?: { data?: unknown } }).response?.data;
  const message = (data as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' ? message : '';
}

/** Whether the message names one of these logins or teams as a whole word. */
function namesOneOf(message: string, names: string[]): boolean {
  const text = message.toLowerCase();
  const edge = '[^a-z0-9_-]';
  return names.some((n) => {
    const name = n.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(^|${edge})${name}($|${edge})`).test(text);
  });
}

async function send(s: Session, write: Write, names: string[] = write.names): Promise<WriteResult> {
  const { route, field } = s.api.writes[write.kind];
  const base = { kind: write.kind, names, keys: write.keys };
  try {
    const res = await s.client.request(route, { ...s.api.params, [field]: names });
    const data = res.data as { seats_created?: number; seats_cancelled?: number };
    return { ...base, ok: true, status: res.status, count: data.seats_created ?? data.seats_cancelled };
  } catch (error) {
    const described = describeApiError(`${write.kind} (${names.join(', ')})`, error);
    const result: WriteResult = { ...base, ok: false, status: statusOf(error), error: described.message };
    if (NAME_SPECIFIC.has(result.status ?? 0) && namesOneOf(bodyMessage(error), names)) {
      s.namedFailures.add(result);
    }
    return result;
  }
}

/**
 * GitHub documents team *names* in selected_teams, and some teams' names differ from their slugs:
 * which one it matches is not documented. Send the form that worked last; when a batch is refused
 * for a name, send the other form once, and remember which one went through.
 */
async function sendTeams(s: Session, write: Write): Promise<WriteResult> {
  const slugs = write.slugs ?? write.names;
  const form = (f: TeamForm) => (f === 'name' ? write.names : slugs);
  const first = await send(s, write, form(s.teamForm));
  if (first.ok) return { ...first, teamForm: s.teamForm };
  const other: TeamForm = s.teamForm === 'name' ? 'slug' : 'name';
  const differs = form(other).some((n, i) => n !== form(s.teamForm)[i]);
  if (!s.namedFailures.has(first) || !differs) return first;
  const second = await send(s, write, form(other));
  if (!second.ok) return s.namedFailures.has(second) ? second : first;
  s.teamForm = other;
  return { ...second, teamForm: other };
}

function sendOnce(s: Session, write: Write): Promise<WriteResult> {
  return write.kind.endsWith('-teams') ? sendTeams(s, write) : send(s, write);
}

function half(write: Write, from: number, to?: number): Write {
  return {
    kind: write.kind,
    names: write.names.slice(from, to),
    keys: write.keys.slice(from, to),
    ...(write.slugs ? { slugs: write.slugs.slice(from, to) } : {}),
  };
}

interface Sent {
  results: WriteResult[];
  /** Why the apply must stop: a failure that is about the whole request, not about a name in it. */
  stop?: string;
}

/**
 * A batch refused for names it contains (a 404/422 that names them) is split in halves until the
 * bad names stand alone, so that one bad name never sinks the others. Any other failure (the seat
 * management changed, 403, a 422 that names nobody, 5xx after retries) is about every request:
 * the apply stops at once rather than send more writes that fail the same way.
 */
async function sendIsolating(s: Session, write: Write): Promise<Sent> {
  const result = await sendOnce(s, write);
  if (result.ok) return { results: [result] };
  if (!s.namedFailures.has(result))
    return { results: [result], stop: result.error ?? `${write.kind} failed` };
  if (write.names.length === 1) return { results: [result] };
  const mid = Math.ceil(write.names.length / 2);
  const left = await sendIsolating(s, half(write, 0, mid));
  if (left.stop !== undefined) return left;
  const right = await sendIsolating(s, half(write, mid));
  return { results: [...left.results, ...right.results], ...(right.stop ? { stop: right.stop } : {}) };
}

export interface Applied {
  results: WriteResult[];
  /** Cancellations not sent because an add they rely on failed, and writes left when the apply stopped. */
  held: Finding[];
}

/** The hold of dependentHolds that takes an entry out of a batch of this kind. */
const HOLD_OF: Partial<Record<WriteKind, string>> = {
  'remove-users': 'held-for-team-add',
  'remove-teams': 'held-for-user-add',
};

/**
 * Takes out of a cancellation batch the entries that rely on an add that failed in this run (see
 * reduce.ts): a user cancellation whose seat was to continue through an added team, a team
 * cancellation that would take the seat of a user whose direct add did not go through.
 */
function withoutDependents(plan: Plan, write: Write, failed: Set<string>, held: Finding[]): Write | null {
  const code = HOLD_OF[write.kind];
  if (code === undefined) return write;
  const holds = dependentHolds(plan, (kind, key) => failed.has(`${kind}:${key.toLowerCase()}`)).filter(
    (h) => h.code === code && write.keys.includes(h.subject?.toLowerCase() ?? ''),
  );
  const out = new Set(holds.map((h) => h.subject?.toLowerCase()));
  held.push(...holds);
  const keep = write.keys.map((k, i) => (out.has(k) ? -1 : i)).filter((i) => i >= 0);
  if (keep.length === 0) return null;
  return {
    kind: write.kind,
    names: keep.map((i) => write.names[i] as string),
    keys: keep.map((i) => write.keys[i] as string),
    ...(write.slugs ? { slugs: keep.map((i) => write.slugs?.[i] as string) } : {}),
  };
}

function notSent(writes: Write[], reason: string): Finding[] {
  return writes.map((w) => ({
    code: 'apply-stopped',
    subject: w.names.length === 1 ? w.names[0] : `${w.names.length} names`,
    message: `${w.kind} not sent: the apply stopped at the first failure that is not about one name (${reason})`,
  }));
}

/**
 * Applies the writes in order: team adds, user adds, user cancellations, team cancellations.
 * A user cancellation that relies on a team add (the user keeps a seat through that team) is not
 * sent when that add failed, nor a team cancellation that would take the seat of a user whose direct
 * add failed. When a team add failed, no team is cancelled: a member the file keeps through the
 * added team may hold a seat only through a cancelled one. A failed add of anyone else (an
 * enterprise login that is not a member, which no API can check first) holds nothing back.
 */
export async function applyWrites(
  client: GitHubClient,
  api: ScopeApi,
  plan: Plan,
  options: ApplyWritesOptions = {},
): Promise<Applied> {
  const session: Session = { client, api, teamForm: 'name', namedFailures: new WeakSet() };
  const results: WriteResult[] = [];
  const held: Finding[] = [];
  const failed = new Set<string>();
  const writes = planWrites(plan, options.batchSize);
  for (const [i, planned] of writes.entries()) {
    const teamAddFailed = results.some((r) => !r.ok && r.kind === 'add-teams');
    if (planned.kind === 'remove-teams' && teamAddFailed) {
      results.push({
        ...planned,
        ok: false,
        error: 'skipped: a team add failed before it, so no team is cancelled',
      });
      continue;
    }
    const write = withoutDependents(plan, planned, failed, held);
    if (write === null) continue;
    options.log?.debug(`${write.kind}: ${write.names.length} name(s)`);
    const sent = await sendIsolating(session, write);
    for (const r of sent.results) {
      results.push(r);
      if (!r.ok) for (const k of r.keys ?? []) failed.add(`${r.kind}:${k}`);
    }
    if (sent.stop !== undefined) {
      held.push(...notSent(writes.slice(i + 1), sent.stop));
      break;
    }
  }
  return { results, held };
}
