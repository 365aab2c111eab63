// Rules the schema cannot say: names compare case-insensitively, so a login or slug listed twice
// (in any case) is an error, and so is a name that is both desired and exempt. These run on the
// plain data even when it has schema errors, skipping entries that are malformed, so one run
// reports every problem.
import type { ConfigError } from '../plan/types.ts';
import type { Locator } from './locate.ts';

/** One name written in the file: where, as written, and its comparison key. */
export interface NameRef {
  name: string;
  key: string;
  /** Pointer to the name itself (`/users/3` for the short form, `/users/3/login` for the long). */
  pointer: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function list(data: Record<string, unknown>, key: string): unknown[] {
  const v = data[key];
  return Array.isArray(v) ? v : [];
}

/** Names in a `users:` / `teams:` list: short form (a string) or long form (`field:`). */
function namesIn(data: Record<string, unknown>, section: string, field: string): NameRef[] {
  const refs: NameRef[] = [];
  list(data, section).forEach((entry, i) => {
    if (typeof entry === 'string') {
      refs.push({ name: entry, key: entry.toLowerCase(), pointer: `/${section}/${i}` });
    } else if (isRecord(entry) && typeof entry[field] === 'string') {
      const name = entry[field];
      refs.push({ name, key: name.toLowerCase(), pointer: `/${section}/${i}/${field}` });
    }
  });
  return refs;
}

function exemptNames(data: Record<string, unknown>, field: 'login' | 'team'): NameRef[] {
  const refs: NameRef[] = [];
  list(data, 'exempt').forEach((entry, i) => {
    if (isRecord(entry) && typeof entry[field] === 'string') {
      const name = entry[field];
      refs.push({ name, key: name.toLowerCase(), pointer: `/exempt/${i}/${field}` });
    }
  });
  return refs;
}

/** "(also at line 4)", or "(also at line 4 as 'OctoCat')" when only the case differs. */
function alsoAt(first: NameRef, again: NameRef, locator: Locator): string {
  const line = locator.posOf(first.pointer).line;
  return first.name === again.name ? `(also at line ${line})` : `(also at line ${line} as '${first.name}')`;
}

function duplicates(refs: NameRef[], what: string, locator: Locator): ConfigError[] {
  const seen = new Map<string, NameRef>();
  const errors: ConfigError[] = [];
  for (const ref of refs) {
    const first = seen.get(ref.key);
    if (!first) {
      seen.set(ref.key, ref);
      continue;
    }
    const message = `duplicate ${what} '${ref.name}' ${alsoAt(first, ref, locator)}`;
    errors.push(locator.error(ref.pointer, message));
  }
  return errors;
}

function desiredAndExempt(
  desired: NameRef[],
  exempt: NameRef[],
  what: string,
  section: string,
  locator: Locator,
) {
  const byKey = new Map(desired.map((r) => [r.key, r] as const));
  const errors: ConfigError[] = [];
  for (const ref of exempt) {
    const listed = byKey.get(ref.key);
    if (!listed) continue;
    const line = locator.posOf(listed.pointer).line;
    const message =
      `${what} '${ref.name}' is both in ${section} (line ${line}) and exempt: ` +
      `keep it in one of them (a listed ${what} keeps its seat anyway)`;
    errors.push(locator.error(ref.pointer, message));
  }
  return errors;
}

/** Duplicates and desired-and-exempt names, located in the source. */
export function nameProblems(data: unknown, locator: Locator): ConfigError[] {
  if (!isRecord(data)) return [];
  const users = namesIn(data, 'users', 'login');
  const teams = namesIn(data, 'teams', 'slug');
  const exemptUsers = exemptNames(data, 'login');
  const exemptTeams = exemptNames(data, 'team');
  return [
    ...duplicates(users, 'user', locator),
    ...duplicates(teams, 'team', locator),
    ...duplicates(exemptUsers, 'exemption for user', locator),
    ...duplicates(exemptTeams, 'exemption for team', locator),
    ...desiredAndExempt(users, exemptUsers, 'user', 'users', locator),
    ...desiredAndExempt(teams, exemptTeams, 'team', 'teams', locator),
  ];
}
