// The fast path of the config (src/config/fast-parse.ts) against the full parser, on generated
// seats files: plain ones in every shape the fast path reads (short and long forms, quotes,
// comments, compact lists, odd spacing), the same with near-miss mutations (a tab, a CR, an anchor,
// flow style, a block scalar, a continuation line, a key indented by one, a second document, …) and
// with invalid content (bad names, duplicates, YAML specials as values, unknown keys). For every file:
//   - parseSeats (fast path where it can) and parseSeatsFull give deep-equal results: the same
//     DesiredState with every position, or the same errors in the same order;
//   - where the fast path reads the file, the yaml package reads it without an error or a warning,
//     to the same plain data, and the two Locators answer alike for every pointer of the data
//     (value and key), for pointers one past the end, and for the source of every scalar;
//   - namesClean() says yes exactly when nameProblems() finds nothing.
// The counts at the end prove that both paths ran often (PROPERTY_RUNS, PROPERTY_SEED: support.ts).
import fc from 'fast-check';
import { LineCounter, parseDocument } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { nameProblems } from '../../src/config/checks.ts';
import { namesClean } from '../../src/config/fast-checks.ts';
import { fastParse } from '../../src/config/fast-parse.ts';
import { joinPointer, makeLocator } from '../../src/config/locate.ts';
import { parseSeats, parseSeatsFull, YAML_OPTIONS } from '../../src/config/parse.ts';
import { propertyRuns, propertySeed, propertyTimeout } from './support.ts';

const opts = (runs: number) => ({ numRuns: propertyRuns(runs), seed: propertySeed(), endOnFailure: false });

// ------------------------------------------------------------------------------------ generators

const LOGINS = ['octocat', 'OctoCat', 'mona_acme', 'Mona-Lisa', '1password', 'user-1', 'gil--', 'a', 'x9'];
const BAD_NAMES = ['-bad', 'a b', '@octocat', 'me@x', 'x'.repeat(40), 'a_b_c', 'team/x', 'é'];
/** Plain scalars YAML reads as something else than text, or reads in a special way. */
const SPECIALS = ['true', 'False', 'null', '~', '123', '0', '007', '+5', '-3', '1.5', '1e3', '0x1F', '0o17'];
const SPECIALS_2 = ['.inf', '.NaN', '12345678901234567890', 'yes', 'no', 'on', 'NULL', 'TRUE', '2027-01-31'];
const REASONS = [
  'ML pilot',
  'assigned by hand',
  "it's fine",
  'a "quoted" word',
  'a, b and c',
  'see #12',
  'x:y',
  'a: b',
  'a #b',
  'trailing  ',
  'ends with:',
  'équipe données',
  'emoji 😀',
  'nbsp\u00a0here',
  '[a]',
  '{a}',
  'a]',
  '% x',
  '- x',
  '? x',
  ': x',
  '&anchor x',
  '*alias',
  '!tag x',
  '|',
  '>',
  '`tick`',
  '',
  ' ',
];
const DATES = ['2027-01-31', '2027-02-30', '2027-1-5', '31.01.2027', '2027-01-31T00:00:00Z'];

/** Valid files are the fast path's business; wild ones mostly the full parser's. */
type Mode = 'valid' | 'wild';

const VALID_REASONS = [
  'ML pilot',
  "it's fine",
  'a, b and c',
  'see #12 and #13',
  'x:y',
  'équipe données',
  'a  b',
  'ticket SEC-1 (until March)',
  'a [b] {c}',
  'rocket 🚀 launch',
];

const ALNUM = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'];
/** A login-like name (fc.stringMatching is ten times slower). */
const randomNameArb = fc
  .tuple(fc.constantFrom(...ALNUM), fc.string({ unit: fc.constantFrom(...ALNUM, '-', '-'), maxLength: 12 }))
  .map(([first, rest]) => first + rest);

const nameArb = (mode: Mode): fc.Arbitrary<string> =>
  mode === 'valid'
    ? randomNameArb
    : fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(...LOGINS) },
        { weight: 2, arbitrary: fc.constantFrom(...BAD_NAMES, ...SPECIALS) },
        { weight: 1, arbitrary: fc.constantFrom(...SPECIALS_2) },
        { weight: 3, arbitrary: randomNameArb },
      );
/** A team slug, sometimes with GitHub's `ent:` prefix of enterprise teams (a plain scalar with a colon). */
const teamNameArb = (mode: Mode): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: nameArb(mode) },
    { weight: 1, arbitrary: nameArb(mode).map((n) => `ent:${n}`) },
  );
