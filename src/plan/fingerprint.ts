// The fingerprint of a plan: the set of writes it would send (kind + lower-case names) and its scope.
// It travels hidden in the sticky PR comment and in the JSON plan, so that an apply can write
// exactly what a reviewer saw and nothing else. Pure: hashing and compression are deterministic.
import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { scopeKey } from './scope.ts';
import type { Plan, WriteKind } from './types.ts';

export const WRITE_KINDS: readonly WriteKind[] = ['add-teams', 'add-users', 'remove-users', 'remove-teams'];

/** Lower-case keys per kind of write, sorted. Teams by slug key, users by login key. */
export type WriteSets = Record<WriteKind, string[]>;

export interface PlanFingerprint {
  version: 1;
  /**
   * The scope's key (scopeKey): the org login, or `enterprise:` and the enterprise slug, lower-case.
   * Named `org` since before enterprises: the JSON contract never renames a field.
   */
  org: string;
  /** sha256 (hex) of the scope and the write sets: equal digests, equal plans. */
  digest: string;
  /** The write sets, or null when they were too large to carry (the digest still compares). */
  writes: WriteSets | null;
  /**
   * Users whose seats the reviewed team cancellations take (sorted keys; not in the digest): a
   * direct seat of theirs that the team hid is cancelled under this review too. Absent when the
   * write sets are.
   */
  teamSeats?: string[];
}

const sorted = (keys: string[]): string[] => [...new Set(keys.map((k) => k.toLowerCase()))].sort();

export function writeSets(plan: Plan): WriteSets {
  return {
    'add-teams': sorted(plan.add.teams.map((t) => t.key)),
    'add-users': sorted(plan.add.users.map((u) => u.key)),
    'remove-users': sorted(plan.remove.users.map((u) => u.key)),
    'remove-teams': sorted(plan.remove.teams.map((t) => t.key)),
  };
}

function digestOf(scope: string, writes: WriteSets): string {
  const canonical = JSON.stringify([scope, ...WRITE_KINDS.map((k) => writes[k])]);
  return createHash('sha256').update(canonical).digest('hex');
}

export function fingerprintOf(plan: Plan): PlanFingerprint {
  const scope = scopeKey(plan.scope);
  const writes = writeSets(plan);
  const teamSeats = sorted(plan.lostWithTeams ?? []);
  return { version: 1, org: scope, digest: digestOf(scope, writes), writes, teamSeats };
}

/**
 * A compact text form for an HTML comment: `v1.<base64url of the deflated JSON>`. base64url has no
 * `-->`, so it cannot close the comment. Beyond `maxChars` the write sets are dropped and only the
 * digest is carried (a comment body has 65,536 characters in all).
 */
export function encodeFingerprint(fp: PlanFingerprint, maxChars = 30_000): string {
  const pack = (value: PlanFingerprint) =>
    `v1.${deflateRawSync(JSON.stringify(value)).toString('base64url')}`;
  const full = pack(fp);
  if (full.length <= maxChars) return full;
  return pack({ version: 1, org: fp.org, digest: fp.digest, writes: null });
}

function isWriteSets(value: unknown): value is WriteSets {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return WRITE_KINDS.every(
    (k) => Array.isArray(record[k]) && (record[k] as unknown[]).every((n) => typeof n === 'string'),
  );
}

/** The fingerprint a checked, well-formed value holds, or null. Never trusts a digest it can recompute. */
export function checkFingerprint(value: unknown): PlanFingerprint | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (v.version !== 1 || typeof v.org !== 'string' || typeof v.digest !== 'string') return null;
  if (v.writes === null) return { version: 1, org: v.org, digest: v.digest, writes: null };
  const raw = v.writes;
  if (!isWriteSets(raw)) return null;
  const writes = Object.fromEntries(WRITE_KINDS.map((k) => [k, sorted(raw[k])])) as WriteSets;
  const scope = v.org.toLowerCase();
  const seats = v.teamSeats;
  const teamSeats = Array.isArray(seats) && seats.every((n) => typeof n === 'string') ? sorted(seats) : [];
  return { version: 1, org: scope, digest: digestOf(scope, writes), writes, teamSeats };
}

/** Parses `v1.<payload>`; null for anything else (a hand-edited or foreign marker). */
export function decodeFingerprint(text: string): PlanFingerprint | null {
  const m = /^v1\.([A-Za-z0-9_-]+)$/.exec(text);
  if (!m) return null;
  try {
    const json = inflateRawSync(Buffer.from(m[1] as string, 'base64url'), { maxOutputLength: 50_000_000 });
    return checkFingerprint(JSON.parse(json.toString('utf8')));
  } catch {
    return null;
  }
}
