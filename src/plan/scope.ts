// The scope a seats.yaml manages, as a value: its words in messages, its key in hidden markers and
// fingerprints. Everything else that differs between an org and an enterprise (routes, bodies,
// lookups) lives in the GitHub shell's ScopeApi, not in `if` branches across the core.
import type { AssigningTeam, Scope } from './types.ts';

export function orgScope(name: string): Scope {
  return { kind: 'org', name };
}

export function enterpriseScope(name: string): Scope {
  return { kind: 'enterprise', name };
}

/**
 * How messages name the scope: `acme` for an org (as they always did), `enterprise acme-corp` for
 * an enterprise.
 */
export function scopeLabel(scope: Scope): string {
  return scope.kind === 'org' ? scope.name : `enterprise ${scope.name}`;
}

/** "organization" / "enterprise": the noun for "a member of the …". */
export function scopeNoun(scope: Scope): string {
  return scope.kind === 'org' ? 'organization' : 'enterprise';
}

/**
 * Lower-case, and unique across both kinds: an org's key is its login (as before enterprises
 * existed, so markers and fingerprints of org plans do not change); an enterprise's is prefixed,
 * and no org login can contain a colon.
 */
export function scopeKey(scope: Scope): string {
  const name = scope.name.toLowerCase();
  return scope.kind === 'org' ? name : `enterprise:${name}`;
}

export function sameScope(a: Scope, b: Scope): boolean {
  return scopeKey(a) === scopeKey(b);
}

/** "team 'ml'", "enterprise team 'ent:pilot'", "org 'acme-labs'": a seat's source in a sentence. */
export function sourceWords(source: AssigningTeam): string {
  return `${sourceKindWord(source)} '${source.slug}'`;
}

export function sourceKindWord(source: AssigningTeam): string {
  return source.kind === 'team' ? 'team' : source.kind === 'org' ? 'org' : 'enterprise team';
}

/** Who manages a source outside the scope: the enterprise (its teams), or the organization. */
export function managedBy(source: AssigningTeam): string {
  return source.kind === 'enterprise-team' ? 'the enterprise' : 'that organization';
}

/** A scopeKey back in words, for messages about a plan made elsewhere. */
export function scopeKeyLabel(key: string): string {
  return key.startsWith('enterprise:') ? `enterprise '${key.slice('enterprise:'.length)}'` : `org '${key}'`;
}

/**
 * The file's scope with the action's `org` / `enterprise` input (or the CLI's flag) applied: it
 * renames the owner, it never turns an org file into an enterprise one or back. A string: why not.
 */
export function overrideScope(scope: Scope, given: { org?: string; enterprise?: string }): Scope | string {
  if (given.org && given.enterprise) return 'give either org or enterprise, not both';
  const name = scope.kind === 'org' ? given.org : given.enterprise;
  const other = scope.kind === 'org' ? given.enterprise : given.org;
  if (other) {
    return `the seats file is for ${scope.kind === 'org' ? 'an org' : 'an enterprise'} ('${scope.kind}: ${scope.name}'): the ${scope.kind === 'org' ? 'enterprise' : 'org'} override does not apply to it`;
  }
  return name ? { kind: scope.kind, name } : scope;
}

/**
 * How a team slug of the file is written to GitHub in this scope: an enterprise's teams are all
 * enterprise teams, whose slugs carry `ent:` (added when the file leaves it out); an org's as written.
 */
export function teamSlugIn(scope: Scope): (slug: string) => string {
  if (scope.kind === 'org') return (slug) => slug;
  return (slug) => (/^ent:/i.test(slug) ? slug : `ent:${slug}`);
}