const reasonArb = (mode: Mode): fc.Arbitrary<string> =>
  mode === 'valid'
    ? fc.constantFrom(...VALID_REASONS)
    : fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...REASONS) },
        { weight: 1, arbitrary: fc.constantFrom(...SPECIALS, ...SPECIALS_2) },
        { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
      );
const dateArb = (mode: Mode): fc.Arbitrary<string> =>
  mode === 'valid' ? fc.constantFrom('2027-01-31', '2030-12-01') : fc.constantFrom(...DATES);

/** How a scalar is written: plain, in single quotes, in double quotes. */
const styleArb = fc.constantFrom<'plain' | 'single' | 'double'>(
  'plain',
  'plain',
  'plain',
  'single',
  'double',
);

function written(value: string, style: 'plain' | 'single' | 'double', mode: Mode): string {
  if (style === 'single' && (mode === 'wild' || !value.includes("'"))) return `'${value}'`;
  if (style === 'double' && (mode === 'wild' || !value.includes('"'))) return `"${value}"`;
  return value;
}

/** A trailing comment, sometimes. */
const commentArb = (mode: Mode) =>
  mode === 'valid'
    ? fc.constantFrom('', '', ' # note', '   # note: x')
    : fc.constantFrom('', '', '', ' # note', '  #x', '#not-a-comment', ' #');

const scalarArb = (value: fc.Arbitrary<string>, mode: Mode) =>
  fc.tuple(value, styleArb, commentArb(mode)).map(([v, s, c]) => written(v, s, mode) + c);

type Entry = { lines: string[] };

/** One list entry, its lines relative to the dash at column 0. */
function entryArb(
  mode: Mode,
  nameKeys: readonly ('login' | 'slug' | 'team')[],
  extras: readonly string[],
  short: boolean,
): fc.Arbitrary<Entry> {
  const teamsList = nameKeys.includes('slug');
  const shortForm = scalarArb(teamsList ? teamNameArb(mode) : nameArb(mode), mode).map((s) => ({
    lines: [`- ${s}`],
  }));
  const keysArb =
    mode === 'valid'
      ? fc
          .tuple(fc.constantFrom(...nameKeys), fc.subarray([...extras]))
          .chain(([name, more]) => fc.shuffledSubarray([name, ...more], { minLength: more.length + 1 }))
      : fc.shuffledSubarray([...nameKeys, ...extras, 'login', 'team', 'reson', 'slug'], { minLength: 1 });
  const long = fc.tuple(keysArb, fc.constantFrom(1, 1, 1, 3)).chain(([keys, gap]) =>
    fc
      .tuple(
        ...keys.map((key) => {
          const value =
            key === 'reason' || key === 'reson'
              ? scalarArb(reasonArb(mode), mode)
              : key === 'expires'
                ? scalarArb(dateArb(mode), mode)
                : key === 'slug' || key === 'team'
                  ? scalarArb(teamNameArb(mode), mode)
                  : scalarArb(nameArb(mode), mode);
          return value.map((v) => `${key}: ${v}`);
        }),
      )
      .map((pairs) => {
        const pad = ' '.repeat(gap);
        return { lines: pairs.map((p, i) => (i === 0 ? `-${pad}${p}` : `${' '.repeat(gap + 1)}${p}`)) };
      }),
  );
  return short ? fc.oneof({ weight: 3, arbitrary: shortForm }, { weight: 2, arbitrary: long }) : long;
}

const listArb = (key: string, entry: fc.Arbitrary<Entry>) =>
  fc
    .tuple(
      fc.array(entry, { minLength: 1, maxLength: 8 }),
      fc.constantFrom(0, 2, 2, 4),
      fc.constantFrom('', '', ' # the list'),
      fc.array(fc.constantFrom('', '  # between', '# at column 1'), { maxLength: 2 }),
    )
    .map(([entries, indent, comment, between]) => {
      const pad = ' '.repeat(indent);
      const body = entries.flatMap((e, i) => [...(i === 1 ? between : []), ...e.lines.map((l) => pad + l)]);
      return [`${key}:${comment}`, ...body];
    });

const POLICY_VALID: Record<string, readonly string[]> = {
  max_removals: ['25%', "'25%'", '5', '0'],
  inactive_days: ['30', '1'],
  seat_cost: ['19', '0'],
  unreviewed_adds: ['allow', 'skip', "'skip'"],
  idle_signal: ['activity', 'activity-or-auth'],
  requesters: ['copilot-admins'],
  max_request_days: ['90'],
};
const POLICY_WILD: Record<string, readonly string[]> = {
  max_removals: ['25%', '5', '101%', '"5"', '-1', '1e2'],
  inactive_days: ['30', '0', '1.5', 'thirty'],
  seat_cost: ['19', '19.5', '0'],
  unreviewed_adds: ['allow', 'alow'],
  requesters: ['copilot-admins', 'bad team'],
  color: ['blue'],
};

