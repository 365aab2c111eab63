// Random organizations and random valid seats.yaml documents for the property tests.
//
// A scenario is drawn as flat arrays of small random choices (per member, per team), then built
// into a simulator state and a seats.yaml text that agree with each other: desired users are
// active members, no name is both desired and exempt, every listed team exists. The YAML text is
// rendered here and loaded with the real loader (parseSeats), so the loader is exercised too.
// Direct and pending seats carry a last activity (or none), for the idle report of inactive_days.
//
// The API's known limit (design §3.5): it lists seats, not selected teams, so a selected team whose
// members are all seated some other way is invisible. With `anchored`, every team has an anchor:
// a member of that team only, never listed in `users:`, with no direct or enterprise seat. The
// anchor's seat always shows its team when the team is selected, so no team is ever invisible,
// before or after an apply. Without anchors, invisible teams happen, and the properties allow
// exactly what the limit explains (see apply.property.test.ts).
import fc from 'fast-check';
import { parseSimState, type SimSeat, type SimState } from '../../src/simulator/state.ts';

export const NOW = new Date('2025-06-15T12:00:00Z');
export const CYCLE = '2025-07-01';
const DAY_MS = 86_400_000;
/** policy.inactive_days of a file with policy 'count'. */
export const INACTIVE_DAYS = 30;

const POOL = ['ann', 'bob', 'cyd', 'dee', 'eli', 'fox', 'gil', 'hal', 'ivy', 'jon', 'kit', 'lee'];
const MAX_TEAMS = 3;
const TEAM_SLUGS = ['t-red', 'blue.team', 'green_ops'];
const TEAM_NAMES = ['Red Team', 'Blue Team', 'Green Ops'];

type Case = 'lower' | 'upper' | 'title';
type Desire = 'no' | 'yes' | 'expired' | 'expires-today' | 'expiring' | 'future';
type Exempt = 'no' | 'yes' | 'expired' | 'future';
/** When a seated member last used Copilot: never, or this many days before NOW. */
type Activity = 'never' | 3 | 45 | 100 | 300;

const caseArb = fc.constantFrom<Case>('lower', 'upper', 'title');
const REASONS = [
  'ML pilot',
  'pilot: phase 2',
  'contractor # until March',
  'it\'s "quoted"',
  'Ünïcödé 名前',
  '- not a list',
  'yes',
];

const memberArb = fc.record({
  stored: caseArb,
  written: caseArb,
  teams: fc.array(fc.boolean(), { minLength: MAX_TEAMS, maxLength: MAX_TEAMS }),
  enterprise: fc.boolean(),
  direct: fc.boolean(),
  pending: fc.boolean(),
  desire: fc.constantFrom<Desire>('no', 'yes', 'yes', 'expired', 'expires-today', 'expiring', 'future'),
  exempt: fc.constantFrom<Exempt>('no', 'no', 'no', 'yes', 'expired', 'future'),
  long: fc.boolean(),
  reason: fc.option(fc.constantFrom(...REASONS), { nil: undefined }),
  activity: fc.constantFrom<Activity>('never', 3, 45, 100, 300),
});

const teamArb = fc.record({
  selected: fc.boolean(),
  order: fc.integer({ min: 0, max: 9 }),
  desired: fc.boolean(),
  exempt: fc.constantFrom<Exempt>('no', 'no', 'yes', 'expired', 'future'),
  written: fc.constantFrom<Case>('lower', 'upper'),
  long: fc.boolean(),
  reason: fc.option(fc.constantFrom(...REASONS), { nil: undefined }),
  anchorExempt: fc.boolean(),
});

type Draw<A> = A extends fc.Arbitrary<infer T> ? T : never;

export interface RawScenario {
  members: Draw<typeof memberArb>[];
  teams: Draw<typeof teamArb>[];
  enterprise: { present: boolean; order: number };
  unassignedSeat: boolean;
  invitee: boolean;
  orgWritten: Case;
  policy: 'percent' | 'count' | 'none';
  flowShortUsers: boolean;
}

export function rawScenarioArb(): fc.Arbitrary<RawScenario> {
  return fc.record({
    members: fc.array(memberArb, { minLength: 3, maxLength: POOL.length }),
    teams: fc.array(teamArb, { minLength: 0, maxLength: MAX_TEAMS }),
    enterprise: fc.record({ present: fc.boolean(), order: fc.integer({ min: 0, max: 9 }) }),
    unassignedSeat: fc.boolean(),
    invitee: fc.boolean(),
    orgWritten: caseArb,
    policy: fc.constantFrom<'percent' | 'count' | 'none'>('percent', 'count', 'none'),
    flowShortUsers: fc.boolean(),
  });
}

