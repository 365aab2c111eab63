// The scope as a value: its words, its key in markers and fingerprints, and the action's inputs.
import { describe, expect, it } from 'vitest';
import { overrideScope, scopeKey, scopeKeyLabel, scopeLabel, teamSlugIn } from '../../src/plan/scope.ts';

const ORG = { kind: 'org', name: 'Acme' } as const;
const ENT = { kind: 'enterprise', name: 'Acme-Corp' } as const;

describe('scope', () => {
  it('keys an org by its login, as before enterprises; an enterprise so that no org can collide', () => {
    expect(scopeKey(ORG)).toBe('acme');
    expect(scopeKey(ENT)).toBe('enterprise:acme-corp');
    expect(scopeKeyLabel(scopeKey(ENT))).toBe("enterprise 'acme-corp'");
    expect(scopeKeyLabel(scopeKey(ORG))).toBe("org 'acme'");
    expect(scopeLabel(ORG)).toBe('Acme');
    expect(scopeLabel(ENT)).toBe('enterprise Acme-Corp');
  });

  it('an input renames the owner of its own kind, and never turns a file into the other kind', () => {
    expect(overrideScope(ORG, { org: 'other' })).toEqual({ kind: 'org', name: 'other' });
    expect(overrideScope(ENT, { enterprise: 'other' })).toEqual({ kind: 'enterprise', name: 'other' });
    expect(overrideScope(ORG, {})).toEqual(ORG);
    expect(overrideScope(ORG, { enterprise: 'x' })).toMatch(/the enterprise override does not apply/);
    expect(overrideScope(ENT, { org: 'x' })).toMatch(/the org override does not apply/);
    expect(overrideScope(ORG, { org: 'a', enterprise: 'b' })).toBe('give either org or enterprise, not both');
  });

  it('writes enterprise team slugs with ent:, org team slugs as they are', () => {
    expect(teamSlugIn(ENT)('pilot')).toBe('ent:pilot');
    expect(teamSlugIn(ENT)('ENT:pilot')).toBe('ENT:pilot');
    expect(teamSlugIn(ORG)('pilot')).toBe('pilot');
  });
});
