// Random enterprises and random valid enterprise seats.yaml documents for the enterprise property
// suite (enterprise.property.test.ts).
//
// The enterprise 'acme-corp' has a main org 'acme' (members, a selected org team 'eng', direct org
// seats), another org 'acme-labs' (members, the seats it grants) and members in no org. Three
// enterprise teams, each selected or not, take members from anywhere in the enterprise. A user's
// seat may come from several sources at once: the main org (direct or through 'eng'), acme-labs,
// enterprise teams and an enterprise-direct assignment; a user with none may hold a seat pending
// cancellation. Every login in the file is an enterprise member, and every listed team exists.
//
// The file manages what the enterprise assigns: `users:` are its direct assignments, `teams:` its
// enterprise teams (written with or without `ent:`, in any case). Seats the orgs grant are outside
// the file. The YAML is loaded with the real loader, so the loader is exercised too.
import fc from 'fast-check';
import { parseSimState, type SimSeat, type SimState } from '../../src/simulator/state.ts';

export const NOW = new Date('2025-06-15T12:00:00Z');
export const CYCLE = '2025-07-01';
export const ENTERPRISE = 'acme-corp';
/** Invited to the main org, not yet a member of it, so no member of the enterprise. */
export const INVITEE = 'new-hire';

const POOL = ['ann', 'bob', 'cyd', 'dee', 'eli', 'fox', 'gil', 'hal', 'ivy', 'jon'];
export const ENT_TEAMS = [
  { slug: 'ent:alpha', name: 'Alpha', id: 901 },
  { slug: 'ent:beta', name: 'Beta squad', id: 902 },
  { slug: 'ent:gamma', name: 'Gamma', id: 903 },
] as const;

type Case = 'lower' | 'upper' | 'title';
/** Where a user is a member: the main org, acme-labs, both, or the enterprise only. */
type Home = 'main' | 'labs' | 'both' | 'none';
/** The org seat: none, direct in the main org, through the main org's team 'eng', from acme-labs. */
type OrgSeat = 'none' | 'main-direct' | 'main-team' | 'labs';
type Desire = 'no' | 'yes' | 'yes' | 'expired' | 'expires-today' | 'future';
type Exempt = 'no' | 'yes' | 'expired' | 'future';
/** How a team slug is written in the file. */
type SlugForm = 'prefixed' | 'bare' | 'upper';

const caseArb = fc.constantFrom<Case>('lower', 'upper', 'title');

const userArb = fc.record({
  written: caseArb,
  home: fc.constantFrom<Home>('main', 'labs', 'both', 'none'),
  orgSeat: fc.constantFrom<OrgSeat>('none', 'none', 'main-direct', 'main-team', 'labs'),
  /** Member of ENT_TEAMS[j]. */
  teams: fc.array(fc.boolean(), { minLength: ENT_TEAMS.length, maxLength: ENT_TEAMS.length }),
  entDirect: fc.boolean(),
  /** A seat pending cancellation, when the user has no active source. */
  pending: fc.boolean(),
  pendingFormer: fc.constantFrom<number | null>(null, 0, 1, 2),
  desire: fc.constantFrom<Desire>('no', 'no', 'yes', 'yes', 'expired', 'expires-today', 'future'),
  exempt: fc.constantFrom<Exempt>('no', 'no', 'yes', 'expired', 'future'),
  long: fc.boolean(),
});

const teamArb = fc.record({
  selected: fc.boolean(),
  order: fc.integer({ min: 0, max: 9 }),
  desired: fc.boolean(),
  exempt: fc.constantFrom<Exempt>('no', 'no', 'yes', 'expired', 'future'),
  form: fc.constantFrom<SlugForm>('prefixed', 'bare', 'upper'),
  long: fc.boolean(),
});

type Draw<A> = A extends fc.Arbitrary<infer T> ? T : never;

export interface RawEnterprise {
  users: Draw<typeof userArb>[];
  teams: Draw<typeof teamArb>[];
  unassignedSeat: boolean;
  /** `users:` lists the main org's invitee, who is no member of the enterprise yet. */
  invitee: boolean;
  flowUsers: boolean;
  maxRemovals: 'percent' | 'count';
}

