// A short history of seat counts and monthly cost, kept hidden in the drift issue's body:
//   <!-- copilot-seats:history v1 BASE64URL(JSON) -->
// Each drift (or expire) run reads the previous body of its own issue, appends today's point (one
// per day: a second run that day replaces it) and keeps the last HISTORY_POINTS. The body can be
// edited by anyone with write access, so what is read back is validated point by point: anything
// that is not a date and plain numbers is dropped, and nothing else of it is ever used.
import type { Plan } from '../plan/types.ts';

export interface HistoryPoint {
  /** YYYY-MM-DD (UTC) of the run. */
  date: string;
  /** Seats not pending cancellation (billed). */
  active: number;
  /** Seats pending cancellation. */
  pending: number;
  /** active × seat price, in USD per month. */
  cost: number;
}

/** At most this many runs are kept. */
export const HISTORY_POINTS = 30;

const HEAD = '<!-- copilot-seats:history v1 ';
/** Far more than 30 points take, so a tampered body cannot make the run decode megabytes. */
const MAX_ENCODED = 20_000;
/** No org has more seats than this; a larger number is not ours. */
const MAX_COUNT = 10_000_000;
const MAX_COST = 1_000_000_000;

/** Today's point of the plan. `moved` seats were just cancelled (an expire run): now pending. */
export function historyPoint(plan: Plan, moved = 0): HistoryPoint {
  const pending = (plan.census?.bySource.pending ?? plan.pending.length) + moved;
  const active = Math.max(0, plan.liveSeats - pending);
  return {
    date: plan.now.slice(0, 10),
    active,
    pending,
    cost: Math.round(active * plan.cost.seatPrice * 100) / 100,
  };
}

function isDay(text: unknown): text is string {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === text;
}

function isCount(n: unknown, max: number, integer: boolean): n is number {
  return (
    typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= max && (!integer || Number.isInteger(n))
  );
}

/** The point, rebuilt from the numbers it validates; null when it is not one. */
function checkPoint(value: unknown): HistoryPoint | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  if (!isDay(v.date) || !isCount(v.active, MAX_COUNT, true) || !isCount(v.pending, MAX_COUNT, true))
    return null;
  if (!isCount(v.cost, MAX_COST, false)) return null;
  return { date: v.date, active: v.active, pending: v.pending, cost: v.cost };
}

/** Sorted by date, one point per day (the last one read wins), the newest HISTORY_POINTS. */
function normalize(points: readonly HistoryPoint[]): HistoryPoint[] {
  const byDay = new Map<string, HistoryPoint>();
  for (const p of points) byDay.set(p.date, p);
  return [...byDay.values()]
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .slice(-HISTORY_POINTS);
}

/**
 * The history hidden in an issue body, or [] when there is none, or it does not read. Points that
 * do not validate are dropped one by one; the rest is kept.
 */
export function parseHistory(body: string | null | undefined): HistoryPoint[] {
  if (!body) return [];
  const at = body.indexOf(HEAD);
  if (at < 0) return [];
  const m = /^([A-Za-z0-9_-]{1,20000}) -->/.exec(
    body.slice(at + HEAD.length, at + HEAD.length + MAX_ENCODED + 5),
  );
  if (!m) return [];
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(m[1] as string, 'base64url').toString('utf8'));
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const points = value.slice(-HISTORY_POINTS * 4).map(checkPoint);
  return normalize(points.filter((p): p is HistoryPoint => p !== null));
}

/** The history with today's point: replaces a point of the same day, keeps the last HISTORY_POINTS. */
export function appendPoint(history: readonly HistoryPoint[], point: HistoryPoint): HistoryPoint[] {
  return normalize([...history.filter((p) => p.date !== point.date), point]);
}

/** The hidden line for the issue body: only validated numbers and dates go in. */
export function historyComment(history: readonly HistoryPoint[]): string {
  const points = normalize(history.map(checkPoint).filter((p): p is HistoryPoint => p !== null));
  return `${HEAD}${Buffer.from(JSON.stringify(points), 'utf8').toString('base64url')} -->`;
}
