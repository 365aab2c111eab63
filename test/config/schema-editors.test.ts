// What editors get from the schema beyond validation: defaults and examples (completion, hover)
// that the schema itself accepts, a readable message for every pattern, only keywords that
// editors and SchemaStore know, and the same verdicts under draft-07, which most editors implement.
import { readFileSync } from 'node:fs';
import Ajv07Module from 'ajv';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EDITOR_KEYWORDS, schema, seatsValidator } from '../../src/config/schema-errors.ts';

const Ajv07 = Ajv07Module.default;
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every subschema with its JSON pointer (values of default, examples, const and enum are data). */
function subschemas(node: Json, pointer = ''): { pointer: string; node: JsonObject }[] {
  if (!isObject(node)) return [];
  const found = [{ pointer, node }];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' || key === '$defs') {
      if (!isObject(value)) continue;
      for (const [name, sub] of Object.entries(value))
        found.push(...subschemas(sub, `${pointer}/${key}/${name}`));
    } else if (key === 'items' || key === 'additionalProperties') {
      found.push(...subschemas(value, `${pointer}/${key}`));
    } else if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      value.forEach((sub, i) => found.push(...subschemas(sub, `${pointer}/${key}/${i}`)));
    }
  }
  return found;
}

const ALL = subschemas(schema as unknown as Json);

/** The keywords the schema may use: JSON Schema's own, and the editors' ones declared to ajv. */
const KNOWN = new Set<string>([
  ...['$schema', '$id', '$ref', '$defs', 'title', 'description', 'default', 'examples'],
  ...['type', 'const', 'enum', 'properties', 'additionalProperties', 'required', 'items'],
  ...['anyOf', 'oneOf', 'minimum', 'minLength', 'maxLength', 'pattern', 'format'],
  ...EDITOR_KEYWORDS,
]);

function validatorOf(pointer: string) {
  const ajv = new Ajv2020({ strict: true, strictRequired: false });
  addFormats(ajv, { formats: ['date'] });
  for (const keyword of EDITOR_KEYWORDS) ajv.addKeyword({ keyword, schemaType: 'string' });
  ajv.addSchema(schema);
  return ajv.compile({ $ref: `${schema.$id}#${pointer}` });
}

describe('defaults and examples', () => {
  const annotated = ALL.filter(({ node }) => 'default' in node || 'examples' in node);

  it('are given where editors complete values: lists, policy fields, names and dates', () => {
    const pointers = annotated.map((a) => a.pointer);
    for (const expected of [
      '/properties/users',
      '/properties/teams',
      '/properties/exempt',
      '/properties/policy',
      '/properties/policy/properties/max_removals',
      '/properties/policy/properties/unreviewed_adds',
      '/$defs/login',
      '/$defs/slug',
      '/$defs/date',
    ]) {
      expect(pointers).toContain(expected);
    }
  });

  it.each(annotated.map((a) => [a.pointer, a.node] as const))(
    '%s: the schema accepts them',
    (pointer, node) => {
      const validate = validatorOf(pointer);
      const values = [...('default' in node ? [node.default] : []), ...((node.examples as Json[]) ?? [])];
      expect(values.length).toBeGreaterThan(0);
      for (const value of values) expect(validate(value), JSON.stringify(value)).toBe(true);
    },
  );

  it('an example that the schema refuses would be caught', () => {
    expect(validatorOf('/$defs/login')('@octocat')).toBe(false);
    expect(validatorOf('/properties/policy/properties/max_removals')('25 %')).toBe(false);
  });

  it('defaults only say what leaving the key out means: empty lists, no policy, allow, reclaim settings', () => {
    const defaults = Object.fromEntries(
      annotated.filter((a) => 'default' in a.node).map((a) => [a.pointer, a.node.default]),
    );
    expect(defaults).toEqual({
      '/properties/version': 1,
      '/properties/users': [],
      '/properties/teams': [],
      '/properties/exempt': [],
      '/properties/policy': {},
      '/properties/policy/properties/unreviewed_adds': 'allow',
      '/properties/policy/properties/idle_signal': 'activity',
      '/properties/policy/properties/new_seat_grace_days': 30,
      '/properties/policy/properties/reclaim_notice': 'none',
    });
  });
});

