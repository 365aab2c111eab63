// Generated orgs for benchmarks and property tests: any size up to 100,000 seats and beyond,
// the same state for the same options (every random choice comes from the seeded PRNG).
//
// Layout: members user000001…; the first `teamSeatShare` of the seats come through selected teams
// (which partition those members), the rest are direct; some team-seated members also have a
// direct seat; a share of the direct-only seats is pending cancellation. Other teams are not
// selected and take members from anywhere. Seats are listed in creation order.
//
// With `enterpriseRows`, the org is the main org of an enterprise whose seat list has about that
// many rows: the seat count is derived from it, a share of the active seats is also seated by a
// second org (`<org>-two`) and a share through one of four selected enterprise teams (two and three
// rows for those users), and a few enterprise members outside any org have enterprise-direct seats.
import { prng } from './faults.ts';
import {
  parseSimState,
  type SeatManagementSetting,
  type SimSeat,
  type SimState,
  type SimTeam,
} from './state.ts';

export interface GenerateOptions {
  members: number;
  teams: number;
  seats: number;
  seed: number | string;
  org?: string;
  /** The simulated clock. Default 2025-06-15T12:00:00Z. */
  now?: string;
  /** Share of seats that come through selected teams (default 0.4). */
  teamSeatShare?: number;
  /** Share of teams that are selected (default half, at least one when team seats are wanted). */
  selectedTeamShare?: number;
  /** Share of direct-only seats pending cancellation (default 0.02). */
  pendingShare?: number;
  /** Share of seats with no activity for 90+ days or never (default 0.2). */
  idleShare?: number;
  /** Share of team-seated members that also have a direct seat (default 0.1). */
  overlapShare?: number;
  planType?: 'business' | 'enterprise';
  seatManagementSetting?: SeatManagementSetting;
  /**
   * Make an enterprise whose seat list has about this many rows (overrides `seats`, and `members`
   * when too few): the main org, a second org and four enterprise teams.
   */
  enterpriseRows?: number;
  /** Share of active seats also seated by the second org (default 0.3). */
  secondOrgShare?: number;
  /** Share of active seats also seated through an enterprise team (default 0.2). */
  enterpriseTeamShare?: number;
  /** Enterprise-direct seats of enterprise members in no org, as a share of seats (default 0.01). */
  enterpriseDirectShare?: number;
}

const DAY = 86_400_000;
const pad = (n: number): string => String(n).padStart(6, '0');
const EDITORS = [
  'vscode/1.90.0/copilot/1.200.0',
  'JetBrains-IU/241.15989/copilot-intellij/1.5.0',
  'vim/9.1/copilot.vim/1.40.0',
];

export function generateOrg(options: GenerateOptions): SimState {
  const opts = options.enterpriseRows === undefined ? options : enterpriseSizes(options);
  if (opts.seats > opts.members) throw new Error('generateOrg: more seats than members');
  const rand = prng(opts.seed);
  const now = Date.parse(opts.now ?? '2025-06-15T12:00:00Z');
  const logins = Array.from({ length: opts.members }, (_, i) => `user${pad(i + 1)}`);
  const teamSeats = opts.teams > 0 ? Math.round(opts.seats * (opts.teamSeatShare ?? 0.4)) : 0;
  const selectedCount =
    teamSeats > 0 ? Math.max(1, Math.round(opts.teams * (opts.selectedTeamShare ?? 0.5))) : 0;
  const teams = makeTeams(opts, logins, teamSeats, selectedCount, now, rand);
  const seats = makeSeats(opts, logins, teams, teamSeats, now, rand);
  const enterprise = opts.enterpriseRows === undefined ? {} : makeEnterprise(opts, seats, now, rand);
  return parseSimState({
    ...enterprise,
    org: { login: opts.org ?? 'bigcorp', id: 9_000_001, name: opts.org ?? 'BigCorp' },
    plan_type: opts.planType ?? 'business',
    seat_management_setting: opts.seatManagementSetting ?? 'assign_selected',
    now: new Date(now).toISOString().replace('.000Z', 'Z'),
    members: logins.map((login, i) => ({ login, id: 100_000 + i })),
    teams,
    seats,
  });
}

// Rows per seat: 1 + secondOrgShare + enterpriseTeamShare (pending seats have one); seats from that.
function enterpriseSizes(opts: GenerateOptions): GenerateOptions {
  const perSeat = 1 + (opts.secondOrgShare ?? 0.3) + (opts.enterpriseTeamShare ?? 0.2);
  const seats = Math.max(1, Math.round((opts.enterpriseRows as number) / perSeat));
  return { ...opts, seats, members: Math.max(opts.members, seats) };
}

