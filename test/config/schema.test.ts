// The schema is the contract: it compiles, documents every field, agrees with the explanations
// in names.ts, and accepts the example in the repository.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSeats } from '../../src/config/parse.ts';
import { loginProblem, orgProblem, slugProblem } from '../../src/config/names.ts';
import { schema, seatsValidator } from '../../src/config/schema-errors.ts';
import { suggestKey, editDistance } from '../../src/config/suggest.ts';
import type { UnreviewedAdds } from '../../src/plan/types.ts';
import { published } from '../support/published.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every schema object that declares a named property, with its pointer. */
function propertySchemas(node: Json, pointer = '#'): { pointer: string; schema: Json }[] {
  if (node === null || typeof node !== 'object') return [];
  if (Array.isArray(node)) return node.flatMap((n, i) => propertySchemas(n, `${pointer}/${i}`));
  const found: { pointer: string; schema: Json }[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [name, prop] of Object.entries(value)) {
        found.push({ pointer: `${pointer}/properties/${name}`, schema: prop });
      }
    }
    found.push(...propertySchemas(value, `${pointer}/${key}`));
  }
  return found;
}

describe('schema/seats.schema.json', () => {
  it('is JSON Schema 2020-12 with an $id and a title, and compiles under ajv strict mode', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    // The file at the major tag users pin, so a modeline or SchemaStore entry keeps working while
    // main moves on; the same owner as the README's `uses:` line.
    expect(schema.$id).toBe(published().schemaUrl);
    expect(schema.$id).toMatch(/^https:\/\/raw\.githubusercontent\.com\/[^/]+\/copilot-seats\/v\d+\//);
    expect(schema.title).toMatch(/seats\.yaml/);
    expect(typeof seatsValidator()).toBe('function');
  });

  it('gives every property, $def and branch a description (editors show them)', () => {
    const props = propertySchemas(schema as unknown as Json);
    expect(props.length).toBeGreaterThanOrEqual(15);
    const missing = props.filter(
      (p) => typeof p.schema !== 'object' || p.schema === null || !('description' in p.schema),
    );
    expect(missing.map((p) => p.pointer)).toEqual([]);
    for (const [name, def] of Object.entries(schema.$defs)) {
      expect(def.description, name).toMatch(/\w/);
    }
  });

  it('forbids unknown keys in every object', () => {
    const objects: string[] = [];
    const visit = (node: unknown, pointer: string) => {
      if (!node || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      if (record.type === 'object') {
        objects.push(pointer);
        expect(record.additionalProperties, pointer).toBe(false);
      }
      for (const [k, v] of Object.entries(record)) visit(v, `${pointer}/${k}`);
    };
    visit(schema, '#');
    expect(objects.length).toBe(5); // top level, user entry, team entry, exemption, policy
  });

  it('accepts a plain-data document and rejects one with a wrong type', () => {
    const validate = seatsValidator();
    expect(validate({ version: 1, org: 'acme', users: ['a', { login: 'b', expires: '2027-01-31' }] })).toBe(
      true,
    );
    expect(validate({ version: 1, org: 'acme', users: [1] })).toBe(false);
    expect(validate({ version: 1, org: 'acme', exempt: [{ login: 'a', team: 'b' }] })).toBe(false);
  });
});

describe('the policy fields', () => {
  const policy = schema.properties.policy.properties;

  it('unreviewed_adds: the schema lists exactly the values of the UnreviewedAdds type, default allow', () => {
    // A value added to the type but not here fails to compile; one added to the schema fails here.
    const values: Record<UnreviewedAdds, true> = { allow: true, skip: true };
    expect([...policy.unreviewed_adds.enum].sort()).toEqual(Object.keys(values).sort());
    expect(policy.unreviewed_adds.default).toBe('allow');
    expect(policy.unreviewed_adds.description).toMatch(/reviewed plan of the merged pull request/);
    expect(policy.unreviewed_adds.description).toMatch(/allow writes them, skip leaves them out and reports/);
  });

  it('max_additions: a count, 0 or more, with both overrides named', () => {
    expect(policy.max_additions).toMatchObject({ type: 'integer', minimum: 0 });
    expect(policy.max_additions.description).toMatch(/copilot-seats:allow-mass-addition/);
    expect(policy.max_additions.description).toMatch(/allow-mass-addition input/);
    const validate = seatsValidator();
    const doc = (p: unknown) => ({ version: 1, org: 'acme', policy: p });
    expect(validate(doc({ max_additions: 0, unreviewed_adds: 'skip' }))).toBe(true);
    expect(validate(doc({ max_additions: -1 }))).toBe(false);
    expect(validate(doc({ max_additions: 1.5 }))).toBe(false);
    expect(validate(doc({ unreviewed_adds: 'ALLOW' }))).toBe(false);
  });
});

describe('logins', () => {
  const validate = seatsValidator();
  const accepts = (login: string) => validate({ version: 1, org: 'acme', users: [login] });

  it('accepts grandfathered logins (trailing hyphen, hyphens in a row) and EMU shortcodes', () => {
    for (const login of ['artur-', 'gil--', 'a---b', '0-', 'x'.repeat(39), 'mona_acme', 'mo--na-_acme']) {
      expect(accepts(login), login).toBe(true);
    }
    expect(schema.$defs.login.description).toMatch(/artur-, gil--/);
  });

  it('still rejects a leading hyphen, spaces, slashes, empty, more than 39 characters, a bare underscore', () => {
    for (const login of [
      '-x',
      '-',
      '--a',
      'a b',
      ' a',
      'a/b',
      '',
      'x'.repeat(40),
      'a_',
      '_a',
      'a_b_c',
      'a_-b',
    ]) {
      expect(accepts(login), JSON.stringify(login)).toBe(false);
      expect(loginProblem(login), JSON.stringify(login)).not.toBeNull();
    }
  });

  it('keeps org logins to the strict rule', () => {
    expect(validate({ version: 1, org: 'acme-' })).toBe(false);
    expect(validate({ version: 1, org: 'ac--me' })).toBe(false);
  });
});

describe('name rules agree with the schema patterns', () => {
  const validate = seatsValidator();
  const nameChars = fc.constantFrom(...'aZ09-_. /@'.split(''));
  const names = fc.oneof(
    fc.string({ unit: nameChars, maxLength: 12 }),
    fc.string({ unit: fc.constantFrom('a', '-', '_', '1'), minLength: 36, maxLength: 42 }),
  );

  it('loginProblem is null exactly when the schema accepts the login', () => {
    fc.assert(
      fc.property(names, (login) => {
        const valid = validate({ version: 1, org: 'acme', users: [login] });
        expect(loginProblem(login) === null).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });

  it('slugProblem is null exactly when the schema accepts the slug', () => {
    fc.assert(
      fc.property(names, (slug) => {
        const valid = validate({ version: 1, org: 'acme', teams: [slug] });
        expect(slugProblem(slug) === null).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });

  it('orgProblem is null exactly when the schema accepts the org', () => {
    fc.assert(
      fc.property(names, (org) => {
        const valid = validate({ version: 1, org });
        expect(orgProblem(org) === null).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('did you mean', () => {
  it('measures edit distance', () => {
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('users', 'user')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it.each([
    ['usres', 'users'],
    ['USERS', 'users'],
    ['max-removals', 'max_removals'],
    ['organization', 'org'],
    ['exemptions', 'exempt'],
    ['xyz', null],
    ['po', null],
  ])('%s → %s', (key, expected) => {
    const allowed = ['version', 'org', 'users', 'teams', 'exempt', 'policy', 'max_removals'];
    expect(suggestKey(key, allowed)).toBe(expected);
  });
});

describe('examples/seats.yaml', () => {
  it('validates and holds every form of the format', () => {
    const text = readFileSync(new URL('../../examples/seats.yaml', import.meta.url), 'utf8');
    expect(text.startsWith('# yaml-language-server: $schema=../schema/seats.schema.json\n')).toBe(true);
    const { desired, errors } = parseSeats(text, 'examples/seats.yaml');
    expect(errors).toEqual([]);
    expect(desired!.scope.name).toBe('acme');
    expect(desired!.users.some((u) => u.expires !== undefined)).toBe(true);
    expect(desired!.teams.some((t) => t.reason !== undefined)).toBe(true);
    expect(new Set(desired!.exempt.map((e) => e.kind))).toEqual(new Set(['user', 'team']));
    expect(desired!.policy.maxRemovals).toBeDefined();
  });
});
