// The fast path of the config (src/config/fast-parse.ts): what it reads, and every kind of input it
// leaves to the full parser. parseSeats must answer exactly as parseSeatsFull in every case; the
// generated cases are in test/property/fast-parse.property.test.ts.
import { describe, expect, it } from 'vitest';
import { bigSeatsYaml } from '../../bench/validate.ts';
import { namesClean } from '../../src/config/fast-checks.ts';
import { fastParse } from '../../src/config/fast-parse.ts';
import { parseSeats, parseSeatsFull } from '../../src/config/parse.ts';

const BASE = `# The seats of acme.
version: 1
org: acme
users:
  - octocat
  - login: monalisa # the long form
    reason: ML pilot, see#12 # not part of it
    expires: 2027-01-31
  - 'mona_acme'
teams:
- engineering
- slug: "data-science"
  reason: pilot
exempt:
  -   login: ceo
      reason: assigned by hand
policy:
  max_removals: 25%
  inactive_days: 30
`;

describe('what the fast path reads', () => {
  it('plain data as the yaml package gives it, and the positions of the full parser', () => {
    const fast = fastParse(BASE, 'seats.yaml');
    expect(fast).not.toBeNull();
    expect(fast!.data).toEqual({
      version: 1,
      org: 'acme',
      users: [
        'octocat',
        { login: 'monalisa', reason: 'ML pilot, see#12', expires: '2027-01-31' },
        'mona_acme',
      ],
      teams: ['engineering', { slug: 'data-science', reason: 'pilot' }],
      exempt: [{ login: 'ceo', reason: 'assigned by hand' }],
      policy: { max_removals: '25%', inactive_days: 30 },
    });
    const at = (pointer: string, target?: 'key') => fast!.locator.posOf(pointer, target);
    expect(at('')).toEqual({ line: 2, column: 1 });
    expect(at('/users')).toEqual({ line: 5, column: 3 });
    expect(at('/users/1')).toEqual({ line: 6, column: 5 });
    expect(at('/users/1/reason')).toEqual({ line: 7, column: 13 });
    expect(at('/users/1/reason', 'key')).toEqual({ line: 7, column: 5 });
    expect(at('/users/2')).toEqual({ line: 9, column: 5 });
    expect(at('/teams/0')).toEqual({ line: 11, column: 3 });
    expect(at('/exempt/0/reason')).toEqual({ line: 16, column: 15 });
    // Past the end: the deepest part that exists.
    expect(at('/users/9')).toEqual({ line: 5, column: 3 });
    expect(fast!.locator.sourceOf('/users/2')).toBe("'mona_acme'");
    expect(fast!.locator.sourceOf('/users/1/reason')).toBe('ML pilot, see#12');
    expect(fast!.locator.sourceOf('/users')).toBeNull();
  });

  it('parseSeats gives exactly what the full parser gives, positions included', () => {
    const result = parseSeats(BASE, 'seats.yaml');
    expect(result.errors).toEqual([]);
    expect(result.desired?.users.map((u) => u.pos)).toEqual([
      { line: 5, column: 5 },
      { line: 6, column: 5 },
      { line: 9, column: 5 },
    ]);
    expect(result).toEqual(parseSeatsFull(BASE, 'seats.yaml'));
  });

  it.each([
    ['CRLF line ends', (t: string) => t.replace(/\n/g, '\r\n')],
    ['CRLF on some lines only', (t: string) => t.replace('org: acme\n', 'org: acme\r\n')],
    [
      'characters outside the BMP',
      (t: string) => t.replace('the long form', 'the 😀 form').replace('pilot', 'pilot 🚀'),
    ],
    ['non-ASCII text', (t: string) => t.replace('ML pilot', 'équipe données, 東京')],
  ])('%s: read, to the same result', (_, change) => {
    const text = change(BASE);
    expect(text).not.toBe(BASE);
    expect(fastParse(text, 'seats.yaml')).not.toBeNull();
    const result = parseSeats(text, 'seats.yaml');
    expect(result.errors).toEqual([]);
    expect(result).toEqual(parseSeatsFull(text, 'seats.yaml'));
  });

  it('a big generated file goes through the fast path, to the same result', () => {
    const text = bigSeatsYaml(3000);
    expect(fastParse(text, 'big.yaml')).not.toBeNull();
    const result = parseSeats(text, 'big.yaml');
    expect(result.desired?.users.length).toBeGreaterThan(2900);
    expect(result).toEqual(parseSeatsFull(text, 'big.yaml'));
  });

  it('a file it reads with wrong content: the full parser words the errors', () => {
    const text = BASE.replace('- octocat', '- MonaLisa').replace('org: acme', 'org: acme corp');
    expect(fastParse(text, 'seats.yaml')).not.toBeNull();
    const result = parseSeats(text, 'seats.yaml');
    expect(result.desired).toBeNull();
    expect(result.errors.map((e) => `${e.line}:${e.column} ${e.path}`)).toEqual([
      '3:6 /org',
      '6:12 /users/1/login',
    ]);
    expect(result).toEqual(parseSeatsFull(text, 'seats.yaml'));
  });
});