export function rawEnterpriseArb(): fc.Arbitrary<RawEnterprise> {
  return fc.record({
    users: fc.array(userArb, { minLength: 2, maxLength: POOL.length }),
    teams: fc.array(teamArb, { minLength: ENT_TEAMS.length, maxLength: ENT_TEAMS.length }),
    unassignedSeat: fc.boolean(),
    invitee: fc.boolean(),
    flowUsers: fc.boolean(),
    maxRemovals: fc.constantFrom<'percent' | 'count'>('percent', 'count'),
  });
}

// ---------------------------------------------------------------- what the file says

export interface EntSpec {
  users: { login: string; long: boolean; expires?: string }[];
  /** Team slugs as written. */
  teams: { slug: string; long: boolean }[];
  exempt: { kind: 'user' | 'team'; name: string; expires?: string }[];
  maxRemovals: 'percent' | 'count';
  flowUsers: boolean;
}

export interface EntScenario {
  state: SimState;
  spec: EntSpec;
  yaml: string;
  /** Logins of the filler users (enterprise-direct, listed), for a seat list of several pages. */
  fillers: string[];
  /** A login `users:` lists that is no member of the enterprise: every add of it is refused. */
  stranger?: string;
}

function withCase(name: string, c: Case): string {
  if (c === 'upper') return name.toUpperCase();
  if (c === 'title') return name.charAt(0).toUpperCase() + name.slice(1);
  return name;
}

function written(slug: string, form: SlugForm): string {
  if (form === 'bare') return slug.slice('ent:'.length);
  if (form === 'upper') return slug.toUpperCase();
  return slug;
}

const DATES = { expired: '2025-06-01', 'expires-today': '2025-06-15', future: '2026-01-31' } as const;

const at = (order: number, i: number): string =>
  `2024-${String(1 + order).padStart(2, '0')}-${String(10 + i).padStart(2, '0')}T09:00:00Z`;

export interface EntBuildOptions {
  /** Enterprise members seated directly by the enterprise and listed (half also by acme-labs). */
  fillers?: number;
}

