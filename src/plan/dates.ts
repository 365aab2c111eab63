// Calendar arithmetic for `expires:` dates. A date D means "until D at 00:00 UTC", and the plan
// warns from 7 days before. `now` is always passed in: the core never reads a clock.

export const DAY_MS = 86_400_000;
export const EXPIRY_WARNING_DAYS = 7;

/** Milliseconds of YYYY-MM-DD at 00:00 UTC, or NaN when the text is not such a date. */
export function dayStartMs(day: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return Number.NaN;
  return Date.parse(`${day}T00:00:00Z`);
}

/** True from `expires` at 00:00 UTC on. No date, or an unreadable one, never expires. */
export function isExpired(expires: string | undefined, now: Date): boolean {
  if (expires === undefined) return false;
  const at = dayStartMs(expires);
  return Number.isFinite(at) && now.getTime() >= at;
}

/** Whole days (rounded up) until `expires`, when it falls within the warning window; else null. */
export function daysLeftIfSoon(expires: string | undefined, now: Date): number | null {
  if (expires === undefined) return null;
  const at = dayStartMs(expires);
  if (!Number.isFinite(at)) return null;
  const left = at - now.getTime();
  if (left <= 0 || left > EXPIRY_WARNING_DAYS * DAY_MS) return null;
  return Math.ceil(left / DAY_MS);
}
