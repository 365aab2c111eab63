// Valid seats.yaml → DesiredState: keys, forms, policy, order, positions, determinism.
import { describe, expect, it } from 'vitest';
import { parseSeats } from '../../src/config/parse.ts';
import type { DesiredState } from '../../src/plan/types.ts';

function parseOk(yaml: string, file = 'seats.yaml'): DesiredState {
  const { desired, errors } = parseSeats(yaml, file);
  expect(errors).toEqual([]);
  expect(desired).not.toBeNull();
  return desired!;
}

const FULL = `# yaml-language-server: $schema=./schema/seats.schema.json
version: 1
org: Acme
users:
  - OctoCat
  - login: monalisa
    reason: ML pilot
    expires: 2027-01-31
  - mona_ACME
teams:
  - Engineering
  - slug: data-science
    reason: pilot
exempt:
  - login: CEO
    reason: assigned by hand
    expires: 2027-06-30
  - team: Contractors
policy:
  max_removals: 25%
  inactive_days: 30
  seat_cost: 19
`;

describe('parseSeats normalizes a valid file', () => {
  it('turns the design example into a DesiredState with keys, positions and the file', () => {
    expect(parseOk(FULL, 'config/seats.yaml')).toEqual({
      version: 1,
      scope: { kind: 'org', name: 'Acme' },
      users: [
        { login: 'OctoCat', key: 'octocat', pos: { line: 5, column: 5 } },
        {
          login: 'monalisa',
          key: 'monalisa',
          reason: 'ML pilot',
          expires: '2027-01-31',
          pos: { line: 6, column: 5 },
        },
        { login: 'mona_ACME', key: 'mona_acme', pos: { line: 9, column: 5 } },
      ],
      teams: [
        { slug: 'Engineering', key: 'engineering', pos: { line: 11, column: 5 } },
        { slug: 'data-science', key: 'data-science', reason: 'pilot', pos: { line: 12, column: 5 } },
      ],
      exempt: [
        {
          kind: 'user',
          name: 'CEO',
          key: 'ceo',
          reason: 'assigned by hand',
          expires: '2027-06-30',
          pos: { line: 15, column: 5 },
        },
        { kind: 'team', name: 'Contractors', key: 'contractors', pos: { line: 18, column: 5 } },
      ],
      policy: { maxRemovals: { kind: 'percent', value: 25 }, inactiveDays: 30, seatCost: 19 },
      file: 'config/seats.yaml',
    });
  });

  it('accepts the minimal file and gives empty lists and an empty policy', () => {
    expect(parseOk('version: 1\norg: acme\n')).toEqual({
      version: 1,
      scope: { kind: 'org', name: 'acme' },
      users: [],
      teams: [],
      exempt: [],
      policy: {},
      file: 'seats.yaml',
    });
  });

  it('keeps the order of the file, not alphabetical order', () => {
    const d = parseOk('version: 1\norg: acme\nusers: [zed, Amy, mike]\nteams: [web, api]\n');
    expect(d.users.map((u) => u.login)).toEqual(['zed', 'Amy', 'mike']);
    expect(d.users.map((u) => u.key)).toEqual(['zed', 'amy', 'mike']);
    expect(d.teams.map((t) => t.key)).toEqual(['web', 'api']);
  });

  it('gives short and long forms the same shape, without undefined fields', () => {
    const d = parseOk(
      'version: 1\norg: acme\nusers:\n  - octocat\n  - login: hubot\nteams:\n  - eng\n  - slug: ops\n',
    );
    expect(d.users[0]).toEqual({ login: 'octocat', key: 'octocat', pos: { line: 4, column: 5 } });
    expect(d.users[1]).toEqual({ login: 'hubot', key: 'hubot', pos: { line: 5, column: 5 } });
    expect(Object.keys(d.users[1]!)).toEqual(['login', 'key', 'pos']);
    expect(Object.keys(d.teams[1]!)).toEqual(['slug', 'key', 'pos']);
  });

  it.each([
    ['max_removals: 5', { kind: 'count', value: 5 }],
    ['max_removals: 0', { kind: 'count', value: 0 }],
    ['max_removals: 0%', { kind: 'percent', value: 0 }],
    ['max_removals: 100%', { kind: 'percent', value: 100 }],
    ['max_removals: "7%"', { kind: 'percent', value: 7 }],
  ])('reads policy %s', (line, maxRemovals) => {
    expect(parseOk(`version: 1\norg: acme\npolicy:\n  ${line}\n`).policy).toEqual({ maxRemovals });
  });

  it.each([
    ['max_additions: 0', { maxAdditions: 0 }],
    ['max_additions: 40', { maxAdditions: 40 }],
    ['unreviewed_adds: allow', { unreviewedAdds: 'allow' }],
    ['unreviewed_adds: "skip"', { unreviewedAdds: 'skip' }],
    ['max_request_days: 90', { maxRequestDays: 90 }],
    ['requesters: copilot-admins', { requesters: 'copilot-admins' }],
  ])('reads policy %s', (line, policy) => {
    expect(parseOk(`version: 1\norg: acme\npolicy:\n  ${line}\n`).policy).toEqual(policy);
  });

  it('reads every policy key together, and leaves unset ones absent', () => {
    const d = parseOk(
      'version: 1\norg: acme\npolicy: { max_removals: 3, max_additions: 50, unreviewed_adds: skip }\n',
    );
    expect(d.policy).toEqual({
      maxRemovals: { kind: 'count', value: 3 },
      maxAdditions: 50,
      unreviewedAdds: 'skip',
    });
  });

  it('reads inactive_days and a fractional seat_cost', () => {
    const d = parseOk('version: 1\norg: acme\npolicy: { inactive_days: 1, seat_cost: 19.5 }\n');
    expect(d.policy).toEqual({ inactiveDays: 1, seatCost: 19.5 });
  });

  it('keeps dates as the YYYY-MM-DD strings written, and accepts 29 February in a leap year', () => {
    const d = parseOk('version: 1\norg: acme\nusers:\n  - login: a\n    expires: 2028-02-29\n');
    expect(d.users[0]!.expires).toBe('2028-02-29');
    const quoted = parseOk('version: 1\norg: acme\nexempt:\n  - team: t\n    expires: "2027-01-31"\n');
    expect(quoted.exempt[0]!.expires).toBe('2027-01-31');
  });

  it('accepts flow style, quoted names, comments, a leading --- and anchors used sparingly', () => {
    const yaml = [
      '---',
      'version: 1 # the format',
      "org: 'acme'",
      'users: ["octocat", &pilot {login: hubot, reason: pilot}]',
      'teams: [{slug: eng, reason: shared}]',
      'exempt:',
      '  - {login: ceo}',
      '',
    ].join('\n');
    const d = parseOk(yaml);
    expect(d.users.map((u) => [u.login, u.reason])).toEqual([
      ['octocat', undefined],
      ['hubot', 'pilot'],
    ]);
    expect(d.teams[0]).toMatchObject({ slug: 'eng', reason: 'shared' });
    expect(d.exempt[0]).toMatchObject({ kind: 'user', name: 'ceo' });
  });

  it('accepts aliases that stay under the expansion limit', () => {
    const d = parseOk(
      'version: 1\norg: acme\nusers:\n  - login: a\n    reason: &r contractor pilot\n  - login: b\n    reason: *r\n',
    );
    expect(d.users.map((u) => u.reason)).toEqual(['contractor pilot', 'contractor pilot']);
  });

  it('accepts CRLF line endings with the same positions', () => {
    const lf = 'version: 1\norg: acme\nusers:\n  - octocat\n  - login: hubot\n';
    expect(parseOk(lf.replace(/\n/g, '\r\n'))).toEqual(parseOk(lf));
  });

  it('accepts valid login forms: digits only, hyphens, 39 characters, EMU shortcodes', () => {
    const logins = ['123', 'a-b-c', 'x'.repeat(39), 'mona-lisa_acme2', 'A1'];
    const d = parseOk(`version: 1\norg: acme\nusers:\n${logins.map((l) => `  - "${l}"`).join('\n')}\n`);
    expect(d.users.map((u) => u.login)).toEqual(logins);
  });

  it('accepts grandfathered logins: a trailing hyphen, hyphens in a row, also in EMU names', () => {
    const logins = ['artur-', 'gil--', 'a--b---c', 'x-', '9-', 'mona--lisa-_acme', 'Z'.repeat(38) + '-'];
    const yaml =
      `version: 1\norg: acme\nusers:\n${logins.map((l) => `  - ${l}`).join('\n')}\n` +
      'exempt:\n  - login: ceo-\n';
    const d = parseOk(yaml);
    expect(d.users.map((u) => u.login)).toEqual(logins);
    expect(d.users.map((u) => u.key)).toEqual(logins.map((l) => l.toLowerCase()));
    expect(d.exempt[0]).toMatchObject({ kind: 'user', name: 'ceo-', key: 'ceo-' });
  });

  it('still finds a grandfathered login listed twice in another case', () => {
    const { errors } = parseSeats('version: 1\norg: acme\nusers: [gil--, GIL--]\n', 'seats.yaml');
    expect(errors.map((e) => e.message)).toEqual(["duplicate user 'GIL--' (also at line 3 as 'gil--')"]);
  });

  it('accepts team slugs with dots and underscores', () => {
    const d = parseOk('version: 1\norg: acme\nteams: [team_a, v1.2-maintainers, "2024"]\n');
    expect(d.teams.map((t) => t.slug)).toEqual(['team_a', 'v1.2-maintainers', '2024']);
  });

  it('gives the same result for the same input twice (determinism)', () => {
    const bad = 'version: 2\norg: -x\nusers: [a, A, 1, b]\nexempt: [{login: b}, {team: t, login: u}]\n';
    expect(parseSeats(FULL, 'seats.yaml')).toEqual(parseSeats(FULL, 'seats.yaml'));
    expect(parseSeats(bad, 'seats.yaml')).toEqual(parseSeats(bad, 'seats.yaml'));
    expect(JSON.stringify(parseSeats(bad, 'seats.yaml'))).toBe(JSON.stringify(parseSeats(bad, 'seats.yaml')));
  });

  it('returns desired: null as soon as there is one error', () => {
    const { desired, errors } = parseSeats(FULL.replace('seat_cost: 19', 'seat_cost: -1'), 'seats.yaml');
    expect(desired).toBeNull();
    expect(errors).toHaveLength(1);
  });
});