export function buildEnterprise(raw: RawEnterprise, opts: EntBuildOptions = {}): EntScenario {
  const logins = raw.users.map((_, i) => POOL[i] as string);
  const inMain = (i: number) => raw.users[i]?.home === 'main' || raw.users[i]?.home === 'both';
  const inLabs = (i: number) => raw.users[i]?.home === 'labs' || raw.users[i]?.home === 'both';
  /** The org seat the user can have given where they are a member. */
  const orgSeat = (i: number): OrgSeat => {
    const s = raw.users[i]?.orgSeat ?? 'none';
    if ((s === 'main-direct' || s === 'main-team') && !inMain(i)) return 'none';
    if (s === 'labs' && !inLabs(i)) return 'none';
    return s;
  };
  const fillers = Array.from({ length: opts.fillers ?? 0 }, (_, i) => `filler-${i}`);
  const labsSeated = fillers.filter((_, i) => i % 2 === 0);

  const seats: SimSeat[] = [];
  raw.users.forEach((u, i) => {
    const login = logins[i] as string;
    const selectedTeam = ENT_TEAMS.some((_, j) => u.teams[j] && raw.teams[j]?.selected);
    const os = orgSeat(i);
    const seat: SimSeat = { login, created_at: '2024-03-01T00:00:00Z' };
    if (os === 'main-direct') seat.direct = true;
    if (u.entDirect) seat.enterprise_direct = true;
    const active = os !== 'none' || u.entDirect || selectedTeam;
    if (seat.direct || seat.enterprise_direct) seats.push(seat);
    else if (!active && u.pending) {
      const former = u.pendingFormer === null ? null : (ENT_TEAMS[u.pendingFormer]?.slug ?? null);
      seats.push({
        login,
        pending_cancellation_date: CYCLE,
        former_team: former,
        ...(inMain(i) ? {} : { enterprise_only: true }),
        created_at: '2024-03-01T00:00:00Z',
      });
    }
  });
  for (const f of fillers)
    seats.push({ login: f, enterprise_direct: true, created_at: '2024-02-01T00:00:00Z' });
  if (raw.unassignedSeat) seats.push({ login: null, created_at: '2024-02-01T00:00:00Z' });

  const state = parseSimState({
    org: { login: 'acme', id: 1 },
    plan_type: 'business',
    seat_management_setting: 'assign_selected',
    now: NOW.toISOString().replace('.000Z', 'Z'),
    billing_cycle_start: CYCLE,
    enterprise: {
      slug: ENTERPRISE,
      id: 4401,
      orgs: [
        {
          login: 'acme-labs',
          id: 2,
          members: [...logins.filter((_, i) => inLabs(i)), ...labsSeated],
          seats: [...logins.filter((_, i) => orgSeat(i) === 'labs'), ...labsSeated],
        },
      ],
      members: [
        ...logins.filter((_, i) => raw.users[i]?.home === 'none'),
        ...fillers.filter((f) => !labsSeated.includes(f)),
      ],
    },
    members: [
      ...logins.filter((_, i) => inMain(i)).map((login) => ({ login })),
      { login: INVITEE, pending: true },
    ],
    teams: [
      {
        slug: 'eng',
        name: 'Engineering',
        id: 100,
        members: logins.filter((_, i) => orgSeat(i) === 'main-team'),
        selected: true,
        selected_at: '2024-01-05T09:00:00Z',
      },
    ],
    enterprise_teams: ENT_TEAMS.map((t, j) => ({
      ...t,
      members: logins.filter((_, i) => raw.users[i]?.teams[j]),
      ...(raw.teams[j]?.selected
        ? { selected: true, selected_at: at(raw.teams[j]?.order ?? 0, j) }
        : { selected: false }),
    })),
    seats,
  });

  const spec: EntSpec = {
    users: [],
    teams: [],
    exempt: [],
    maxRemovals: raw.maxRemovals,
    flowUsers: raw.flowUsers,
  };
  raw.users.forEach((u, i) => {
    const login = withCase(logins[i] as string, u.written);
    if (u.desire !== 'no') {
      spec.users.push({
        login,
        long: u.long || u.desire !== 'yes',
        ...(u.desire === 'yes' ? {} : { expires: DATES[u.desire] }),
      });
    } else if (u.exempt !== 'no') {
      spec.exempt.push({
        kind: 'user',
        name: login,
        ...(u.exempt === 'yes' ? {} : { expires: DATES[u.exempt] }),
      });
    }
  });
  if (raw.invitee) spec.users.push({ login: INVITEE, long: false });
  for (const f of fillers) spec.users.push({ login: f, long: false });
  raw.teams.forEach((t, j) => {
    const slug = written(ENT_TEAMS[j]?.slug as string, t.form);
    if (t.desired) spec.teams.push({ slug, long: t.long });
    else if (t.exempt !== 'no')
      spec.exempt.push({
        kind: 'team',
        name: slug,
        ...(t.exempt === 'yes' ? {} : { expires: DATES[t.exempt] }),
      });
  });
  return {
    state,
    spec,
    yaml: renderEnterpriseYaml(spec),
    fillers,
    ...(raw.invitee ? { stranger: INVITEE } : {}),
  };
}

export function renderEnterpriseYaml(spec: EntSpec): string {
  const lines = ['version: 1', `enterprise: ${ENTERPRISE}`];
  if (spec.users.length > 0) {
    if (spec.flowUsers && spec.users.every((u) => !u.long)) {
      lines.push(`users: [${spec.users.map((u) => u.login).join(', ')}]`);
    } else {
      lines.push('users:');
      for (const u of spec.users) {
        if (!u.long) lines.push(`  - ${u.login}`);
        else {
          lines.push(`  - login: ${u.login}`);
          if (u.expires !== undefined) lines.push(`    expires: ${u.expires}`);
        }
      }
    }
  }
  if (spec.teams.length > 0) {
    lines.push('teams:');
    for (const t of spec.teams) lines.push(t.long ? `  - slug: ${t.slug}` : `  - ${t.slug}`);
  }
  if (spec.exempt.length > 0) {
    lines.push('exempt:');
    for (const e of spec.exempt) {
      lines.push(`  - ${e.kind === 'user' ? 'login' : 'team'}: ${e.name}`);
      if (e.expires !== undefined) lines.push(`    expires: ${e.expires}`);
    }
  }
  lines.push('policy:', `  max_removals: ${spec.maxRemovals === 'percent' ? '100%' : '100000'}`);
  return lines.join('\n') + '\n';
}

export function enterpriseArb(opts: EntBuildOptions = {}): fc.Arbitrary<EntScenario> {
  return rawEnterpriseArb().map((raw) => buildEnterprise(raw, opts));
}
