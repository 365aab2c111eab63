// The dump contract: plan(dump(live), live) shows no changes.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseSeats } from '../../src/config/parse.ts';
import { makePlan } from '../../src/plan/planner.ts';
import { hasChanges, hasWrites } from '../../src/plan/summary.ts';
import type { LiveSeat } from '../../src/plan/types.ts';
import { dumpSeatsYaml } from '../../src/render/dump.ts';
import schema from '../../schema/seats.schema.json' with { type: 'json' };
import { live, manySeats, NOW, seat } from '../plan/builders.ts';
import { ROOT } from '../support/action.ts';
import { published } from '../support/published.ts';

const states: Record<string, LiveSeat[]> = {
  empty: [],
  'direct only': [seat('Zed'), seat('alice'), seat('Bob')],
  'teams and direct': [
    seat('a'),
    seat('b', { team: 'eng' }),
    seat('c', { team: 'Data-Science' }),
    seat('d', { team: 'eng' }),
  ],
  'pending, enterprise and unassigned': [
    seat('a'),
    seat('leaving', { pending: '2026-07-01' }),
    seat('gone-via-team', { team: 'old', pending: '2026-07-01' }),
    seat('e1', { team: 'ent', enterprise: true }),
    seat(null),
  ],
  'awkward names': [seat('1234'), seat('yes'), seat('null'), seat('mona_acme'), seat('x', { team: 'true' })],
  large: [...manySeats('u', 150), ...manySeats('t', 50, { team: 'big' })],
};

describe('dumpSeatsYaml', () => {
  for (const [name, seats] of Object.entries(states)) {
    it(`${name}: the dump is valid seats.yaml and plans to no changes`, () => {
      const state = live(seats);
      const text = dumpSeatsYaml(state, { now: NOW });
      const { desired, errors } = parseSeats(text, 'seats.yaml');
      expect(errors).toEqual([]);
      if (!desired) throw new Error('no desired state');
      const plan = makePlan(desired, state, { now: NOW });
      expect(hasWrites(plan)).toBe(false);
      expect(hasChanges(plan)).toBe(false);
      expect(plan.errors).toEqual([]);
    });
  }

  it('writes the header, sorted users and teams, and comments on what it leaves out', () => {
    const text = dumpSeatsYaml(live(states['pending, enterprise and unassigned'] ?? []), { now: NOW });
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${schema.$id}`);
    expect(parse(text)).toEqual({ version: 1, org: 'acme', users: ['a'], teams: [] });
    expect(text).toContain('#   leaving (2026-07-01)');
    expect(text).toContain('#   gone-via-team (2026-07-01)');
    expect(text).toContain('enterprise team ent, managed by the enterprise');
    expect(text).toContain('1 seat without an assignee');
  });

  it('sorts case-insensitively and keeps the live spelling', () => {
    const parsed = parse(dumpSeatsYaml(live(states['direct only'] ?? []), { now: NOW }));
    expect(parsed.users).toEqual(['alice', 'Bob', 'Zed']);
    const teams = parse(dumpSeatsYaml(live(states['teams and direct'] ?? []), { now: NOW })).teams;
    expect(teams).toEqual(['Data-Science', 'eng']);
  });

  it('quotes names YAML would read as something else than a string', () => {
    const parsed = parse(dumpSeatsYaml(live(states['awkward names'] ?? []), { now: NOW }));
    expect(parsed.users).toEqual(['1234', 'mona_acme', 'null', 'yes']);
    expect(parsed.teams).toEqual(['true']);
  });
});

describe('the modeline', () => {
  it('names the published schema by an absolute URL, so it resolves in the repository the file goes to', () => {
    const first = dumpSeatsYaml(live([]), { now: NOW }).split('\n')[0] ?? '';
    const url = first.replace('# yaml-language-server: $schema=', '');
    expect(url).not.toBe(first);
    expect(url).toBe(published().schemaUrl);
    expect(new URL(url).protocol).toBe('https:');
  });

  it('takes another URL when given one, on one line', () => {
    const text = dumpSeatsYaml(live([]), { now: NOW, schemaUrl: 'https://example.test/s.json\norg: evil' });
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=https://example.test/s.json org: evil');
    expect(parse(text).org).toBe('acme');
  });
});

describe('golden dump', () => {
  it('matches test/golden/dump.yaml (UPDATE_GOLDEN=1 rewrites it)', async () => {
    // Every section: direct seats, teams, pending, enterprise, unassigned.
    const withoutA = (states['pending, enterprise and unassigned'] ?? []).filter((s) => s.login !== 'a');
    const text = dumpSeatsYaml(live([...(states['teams and direct'] ?? []), ...withoutA]), { now: NOW });
    const golden = join(ROOT, 'test/golden/dump.yaml');
    if (process.env.UPDATE_GOLDEN) await writeFile(golden, text);
    expect(text).toBe(await readFile(golden, 'utf8'));
  });
});