const policyArb = (mode: Mode) => {
  const values = mode === 'valid' ? POLICY_VALID : POLICY_WILD;
  return fc
    .tuple(fc.shuffledSubarray(Object.keys(values), { minLength: 1 }), fc.constantFrom(2, 4))
    .chain(([keys, indent]) =>
      fc
        .tuple(...keys.map((k) => fc.constantFrom(...(values[k] ?? []))))
        .map((vs) => ['policy:', ...keys.map((k, i) => `${' '.repeat(indent)}${k}: ${vs[i]}`)]),
    );
};

const topArb = (mode: Mode) =>
  mode === 'valid'
    ? fc.constantFrom(
        ['version: 1', 'org: acme'],
        ['version: 1', 'enterprise: acme-corp'],
        ['org: Acme-Corp', 'version: 1 # always'],
        ["org: 'acme'", 'version: 1'],
      )
    : fc
        .tuple(
          fc.constantFrom('version: 1', 'version: 1', "version: '1'", 'version: 2', ''),
          fc.constantFrom('org: acme', 'org: "acme"', 'org: -acme', 'org: 123', ''),
          fc.option(fc.constantFrom('enterprise: acme-ent', 'colour: blue', 'version: 1', 'org: other'), {
            nil: undefined,
          }),
        )
        .map(([v, o, extra]) => [v, o, ...(extra ? [extra] : [])].filter((l) => l !== ''));

const fileArb = (mode: Mode) =>
  fc
    .tuple(
      fc.constantFrom([], ['# The seats of acme.'], ['# yaml-language-server: $schema=x', '']),
      topArb(mode),
      fc.option(listArb('users', entryArb(mode, ['login'], ['reason', 'expires'], true)), { nil: undefined }),
      fc.option(listArb('teams', entryArb(mode, ['slug'], ['reason'], true)), { nil: undefined }),
      fc.option(listArb('exempt', entryArb(mode, ['login', 'team'], ['reason', 'expires'], false)), {
        nil: undefined,
      }),
      fc.option(policyArb(mode), { nil: undefined }),
      fc.constantFrom('\n', '', '\n\n', '\n# end\n'),
      fc.constantFrom('\n', '\n', '\n', '\r\n'),
    )
    .chain(([head, top, users, teams, exempt, policy, tail, eol]) =>
      fc
        .shuffledSubarray([users, teams, exempt, policy].filter((b): b is string[] => b !== undefined))
        .map((blocks) => ([...head, ...top, ...blocks.flat()].join('\n') + tail).replace(/\n/g, eol)),
    );

const anyFileArb = fc.oneof(fileArb('valid'), fileArb('wild'));

/** Near misses: one change to one line that makes the file unusual, wrong, or both. */
const MUTATIONS: ((line: string) => string)[] = [
  (l) => `\t${l}`,
  (l) => l.replace(': ', ':\t'),
  (l) => `${l}\r`,
  (l) => l.replace(' ', '\r'),
  (l) => l.replace(/: (.*)/, ': "a\r\n  b"'),
  (l) => `${l}\ud83d`,
  (l) => ` ${l}`,
  (l) => l.replace(/^ /, ''),
  (l) => l.replace(': ', ': &a '),
  (l) => l.replace(/: .*/, ': *a'),
  (l) => l.replace(': ', ': !!str '),
  (l) => l.replace(/- .*/, '- [a, b]'),
  (l) => l.replace(/: .*/, ': {a: 1}'),
  (l) => l.replace(/: .*/, ': |\n    block text'),
  (l) => l.replace(/: .*/, ': >-\n    folded'),
  (l) => `${l}\n    continued`,
  (l) => `${l}\n  continued`,
  (l) => `---\n${l}`,
  (l) => `${l}\n...`,
  (l) => `%YAML 1.2\n---\n${l}`,
  (l) => `${l}\n---\nversion: 1`,
  (l) => l.replace(':', ' :'),
  (l) => l.replace(': ', ':'),
  (l) => `${l} #`,
  (l) => `${l}#x`,
  (l) => `${l}\n${l}`,
  (l) => l.replace(/^(\s*)- /, '$1-  '),
  (l) => l.replace(/^(\s*)- /, '$1-\n$1  '),
  (l) => l.replace(/: .*/, ':'),
  (l) => l.replace(/: .*/, ': ""'),
  (l) => l.replace(/: .*/, ": ''"),
  (l) => l.replace(/: (.*)/, ": 'it''s $1'"),
  (l) => l.replace(/: (.*)/, ': "esc\\t$1"'),
  (l) => l.replace(/: (.*)/, ': "$1'),
  (l) => l.replace(/^(\s*)(\w+):/, '$1"$2":'),
  (l) => l.replace(/^(\s*)(\w+):/, '$1? $2\n$1:'),
  (l) => l.replace(/^(\s*)(\w+):/, '$1__proto__:'),
  (l) => l.replace(/^(\s*)(\w+):/, '$1toString:'),
  (l) => l.replace(/^(\s*)(\w+):/, '$1true:'),
  (l) => `${l}\u0085`,
  (l) => `\ufeff${l}`,
  (l) => l + ' '.repeat(3),
  () => '',
  () => '#',
];