function makeEnterprise(
  opts: GenerateOptions,
  seats: SimSeat[],
  now: number,
  rand: () => number,
): Record<string, unknown> {
  const org = opts.org ?? 'bigcorp';
  const two: string[] = [];
  const teams = Array.from({ length: 4 }, (_, t) => ({
    slug: `ent:generated-${t + 1}`,
    name: `Generated ${t + 1}`,
    id: 90_000 + t,
    members: [] as string[],
    created_at: iso(now - (300 + t) * DAY),
    selected_at: iso(now - (299 + t) * DAY),
  }));
  let n = 0;
  for (const seat of seats) {
    if (seat.pending_cancellation_date || seat.login === null) continue;
    if (rand() < (opts.secondOrgShare ?? 0.3)) two.push(seat.login);
    if (rand() < (opts.enterpriseTeamShare ?? 0.2))
      (teams[n++ % teams.length] as { members: string[] }).members.push(seat.login);
  }
  const outsiders = Array.from(
    { length: Math.round(seats.length * (opts.enterpriseDirectShare ?? 0.01)) },
    (_, i) => `ent-user${pad(i + 1)}`,
  );
  for (const login of outsiders) {
    seats.push({
      login,
      enterprise_direct: true,
      created_at: iso(now - 5 * DAY),
      ...activity(opts, now, rand),
    });
  }
  return {
    enterprise: {
      slug: `${org.toLowerCase()}-enterprise`,
      id: 4_400_001,
      orgs: [{ login: `${org}-two`, id: 9_000_002, members: [...two], seats: two }],
      members: outsiders,
    },
    enterprise_teams: teams,
  };
}

function makeTeams(
  opts: GenerateOptions,
  logins: string[],
  teamSeats: number,
  selectedCount: number,
  now: number,
  rand: () => number,
): SimTeam[] {
  const teams: SimTeam[] = [];
  const block = selectedCount > 0 ? Math.ceil(teamSeats / selectedCount) : 0;
  for (let t = 0; t < opts.teams; t++) {
    const selected = t < selectedCount;
    const members = selected
      ? logins.slice(t * block, Math.min(teamSeats, (t + 1) * block))
      : pickDistinct(logins, Math.min(logins.length, 5 + Math.floor(rand() * 50)), rand);
    teams.push({
      slug: `team-${t + 1}`,
      name: `Team ${t + 1}`,
      id: 10_000 + t,
      members,
      selected,
      selected_at: selected ? new Date(now - (400 + t) * DAY).toISOString().replace('.000Z', 'Z') : null,
    });
  }
  return teams;
}

function pickDistinct(from: string[], n: number, rand: () => number): string[] {
  const chosen = new Set<string>();
  while (chosen.size < n) chosen.add(from[Math.floor(rand() * from.length)] as string);
  return [...chosen];
}

function makeSeats(
  opts: GenerateOptions,
  logins: string[],
  teams: SimTeam[],
  teamSeats: number,
  now: number,
  rand: () => number,
): SimSeat[] {
  const teamOf = new Map<string, string>();
  for (const t of teams) if (t.selected) for (const m of t.members) teamOf.set(m, t.slug);
  const d = new Date(now);
  const nextCycle = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
  const seats: SimSeat[] = [];
  for (let i = 0; i < opts.seats; i++) {
    const login = logins[i] as string;
    const team = i < teamSeats ? teamOf.get(login) : undefined;
    const direct = !team || rand() < (opts.overlapShare ?? 0.1);
    const seat: SimSeat = {
      login,
      created_at: iso(now - (10 + Math.floor(rand() * 700)) * DAY),
      ...activity(opts, now, rand),
    };
    if (!team && rand() < (opts.pendingShare ?? 0.02)) {
      seat.pending_cancellation_date = nextCycle;
      seat.former_team = null;
    } else {
      if (direct) seat.direct = true;
      if (team) seat.teams = [team];
    }
    seats.push(seat);
  }
  return seats.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
}

function activity(opts: GenerateOptions, now: number, rand: () => number): Partial<SimSeat> {
  const idle = rand() < (opts.idleShare ?? 0.2);
  if (idle && rand() < 0.3)
    return { last_activity_at: null, last_activity_editor: null, last_authenticated_at: null };
  const daysAgo = idle ? 90 + Math.floor(rand() * 200) : Math.floor(rand() * 30);
  const at = now - daysAgo * DAY - Math.floor(rand() * DAY);
  return {
    last_activity_at: iso(at),
    last_activity_editor: EDITORS[Math.floor(rand() * EDITORS.length)] as string,
    last_authenticated_at: iso(at - 60_000),
  };
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