/** `a: ` mappings nested `levels` deep under a key. */
function nested(levels: number): string {
  return Array.from({ length: levels }, (_, i) => `${' '.repeat(i + 1)}a${i}:`).join('\n') + ' x\n';
}

/** One change to BASE that the fast path must leave to the full parser. */
const FALLBACKS: [string, (text: string) => string][] = [
  ['a flow list', (t) => t.replace(/teams:\n- engineering\n/, 'teams: [engineering]\n')],
  ['a flow mapping entry', (t) => t.replace('- engineering', '- {slug: engineering}')],
  ['an anchor', (t) => t.replace('- octocat', '- &who octocat')],
  ['an alias', (t) => t.replace('- octocat', '- &who octocat').replace("- 'mona_acme'", '- *who')],
  ['a tag', (t) => t.replace('org: acme', 'org: !!str acme')],
  ['a literal block scalar', (t) => t.replace('reason: pilot', 'reason: |\n    pilot')],
  ['a folded block scalar', (t) => t.replace('reason: pilot', 'reason: >-\n    pilot')],
  ['a multi-line plain scalar', (t) => t.replace('reason: pilot', 'reason: a\n    pilot')],
  ["'' in single quotes", (t) => t.replace("'mona_acme'", "'mona''acme'")],
  ['an escape in double quotes', (t) => t.replace('"data-science"', '"data\\x2Dscience"')],
  ['a quote not closed on its line', (t) => t.replace('"data-science"', '"data-\n  science"')],
  ['a document start', (t) => `---\n${t}`],
  ['a document end', (t) => `${t}...\n`],
  ['a second document', (t) => `${t}---\nversion: 1\n`],
  ['a directive', (t) => `%YAML 1.2\n---\n${t}`],
  ['a tab in the indentation', (t) => t.replace('  - octocat', '\t- octocat')],
  ['a tab after a colon', (t) => t.replace('org: acme', 'org:\tacme')],
  ['a CR alone', (t) => t.replace('org: acme\n', 'org: acme\r')],
  ['a CR inside a value', (t) => t.replace('ML pilot', 'ML\r\npilot')],
  ['a surrogate not in a pair', (t) => t.replace('ML pilot', 'ML\ud83dpilot')],
  ['a BOM', (t) => `\ufeff${t}`],
  ['NEL', (t) => t.replace('ML pilot', 'ML\u0085pilot')],
  ['a control character', (t) => t.replace('ML pilot', 'ML\u0007pilot')],
  ['a duplicate key', (t) => t.replace('org: acme', 'org: acme\norg: acme')],
  ['a duplicate key in an entry', (t) => t.replace('reason: pilot', 'reason: pilot\n  reason: again')],
  ['an empty value', (t) => t.replace('org: acme', 'org:')],
  ['an empty list entry', (t) => t.replace('- engineering', '-')],
  ['an empty list', (t) => t.replace(/exempt:\n.*\n.*\n/, 'exempt:\n')],
  ['a nested list', (t) => t.replace('- engineering', '- - engineering')],
  ['null', (t) => t.replace('reason: pilot', 'reason: ~')],
  ['a boolean', (t) => t.replace('reason: pilot', 'reason: true')],
  ['a float', (t) => t.replace('inactive_days: 30', 'inactive_days: 30.5')],
  ['a number with a leading zero', (t) => t.replace('inactive_days: 30', 'inactive_days: 030')],
  ['a signed number', (t) => t.replace('inactive_days: 30', 'inactive_days: +30')],
  ['a huge number', (t) => t.replace('inactive_days: 30', 'inactive_days: 12345678901234567890')],
  ['a hexadecimal number', (t) => t.replace('inactive_days: 30', 'inactive_days: 0x1E')],
  ['an octal number', (t) => t.replace('inactive_days: 30', 'inactive_days: 0o36')],
  ['.inf', (t) => t.replace('inactive_days: 30', 'inactive_days: .inf')],
  ['a value that starts with @', (t) => t.replace('- octocat', '- @octocat')],
  ['a value that starts with -', (t) => t.replace('- octocat', '- -octocat')],
  ["': ' in a value", (t) => t.replace('reason: pilot', 'reason: pilot: yes')],
  ['a value ending in a colon', (t) => t.replace('- engineering', '- engineering:')],
  ['the top level indented', (t) => t.replace(/^(?!#)/gm, '  ')],
  ['a key indented by one more', (t) => t.replace('  inactive_days', '   inactive_days')],
  ['a list indented less than its first entry', (t) => t.replace("  - 'mona_acme'", " - 'mona_acme'")],
  ['a complex key', (t) => t.replace('org: acme', '? org\n: acme')],
  ['a quoted key', (t) => t.replace('org: acme', '"org": acme')],
  ['a key YAML reads as a boolean', (t) => t.replace('org: acme', 'org: acme\ntrue: 1')],
  ['__proto__ as a key', (t) => t.replace('org: acme', 'org: acme\n__proto__: x')],
  ['a key without a space after the colon', (t) => t.replace('org: acme', 'org:acme')],
  ['nesting deeper than seats.yaml ever does', (t) => `${t}deep:\n${nested(12)}`],
  ['a list at the top level', () => '- octocat\n'],
  ['a scalar at the top level', () => 'octocat\n'],
  ['an empty file', () => ''],
  ['only comments', () => '# nothing\n'],
  [
    'more than 64 keys in a mapping',
    (t) =>
      t.replace('policy:\n', `policy:\n${Array.from({ length: 70 }, (_, i) => `  k${i}: 1\n`).join('')}`),
  ],
];

describe('what the fast path leaves to the full parser', () => {
  it('reads the file every case starts from', () => {
    expect(fastParse(BASE, 'seats.yaml')).not.toBeNull();
  });

  it.each(FALLBACKS)('%s', (_, change) => {
    const text = change(BASE);
    expect(text).not.toBe(BASE);
    expect(fastParse(text, 'seats.yaml')).toBeNull();
    expect(parseSeats(text, 'seats.yaml')).toEqual(parseSeatsFull(text, 'seats.yaml'));
  });
});

describe('a hostile file', () => {
  it('nesting thousands deep: no stack overflow in the fast path, the full parser says why', () => {
    const text = `${BASE}deep:\n${nested(5000)}`;
    expect(fastParse(text, 'seats.yaml')).toBeNull();
    // Where (and how often) the full parser runs out of stack depends on how deep it was called.
    const { desired, errors } = parseSeats(text, 'seats.yaml');
    expect(desired).toBeNull();
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e.message).toMatch(/nested far too deeply/);
  });
});

describe('namesClean: nameProblems() would find nothing', () => {
  const file = (users: unknown[], exempt: unknown[] = [], teams: unknown[] = []) => ({
    version: 1,
    org: 'acme',
    users,
    teams,
    exempt,
  });

  it('distinct names in every list', () => {
    expect(namesClean(file(['a', { login: 'b' }], [{ login: 'c' }, { team: 'a' }], ['t']))).toBe(true);
  });

  it('a login twice, in another case or form', () => {
    expect(namesClean(file(['Octocat', { login: 'octocat' }]))).toBe(false);
  });

  it('a team twice', () => {
    expect(namesClean(file([], [], ['eng', { slug: 'ENG' }]))).toBe(false);
  });

  it('an exemption twice', () => {
    expect(namesClean(file([], [{ team: 'ops' }, { team: 'Ops' }]))).toBe(false);
  });

  it('a user both listed and exempt', () => {
    expect(namesClean(file(['ceo'], [{ login: 'CEO' }]))).toBe(false);
  });

  it('a team both listed and exempt', () => {
    expect(namesClean(file([], [{ team: 'ops' }], [{ slug: 'OPS' }]))).toBe(false);
  });

  it('the same name as a user and as a team is no problem', () => {
    expect(namesClean(file(['eng'], [{ team: 'x' }], ['eng']))).toBe(true);
  });
});