const mutatedArb = fc
  .tuple(
    anyFileArb,
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: MUTATIONS.length - 1 })), {
      minLength: 1,
      maxLength: 2,
    }),
  )
  .map(([text, changes]) => {
    const lines = text.split('\n');
    for (const [at, which] of changes) {
      const i = at % lines.length;
      lines[i] = (MUTATIONS[which] as (l: string) => string)(lines[i] ?? '');
    }
    return lines.join('\n');
  });

// ------------------------------------------------------------------------------------ the checks

const counts = { fast: 0, fastValid: 0, fallback: 0, valid: 0, invalid: 0, pointers: 0 };
afterAll(() =>
  console.log(
    `[property] fast parse: ${counts.fast} files read by the fast path (${counts.fastValid} valid), ` +
      `${counts.fallback} left to the full parser; ${counts.valid} valid, ${counts.invalid} invalid; ` +
      `${counts.pointers} pointers located both ways`,
  ),
);

/** Every pointer into plain data, with one past the end of each list and a key that is not there. */
function pointersOf(data: unknown, segments: (string | number)[] = []): string[] {
  const here = joinPointer(segments);
  if (Array.isArray(data)) {
    return [
      here,
      joinPointer([...segments, data.length]),
      ...data.flatMap((v, i) => pointersOf(v, [...segments, i])),
    ];
  }
  if (typeof data === 'object' && data !== null) {
    return [
      here,
      joinPointer([...segments, 'no~such/key']),
      ...Object.entries(data).flatMap(([k, v]) => pointersOf(v, [...segments, k])),
    ];
  }
  return [here];
}

function checkFile(text: string): void {
  const file = 'seats.yaml';
  const chosen = parseSeats(text, file);
  const full = parseSeatsFull(text, file);
  expect(chosen).toEqual(full);
  if (full.desired) counts.valid++;
  else counts.invalid++;

  const fast = fastParse(text, file);
  if (!fast) {
    counts.fallback++;
    return;
  }
  counts.fast++;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, ...YAML_OPTIONS });
  expect([...doc.errors, ...doc.warnings].map((e) => e.code)).toEqual([]);
  expect(fast.data).toEqual(doc.toJS());
  const locator = makeLocator(doc, lineCounter, text, file);
  for (const pointer of pointersOf(fast.data)) {
    counts.pointers++;
    expect(fast.locator.posOf(pointer), pointer).toEqual(locator.posOf(pointer));
    expect(fast.locator.posOf(pointer, 'key'), pointer).toEqual(locator.posOf(pointer, 'key'));
    expect(fast.locator.sourceOf(pointer), pointer).toEqual(locator.sourceOf(pointer));
    expect(fast.locator.error(pointer, 'm', 'key')).toEqual(locator.error(pointer, 'm', 'key'));
  }
  expect(namesClean(fast.data)).toBe(nameProblems(fast.data, locator).length === 0);
  if (full.desired) counts.fastValid++;
}

describe('the fast path reads what the full parser reads', () => {
  it(
    'plain generated files, mostly valid: the same result, data and positions',
    () => {
      fc.assert(fc.property(fileArb('valid'), checkFile), opts(400));
    },
    propertyTimeout(400),
  );

  it(
    'generated files with wrong content: the same errors',
    () => {
      fc.assert(fc.property(fileArb('wild'), checkFile), opts(400));
    },
    propertyTimeout(400),
  );

  it(
    'near-miss files (one or two unusual lines): the same result, or the full parser',
    () => {
      fc.assert(fc.property(mutatedArb, checkFile), opts(800));
    },
    propertyTimeout(800),
  );

  it('both paths ran, on valid and invalid files', () => {
    // Runs after the properties (vitest keeps the order of a file): the generators must reach both.
    expect(counts.fast).toBeGreaterThan(0);
    expect(counts.fastValid).toBeGreaterThan(0);
    expect(counts.fallback).toBeGreaterThan(0);
    expect(counts.valid).toBeGreaterThan(0);
    expect(counts.invalid).toBeGreaterThan(0);
  });
});
