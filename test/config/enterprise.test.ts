// seats.yaml for an enterprise: `enterprise:` instead of `org:` (exactly one of them), enterprise
// team slugs with GitHub's `ent:` prefix accepted or added, errors at file:line:col.
import { describe, expect, it } from 'vitest';
import { parseSeats } from '../../src/config/parse.ts';

describe('an enterprise seats.yaml', () => {
  it('reads the enterprise scope and adds ent: to team slugs written without it', () => {
    const text = [
      'version: 1',
      'enterprise: acme-corp',
      'users: [ana]',
      'teams:',
      '  - pilot',
      '  - slug: ent:Research',
      'exempt:',
      '  - team: ops',
      '',
    ].join('\n');
    const { desired, errors } = parseSeats(text, 'seats.yaml');
    expect(errors).toEqual([]);
    expect(desired?.scope).toEqual({ kind: 'enterprise', name: 'acme-corp' });
    expect(desired?.teams.map((t) => [t.slug, t.key])).toEqual([
      ['ent:pilot', 'ent:pilot'],
      ['ent:Research', 'ent:research'],
    ]);
    expect(desired?.exempt.map((e) => e.key)).toEqual(['ent:ops']);
  });

  it('keeps an org file as it was: team slugs as written', () => {
    const { desired } = parseSeats('version: 1\norg: acme\nteams: [eng]\n', 'seats.yaml');
    expect(desired?.scope).toEqual({ kind: 'org', name: 'acme' });
    expect(desired?.teams[0]?.slug).toBe('eng');
  });

  it('refuses both org and enterprise, at the top level', () => {
    const { desired, errors } = parseSeats('version: 1\norg: acme\nenterprise: acme-corp\n', 'seats.yaml');
    expect(desired).toBeNull();
    expect(errors).toMatchObject([
      {
        line: 1,
        column: 1,
        message: "give either 'org' or 'enterprise' at the top level, not both: one file manages one of them",
      },
    ]);
  });

  it('refuses neither, naming both', () => {
    const { errors } = parseSeats('version: 1\nusers: []\n', 'seats.yaml');
    expect(errors.map((e) => e.message)).toContain(
      "missing 'org' at the top level: the login of the GitHub organization (or 'enterprise': the slug of the enterprise)",
    );
  });

  it('points at a bad enterprise slug', () => {
    const { errors } = parseSeats('version: 1\nenterprise: acme corp\n', 'seats.yaml');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 2, column: 13, path: '/enterprise' });
  });
});