// ---------------------------------------------------------------- what the file says (my model)

export interface SpecUser {
  /** As written in the file. */
  login: string;
  long: boolean;
  reason?: string;
  expires?: string;
}
export interface SpecTeam {
  slug: string;
  long: boolean;
  reason?: string;
}
export interface SpecExemption {
  kind: 'user' | 'team';
  name: string;
  reason?: string;
  expires?: string;
}
export interface SeatsSpec {
  org: string;
  users: SpecUser[];
  teams: SpecTeam[];
  exempt: SpecExemption[];
  policy: 'percent' | 'count' | 'none';
  flowShortUsers: boolean;
}

export interface Scenario {
  state: SimState;
  spec: SeatsSpec;
  yaml: string;
  /** Run the apply with allow-mass-removal (the file sets no limit that is large enough). */
  allowMassRemoval: boolean;
  anchored: boolean;
  /** Logins of the filler members (seated directly and listed), for paging. */
  fillers: string[];
}

function withCase(name: string, c: Case): string {
  if (c === 'upper') return name.toUpperCase();
  if (c === 'title') return name.charAt(0).toUpperCase() + name.slice(1);
  return name;
}

const DATES: Record<Exclude<Desire, 'no' | 'yes'>, string> = {
  expired: '2025-06-01',
  'expires-today': '2025-06-15', // NOW is 12:00 that day: expired since 00:00 UTC
  expiring: '2025-06-18', // within 7 days: a warning, still desired
  future: '2026-01-31',
};

export interface BuildOptions {
  anchored: boolean;
  /** Members seated directly and listed in users:, to make the seat list span several pages. */
  fillers?: number;
}

const selectedAt = (order: number, i: number): string =>
  `2024-${String(1 + order).padStart(2, '0')}-${String(10 + i).padStart(2, '0')}T09:00:00Z`;

export function buildScenario(raw: RawScenario, opts: BuildOptions): Scenario {
  const logins = raw.members.map((m, i) => withCase(POOL[i] as string, m.stored));
  const teams = raw.teams.map((t, j) => ({
    slug: TEAM_SLUGS[j] as string,
    name: TEAM_NAMES[j] as string,
    id: 100 + j,
    members: logins.filter((_, i) => raw.members[i]?.teams[j]),
    ...(t.selected ? { selected: true, selected_at: selectedAt(t.order, j) } : {}),
  }));
  const anchors = opts.anchored ? raw.teams.map((_, j) => `anchor-${j}`) : [];
  anchors.forEach((a, j) => teams[j]?.members.push(a));
  const fillers = Array.from({ length: opts.fillers ?? 0 }, (_, i) => `filler-${i}`);
  const entMembers = raw.enterprise.present ? logins.filter((_, i) => raw.members[i]?.enterprise) : [];

  const selectedTeamOf = (i: number) => raw.teams.some((t, j) => t.selected && raw.members[i]?.teams[j]);
  const seats: SimSeat[] = [];
  const used = (a: Activity): Partial<SimSeat> =>
    a === 'never'
      ? {}
      : {
          last_activity_at: new Date(NOW.getTime() - a * DAY_MS).toISOString().replace('.000Z', 'Z'),
          last_activity_editor: 'vscode/1.99.0/copilot/1.300.0',
        };
  raw.members.forEach((m, i) => {
    const login = logins[i] as string;
    if (m.direct)
      seats.push({ login, direct: true, created_at: '2024-03-01T00:00:00Z', ...used(m.activity) });
    else if (m.pending && !selectedTeamOf(i) && !entMembers.includes(login))
      seats.push({
        login,
        pending_cancellation_date: CYCLE,
        former_team: null,
        created_at: '2024-03-01T00:00:00Z',
        ...used(m.activity),
      });
  });
  for (const f of fillers) seats.push({ login: f, direct: true, created_at: '2024-02-01T00:00:00Z' });
  if (raw.unassignedSeat) seats.push({ login: null, created_at: '2024-02-01T00:00:00Z' });

  const state = parseSimState({
    org: { login: 'Acme', id: 1 },
    plan_type: 'business',
    seat_management_setting: 'assign_selected',
    now: NOW.toISOString().replace('.000Z', 'Z'),
    billing_cycle_start: CYCLE,
    members: [
      ...logins.map((login) => ({ login })),
      ...anchors.map((login) => ({ login })),
      ...fillers.map((login) => ({ login })),
      ...(raw.invitee ? [{ login: 'invitee', pending: true }] : []),
    ],
    teams,
    enterprise_teams: raw.enterprise.present
      ? [
          {
            slug: 'ent:pilot',
            name: 'Enterprise pilot',
            id: 900,
            members: entMembers,
            selected_at: selectedAt(raw.enterprise.order, 5),
          },
        ]
      : [],
    seats,
  });

  const spec: SeatsSpec = {
    org: withCase('acme', raw.orgWritten),
    users: [],
    teams: [],
    exempt: [],
    policy: raw.policy,
    flowShortUsers: raw.flowShortUsers,
  };
  raw.members.forEach((m, i) => {
    const login = withCase(POOL[i] as string, m.written);
    if (m.desire !== 'no') {
      const user: SpecUser = { login, long: m.long || m.desire !== 'yes' };
      if (user.long && m.reason !== undefined) user.reason = m.reason;
      if (m.desire !== 'yes') user.expires = DATES[m.desire];
      spec.users.push(user);
    } else if (m.exempt !== 'no') {
      spec.exempt.push(exemption('user', login, m.exempt, m.reason));
    }
  });
  for (const f of fillers) spec.users.push({ login: f, long: false });
  raw.teams.forEach((t, j) => {
    const slug = withCase(TEAM_SLUGS[j] as string, t.written);
    if (t.desired) {
      const team: SpecTeam = { slug, long: t.long };
      if (t.long && t.reason !== undefined) team.reason = t.reason;
      spec.teams.push(team);
    } else if (t.exempt !== 'no') spec.exempt.push(exemption('team', slug, t.exempt, t.reason));
    if (opts.anchored && t.anchorExempt) spec.exempt.push({ kind: 'user', name: `ANCHOR-${j}` });
  });

  return {
    state,
    spec,
    yaml: renderYaml(spec),
    allowMassRemoval: spec.policy === 'none',
    anchored: opts.anchored,
    fillers,
  };
}

