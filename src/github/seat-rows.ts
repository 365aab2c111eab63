// One row of a seat list as a LiveSeat: where the seat comes from, and whether that source is
// within the scope's reach. An org's rows and an enterprise's rows name their sources differently.
import type { AssigningTeam, LiveSeat } from '../plan/types.ts';
import type { RawSeat, RawTeam, TeamCache } from './scope-api.ts';

/**
 * Enterprise teams are told apart by what GitHub documents: their slugs start with `ent:` (and an
 * explicit `type`). The absence of `type` says nothing: GitHub's own example of the seat list shows
 * org teams without it, and reading those as enterprise teams would leave them unmanaged forever.
 */
export function isEnterpriseTeam(team: { slug: string; type?: string }): boolean {
  if (team.type === 'organization') return false;
  if (team.type === 'enterprise') return true;
  return team.slug.toLowerCase().startsWith('ent:');
}

function cached(
  cache: TeamCache | undefined,
  id: string,
  make: () => AssigningTeam | null,
): AssigningTeam | null {
  if (!cache) return make();
  let shared = cache.get(id);
  if (shared === undefined) {
    shared = make();
    cache.set(id, shared);
  }
  return shared;
}

function teamSource(team: RawTeam & { slug: string }, outsideKinds: ReadonlySet<string>): AssigningTeam {
  const kind = isEnterpriseTeam({ slug: team.slug, ...(team.type !== undefined ? { type: team.type } : {}) })
    ? 'enterprise-team'
    : 'team';
  return {
    slug: team.slug,
    key: team.slug.toLowerCase(),
    name: team.name ?? team.slug,
    kind,
    outside: outsideKinds.has(kind),
  };
}

function seatFields(raw: RawSeat, source: AssigningTeam | null): LiveSeat {
  const login = raw.assignee?.login ?? null;
  return {
    login,
    key: login === null ? null : login.toLowerCase(),
    assigningTeam: source,
    pendingCancellationDate: raw.pending_cancellation_date ?? null,
    lastActivityAt: raw.last_activity_at ?? null,
    lastAuthenticatedAt: raw.last_authenticated_at ?? null,
    createdAt: raw.created_at,
  };
}

/** An org's row: direct, through one of its teams, or through an enterprise team (outside). */
export function toOrgSeat(raw: RawSeat, teams?: TeamCache): LiveSeat {
  const team = raw.assigning_team;
  const source =
    team && typeof team.slug === 'string'
      ? cached(teams, `t\u0000${team.slug}\u0000${team.name}\u0000${team.type}`, () =>
          teamSource(team as RawTeam & { slug: string }, ORG_OUTSIDE),
        )
      : null;
  return seatFields(raw, source);
}
const ORG_OUTSIDE = new Set(['enterprise-team']);
const ENTERPRISE_OUTSIDE = new Set(['team', 'org']);

/**
 * An enterprise's row: through an enterprise team (the enterprise's own), through an organization
 * (with or without one of its teams: outside, that org manages it), or assigned by the enterprise
 * directly (neither).
 */
export function toEnterpriseSeat(raw: RawSeat, teams?: TeamCache): LiveSeat {
  const team = raw.assigning_team;
  const org = raw.organization?.login;
  let source: AssigningTeam | null = null;
  if (team && typeof team.slug === 'string' && isEnterpriseTeam(team as { slug: string })) {
    source = cached(teams, `e\u0000${team.slug}\u0000${team.name}`, () =>
      teamSource(team as RawTeam & { slug: string }, ENTERPRISE_OUTSIDE),
    );
  } else if (typeof org === 'string') {
    source = cached(teams, `o\u0000${org}`, () => ({
      slug: org,
      key: org.toLowerCase(),
      name: org,
      kind: 'org',
      outside: true,
    }));
  } else if (team && typeof team.slug === 'string') {
    // An org team without its org: still not the enterprise's to change.
    source = cached(teams, `t\u0000${team.slug}`, () =>
      teamSource(team as RawTeam & { slug: string }, ENTERPRISE_OUTSIDE),
    );
  }
  return seatFields(raw, source);
}