describe('pattern messages', () => {
  const patterned = ALL.filter(({ node }) => 'pattern' in node);

  it('every pattern has a patternErrorMessage that says what to write, with an example', () => {
    expect(patterned.map((p) => p.pointer).sort()).toEqual([
      '/$defs/date',
      '/$defs/enterpriseSlug',
      '/$defs/login',
      '/$defs/orgLogin',
      '/$defs/slug',
      '/properties/policy/properties/max_removals/anyOf/1',
    ]);
    for (const { pointer, node } of patterned) {
      const message = node.patternErrorMessage;
      expect(typeof message, pointer).toBe('string');
      expect(message as string, pointer).toMatch(/e\.g\. \S/);
      // The regex itself is what editors show without it.
      expect(message as string, pointer).not.toContain(node.pattern as string);
    }
  });

  it("each message's example passes the pattern it explains", () => {
    for (const { pointer, node } of patterned) {
      const pattern = new RegExp(node.pattern as string, 'u');
      const example = /e\.g\. ([^\s,;)]+)/.exec(node.patternErrorMessage as string)?.[1]?.replace(/\.$/, '');
      expect(example, pointer).toBeDefined();
      expect(pattern.test(example ?? ''), `${pointer}: ${example}`).toBe(true);
    }
  });

  it('uses only keywords that JSON Schema or the editors define', () => {
    const unknown = ALL.flatMap(({ pointer, node }) =>
      Object.keys(node)
        .filter((k) => !KNOWN.has(k))
        .map((k) => `${pointer}/${k}`),
    );
    expect(unknown).toEqual([]);
  });
});

describe('draft-07 editors', () => {
  // Editors and SchemaStore mostly implement draft-07. The schema uses nothing whose meaning
  // changed since: the same documents pass and fail under both drafts.
  const draft07 = (() => {
    const ajv = new Ajv07({ strict: true, strictRequired: false });
    addFormats(ajv, { formats: ['date'] });
    for (const keyword of EDITOR_KEYWORDS) ajv.addKeyword({ keyword, schemaType: 'string' });
    const copy = {
      ...schema,
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: 'https://example.invalid/draft-07-copy.json',
    };
    return ajv.compile(copy);
  })();
  const example = parse(readFileSync(new URL('../../examples/seats.yaml', import.meta.url), 'utf8'));
  const doc = (extra: object) => ({ version: 1, org: 'acme', ...extra });

  it.each([
    ['examples/seats.yaml', example, true],
    ['minimal', doc({}), true],
    ['empty lists', doc({ users: [], teams: [], exempt: [] }), true],
    [
      'short and long forms',
      doc({ users: ['a', { login: 'b', expires: '2027-01-31' }], teams: ['x'] }),
      true,
    ],
    ['exempt team', doc({ exempt: [{ team: 'contractors', reason: 'r' }] }), true],
    ['percent limit', doc({ policy: { max_removals: '100%', unreviewed_adds: 'skip' } }), true],
    [
      'count limit',
      doc({ policy: { max_removals: 0, max_additions: 5, seat_cost: 0, inactive_days: 1 } }),
      true,
    ],
    ['version 2', { version: 2, org: 'acme' }, false],
    ['no org', { version: 1 }, false],
    ['unknown key', doc({ user: ['a'] }), false],
    ['login with @', doc({ users: ['@a'] }), false],
    ['slug with org', doc({ teams: ['acme/eng'] }), false],
    ['org with trailing hyphen', { version: 1, org: 'acme-' }, false],
    ['exemption with both', doc({ exempt: [{ login: 'a', team: 'b' }] }), false],
    ['exemption with neither', doc({ exempt: [{ reason: 'r' }] }), false],
    ['bad date', doc({ users: [{ login: 'a', expires: '2027-02-30' }] }), false],
    ['101%', doc({ policy: { max_removals: '101%' } }), false],
    ['unknown unreviewed_adds', doc({ policy: { unreviewed_adds: 'ALLOW' } }), false],
    ['negative count', doc({ policy: { max_removals: -1 } }), false],
  ])('%s: the same verdict under draft-07 and 2020-12', (_name, data, valid) => {
    expect(seatsValidator()(data)).toBe(valid);
    expect(draft07(data)).toBe(valid);
  });
});
