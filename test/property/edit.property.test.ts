// removeUsers on random seats files: block lists (short, quoted and long entries, comments on their
// own lines and after entries, blank lines) and flow lists. Whatever is removed, the result loads,
// holds exactly the other users in their order, and differs from the input only by deleted lines
// (block) — every comment on its own line kept.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addUser, removeUsers } from '../../src/config/edit.ts';
import { parseSeats } from '../../src/config/parse.ts';
import { propertyRuns, propertySeed } from './support.ts';

const login = fc
  .tuple(fc.constantFrom(...'abcmxyz'), fc.string({ unit: fc.constantFrom(...'abcmxyz019-'), maxLength: 8 }))
  .map(([h, t]) => h + t);
// Names YAML would read as something else unless quoted.
const AWKWARD = ['true', 'null', '123', 'yes', 'no-1', '0x1f'];

interface Entry {
  login: string;
  form: 'plain' | 'single' | 'double' | 'long' | 'long-expires';
  before: string[]; // own-line comments or blank lines
  trailing: string | null;
}

const entry = (name: fc.Arbitrary<string>) =>
  fc.record({
    login: name,
    form: fc.constantFrom('plain', 'single', 'double', 'long', 'long-expires'),
    before: fc.array(fc.constantFrom('  # a note', '', '# at column 1', '    # indented'), { maxLength: 2 }),
    trailing: fc.option(fc.constantFrom('# why', '#x', '# - not an entry'), { nil: null }),
  });

function quoted(e: Entry): string {
  const awkward = AWKWARD.includes(e.login);
  if (e.form === 'single' || (awkward && e.form === 'plain')) return `'${e.login}'`;
  if (e.form === 'double' || awkward) return `"${e.login}"`;
  return e.login;
}

function blockFile(entries: Entry[]): string {
  const lines = ['# seats', 'version: 1', 'org: acme', '', 'users: # the direct seats'];
  for (const e of entries) {
    lines.push(...e.before);
    const tail = e.trailing ? ` ${e.trailing}` : '';
    if (e.form === 'long' || e.form === 'long-expires') {
      lines.push(`  - login: ${quoted(e)}${tail}`, '    reason: "pilot: #1"');
      if (e.form === 'long-expires') lines.push('    expires: 2099-01-31');
    } else lines.push(`  - ${quoted(e)}${tail}`);
  }
  lines.push('teams: [eng] # kept', 'policy:', '  inactive_days: 30', '');
  return lines.join('\n');
}

function flowFile(entries: Entry[]): string {
  const items = entries.map((e) => (e.form === 'long' ? `{login: ${quoted(e)}, reason: x}` : quoted(e)));
  return `version: 1\norg: acme\nusers: [${items.join(', ')}] # all\nteams: []\n`;
}

const distinct = (entries: Entry[]) =>
  entries.filter((e, i) => entries.findIndex((f) => f.login.toLowerCase() === e.login.toLowerCase()) === i);

const files = fc
  .array(
    entry(fc.oneof({ weight: 5, arbitrary: login }, { weight: 1, arbitrary: fc.constantFrom(...AWKWARD) })),
    {
      minLength: 1,
      maxLength: 8,
    },
  )
  .map(distinct)
  .chain((entries) =>
    fc.record({
      entries: fc.constant(entries),
      flow: fc.boolean(),
      remove: fc.subarray(entries.map((e) => e.login.toLowerCase())),
    }),
  );

/** `after` is `before` with some lines deleted, and nothing else changed. */
function onlyDeletions(before: string, after: string): boolean {
  const b = after.split('\n');
  let j = 0;
  for (const line of before.split('\n')) if (j < b.length && b[j] === line) j++;
  return j === b.length;
}

describe('removeUsers (property)', () => {
  it('removes exactly the users asked for, and changes nothing else', () => {
    fc.assert(
      fc.property(files, ({ entries, flow, remove }) => {
        const text = flow ? flowFile(entries) : blockFile(entries);
        const before = parseSeats(text, 'seats.yaml');
        expect(before.errors).toEqual([]);
        const r = removeUsers(text, new Set(remove), 'seats.yaml');
        const after = parseSeats(r.text, 'seats.yaml');
        expect(after.errors).toEqual([]);
        const expected = entries.map((e) => e.login).filter((l) => !remove.includes(l.toLowerCase()));
        expect(after.desired?.users.map((u) => u.login)).toEqual(expected);
        expect(r.removed.map((l) => l.toLowerCase()).sort()).toEqual([...remove].sort());
        if (!flow && expected.length > 0) {
          expect(onlyDeletions(text, r.text)).toBe(true);
        }
        if (!flow) {
          const ownLine = text.split('\n').filter((l) => /^\s*#/.test(l));
          for (const c of ownLine) expect(r.text.split('\n')).toContain(c);
        }
        expect(after.desired?.policy).toEqual(before.desired?.policy);
        // Positions move up with the removed lines; the entries themselves do not change.
        expect(after.desired?.teams.map((t) => t.slug)).toEqual(before.desired?.teams.map((t) => t.slug));
      }),
      { numRuns: propertyRuns(200), seed: propertySeed() },
    );
  });
});

/** `after` is `before` with some lines inserted, and nothing else changed. */
function onlyInsertions(before: string, after: string): boolean {
  return onlyDeletions(after, before);
}

const reasons = fc.string({ unit: fc.constantFrom(...'ab #:\'"-@[]{}|>\n\t\\,&*!%'), maxLength: 30 });

describe('addUser (property)', () => {
  it('adds (or rewrites) exactly one entry, and changes nothing else', () => {
    fc.assert(
      fc.property(
        files,
        fc.oneof(login, fc.constantFrom(...AWKWARD)),
        fc.option(reasons, { nil: undefined }),
        fc.option(fc.constantFrom('2099-01-31', '2030-12-01'), { nil: undefined }),
        ({ entries, flow }, name, reason, expires) => {
          const text = flow ? flowFile(entries) : blockFile(entries);
          const before = parseSeats(text, 'seats.yaml').desired!;
          const r = addUser(text, {
            login: name,
            ...(reason !== undefined ? { reason } : {}),
            ...(expires ? { expires } : {}),
          });
          const after = parseSeats(r.text, 'seats.yaml');
          expect(after.errors).toEqual([]);
          const key = name.toLowerCase();
          const had = before.users.some((u) => u.key === key);
          const logins = before.users.map((u) => (u.key === key ? name : u.login));
          expect(after.desired?.users.map((u) => u.login)).toEqual(
            had || r.action === 'unchanged' ? logins : [...logins, name],
          );
          const mine = after.desired?.users.find((u) => u.key === key);
          const clean = reason?.replace(/\s+/g, ' ').trim();
          expect([mine?.reason, mine?.expires]).toEqual([clean, expires]);
          expect(after.desired?.policy).toEqual(before.policy);
          expect(after.desired?.teams.map((t) => t.slug)).toEqual(before.teams.map((t) => t.slug));
          if (!flow && !had) expect(onlyInsertions(text, r.text)).toBe(true);
          if (!flow) {
            const ownLine = text.split('\n').filter((l) => /^\s*#/.test(l));
            for (const c of ownLine) expect(r.text.split('\n')).toContain(c);
          }
        },
      ),
      { numRuns: propertyRuns(200), seed: propertySeed() },
    );
  });
});