function exemption(kind: 'user' | 'team', name: string, e: Exempt, reason?: string): SpecExemption {
  const ex: SpecExemption = { kind, name };
  if (reason !== undefined) ex.reason = reason;
  if (e === 'expired') ex.expires = DATES.expired;
  if (e === 'future') ex.expires = DATES.future;
  return ex;
}

// ---------------------------------------------------------------- YAML text

const q = (s: string): string => JSON.stringify(s); // a JSON string is a YAML double-quoted scalar

export function renderYaml(spec: SeatsSpec): string {
  const lines = [
    '# yaml-language-server: $schema=./schema/seats.schema.json',
    'version: 1',
    `org: ${spec.org}`,
  ];
  if (spec.users.length > 0) {
    if (spec.flowShortUsers && spec.users.every((u) => !u.long)) {
      lines.push(`users: [${spec.users.map((u) => u.login).join(', ')}]`);
    } else {
      lines.push('users:');
      for (const u of spec.users) {
        if (!u.long) {
          lines.push(`  - ${u.login}`);
          continue;
        }
        lines.push(`  - login: ${u.login}`);
        if (u.reason !== undefined) lines.push(`    reason: ${q(u.reason)}`);
        if (u.expires !== undefined) lines.push(`    expires: ${u.expires}`);
      }
    }
  }
  if (spec.teams.length > 0) {
    lines.push('teams:');
    for (const t of spec.teams) {
      if (!t.long) lines.push(`  - ${t.slug}`);
      else {
        lines.push(`  - slug: ${t.slug}`);
        if (t.reason !== undefined) lines.push(`    reason: ${q(t.reason)}`);
      }
    }
  }
  if (spec.exempt.length > 0) {
    lines.push('exempt:');
    for (const e of spec.exempt) {
      lines.push(`  - ${e.kind === 'user' ? 'login' : 'team'}: ${e.name}`);
      if (e.reason !== undefined) lines.push(`    reason: ${q(e.reason)}`);
      if (e.expires !== undefined) lines.push(`    expires: ${e.expires}`);
    }
  }
  if (spec.policy === 'percent') lines.push('policy:', '  max_removals: 100%');
  if (spec.policy === 'count')
    lines.push('policy:', '  max_removals: 100000', `  inactive_days: ${INACTIVE_DAYS}`);
  return lines.join('\n') + '\n';
}

/** Scenarios built from raw draws; shrinking works on the raw draws. */
export function scenarioArb(opts: BuildOptions): fc.Arbitrary<Scenario> {
  return rawScenarioArb().map((raw) => buildScenario(raw, opts));
}
