// The enterprise's side of the seat semantics (GitHub's enterprise Copilot endpoints, public
// preview), as pure operations on a SimState, like model.ts for the org.
//
// One seat record per user (state.seats), whatever gives it: the main org (direct, org teams),
// selected enterprise teams, an enterprise-level direct assignment (`enterprise_direct`) and the
// other orgs of the enterprise (`enterprise.orgs[].seats`). The enterprise seat list shows one row
// per source of a seat, and counts each seat once in `total_seats`.
import {
  assigningTeamOf,
  checkNameList,
  counts,
  dedupe,
  field,
  giveSource,
  isPending,
  seatOf,
  showUnselectedSeats,
  SimApiError,
  takeSource,
  type AssigningTeam,
} from './model.ts';
import {
  behaviourOption,
  enterpriseCopilotOf,
  enterpriseIndexOf,
  indexOf,
  key,
  otherOrgsSeating,
  type SimEnterpriseTeam,
  type SimSeat,
  type SimState,
} from './state.ts';

/** An org as a row shows it (organization-simple): the main org or another org of the enterprise. */
export interface RowOrg {
  login: string;
  id: number;
  description?: string | null;
}

/** One row of the enterprise seat list: a seat and the source it stands for. */
export interface SeatRow {
  seat: SimSeat;
  org: RowOrg | null;
  team: AssigningTeam | null;
}

// ---------------------------------------------------------------- members and teams

/** An enterprise member's login as stored: a main-org member (not invited), another org's, or listed. */
export function enterpriseMember(state: SimState, login: string): string | undefined {
  const m = indexOf(state).members.get(key(login));
  if (m && !m.pending) return m.login;
  return enterpriseIndexOf(state).members.get(key(login));
}

/** An enterprise team by slug (with or without `ent:`) or by id (the path of the team routes). */
export function findEnterpriseTeam(state: SimState, slugOrId: string): SimEnterpriseTeam | undefined {
  const idx = indexOf(state).enterpriseTeams;
  return (
    idx.get(key(slugOrId)) ??
    idx.get(`ent:${key(slugOrId)}`) ??
    (/^\d+$/.test(slugOrId) ? state.enterprise_teams.find((t) => t.id === Number(slugOrId)) : undefined)
  );
}

// team_names: the body names enterprise teams by name (the spec) or slug (as listed, `ent:` prefix
// included, or without it).
function requireEnterpriseTeams(state: SimState, names: string[]): SimEnterpriseTeam[] {
  const match = behaviourOption(state, 'team_names');
  const idx = indexOf(state).enterpriseTeams;
  const find = (n: string): SimEnterpriseTeam | undefined =>
    (match !== 'slug' ? state.enterprise_teams.find((t) => key(t.name) === key(n)) : undefined) ??
    (match !== 'name' ? (idx.get(key(n)) ?? idx.get(`ent:${key(n)}`)) : undefined);
  const missing = names.filter((n) => !find(n));
  if (missing.length > 0) {
    throw new SimApiError(
      404,
      `One or more enterprise teams do not exist in this enterprise: ${missing.join(', ')}`,
    );
  }
  return [...new Set(names.map((n) => find(n) as SimEnterpriseTeam))];
}

/** non_member_in_batch, as for the org: a non-member fails the batch (404), or is skipped. */
function requireEnterpriseMembers(state: SimState, logins: string[]): string[] {
  const missing = logins.filter((l) => !enterpriseMember(state, l));
  if (missing.length > 0 && behaviourOption(state, 'non_member_in_batch') === 'fail') {
    throw new SimApiError(404, `One or more users do not exist in this enterprise: ${missing.join(', ')}`);
  }
  return logins.flatMap((l) => enterpriseMember(state, l) ?? []);
}

// ---------------------------------------------------------------- preconditions

export const ENTERPRISE_MESSAGES = {
  disabled:
    'Copilot Business is not enabled for this enterprise. An enterprise owner must enable Copilot before seats can be assigned or cancelled.',
  billing:
    'Billing has not been set up for this enterprise. Add a payment method or an Azure subscription before assigning Copilot seats.',
  policy:
    'A public code suggestions policy has not been set for this enterprise. Set the "Suggestions matching public code" policy before assigning Copilot seats.',
  all: 'The Copilot access setting of this enterprise enables Copilot for all users. Seats cannot be assigned or cancelled for individual users or enterprise teams.',
  unconfigured:
    'The Copilot access setting of this enterprise is unconfigured. Choose who gets Copilot (selected users and teams) before assigning seats.',
} as const;

/** The enterprise Copilot settings a write needs, checked in this order; 422 with its own message. */
export function checkEnterpriseWritable(state: SimState): void {
  const c = enterpriseCopilotOf(state);
  if (!c.enabled) throw new SimApiError(422, ENTERPRISE_MESSAGES.disabled);
  if (!c.billing) throw new SimApiError(422, ENTERPRISE_MESSAGES.billing);
  if (c.public_code_suggestions === 'unset') throw new SimApiError(422, ENTERPRISE_MESSAGES.policy);
  if (c.access === 'all') throw new SimApiError(422, ENTERPRISE_MESSAGES.all);
  if (c.access === 'unconfigured') throw new SimApiError(422, ENTERPRISE_MESSAGES.unconfigured);
}

// ---------------------------------------------------------------- the writes

/** POST selected_users: an enterprise-direct source for each member; new and reactivated seats count. */
export function addEnterpriseSeatsForUsers(state: SimState, body: unknown): { seats_created: number } {
  const logins = checkNameList('selected_usernames', field(body, 'selected_usernames'));
  checkEnterpriseWritable(state);
  let created = 0;
  for (const login of requireEnterpriseMembers(state, logins)) {
    if (counts(state, giveSource(state, login, { enterpriseDirect: true }))) created++;
  }
  return { seats_created: created };
}

/**
 * DELETE selected_users: takes the enterprise-direct source away; the seat goes pending (counted)
 * only when no source is left. A seat that only comes from orgs or teams is kept: skipped, not
 * counted, no error ("unless they retain access through team or organization membership").
 */
export function cancelEnterpriseSeatsForUsers(state: SimState, body: unknown): { seats_cancelled: number } {
  const logins = checkNameList('selected_usernames', field(body, 'selected_usernames'));
  checkEnterpriseWritable(state);
  let cancelled = 0;
  for (const login of requireEnterpriseMembers(state, logins)) {
    const seat = seatOf(state, login);
    if (!seat || isPending(seat) || !seat.enterprise_direct) continue;
    if (takeSource(state, seat, { enterpriseDirect: true })) cancelled++;
  }
  return { seats_cancelled: cancelled };
}

/** POST selected_enterprise_teams: selects the teams; members get seats (created, reactivated count). */
export function addEnterpriseTeams(state: SimState, body: unknown): { seats_created: number } {
  const names = checkNameList('selected_enterprise_teams', field(body, 'selected_enterprise_teams'));
  checkEnterpriseWritable(state);
  let created = 0;
  for (const team of requireEnterpriseTeams(state, names)) {
    if (team.selected === false) {
      team.selected = true;
      team.selected_at = state.now;
    }
    for (const m of team.members) {
      const login = enterpriseMember(state, m);
      if (login && counts(state, giveSource(state, login, { enterpriseTeam: team.slug }))) created++;
    }
  }
  return { seats_created: created };
}

/**
 * DELETE selected_enterprise_teams, checked now (body, settings, names); returns what applying it
 * does, so the route can apply it at once (sync) or later (enterprise_team_delete 'async').
 */
export function prepareEnterpriseTeamsCancel(
  state: SimState,
  body: unknown,
): () => { seats_cancelled: number } {
  const names = checkNameList('selected_enterprise_teams', field(body, 'selected_enterprise_teams'));
  checkEnterpriseWritable(state);
  const teams = requireEnterpriseTeams(state, dedupe(names));
  return () => {
    const left: SimSeat[] = [];
    for (const team of teams) {
      if (team.selected === false) continue;
      for (const m of team.members) {
        const s = seatOf(state, m);
        if (s && takeSource(state, s, { enterpriseTeam: team.slug })) left.push(s);
      }
      team.selected = false;
      delete team.selected_at;
    }
    // unselected_team_seats applies as for org teams
    showUnselectedSeats(state, left);
    return { seats_cancelled: left.length };
  };
}

// ---------------------------------------------------------------- the seat list

/** The main org as a row shows it. */
const mainOrg = (state: SimState): RowOrg => state.org;

/** The team the main org's row shows: null for a direct seat (direct_and_team), else its earliest org team. */
function orgRowTeam(state: SimState, seat: SimSeat): AssigningTeam | null {
  const orgOnly: SimSeat = { ...seat, enterprise_teams: [] };
  return assigningTeamOf(state, orgOnly);
}

/**
 * The rows of one seat, in this order: the main org's (direct or org team), one per other org
 * seating the user, one per selected enterprise team, the enterprise-direct one. A pending seat
 * (or a seat without assignee) is one row.
 */
export function seatRows(state: SimState, seat: SimSeat): SeatRow[] {
  if (seat.login === null) return [{ seat, org: mainOrg(state), team: null }];
  if (isPending(seat)) {
    return [{ seat, org: seat.enterprise_only ? null : mainOrg(state), team: assigningTeamOf(state, seat) }];
  }
  const rows: SeatRow[] = [];
  if (seat.direct || (seat.teams?.length ?? 0) > 0)
    rows.push({ seat, org: mainOrg(state), team: orgRowTeam(state, seat) });
  for (const o of otherOrgsSeating(state, seat.login)) rows.push({ seat, org: o, team: null });
  // (rowCount below counts these rows without building them: keep the two in step)
  const idx = indexOf(state).enterpriseTeams;
  for (const slug of seat.enterprise_teams ?? []) {
    const team = idx.get(key(slug));
    if (team) rows.push({ seat, org: null, team: { kind: 'enterprise', team } });
  }
  if (seat.enterprise_direct) rows.push({ seat, org: null, team: null });
  return rows;
}

/** Every row of the enterprise seat list: seats in list order, a seat's rows adjacent. */
export function enterpriseRows(state: SimState): SeatRow[] {
  return state.seats.flatMap((s) => seatRows(state, s));
}

/** How many rows seatRows gives a seat, without building them (paging 100,000+ seats). */
function rowCount(
  seat: SimSeat,
  orgSeats: Map<string, unknown[]>,
  idx: Map<string, SimEnterpriseTeam>,
): number {
  if (seat.login === null || isPending(seat)) return 1;
  let n = seat.direct || (seat.teams?.length ?? 0) > 0 ? 1 : 0;
  if (orgSeats.size > 0) n += orgSeats.get(key(seat.login))?.length ?? 0;
  for (const slug of seat.enterprise_teams ?? []) if (idx.has(key(slug))) n++;
  return seat.enterprise_direct ? n + 1 : n;
}

/**
 * Rows [start, start + count) of the list and the number of rows in all: one counting pass over
 * the seats, rows built only for the page.
 */
export function enterpriseRowsPage(
  state: SimState,
  start: number,
  count: number,
): { rows: SeatRow[]; total: number } {
  const orgSeats = state.enterprise.orgs ? enterpriseIndexOf(state).orgSeats : new Map<string, unknown[]>();
  const idx = indexOf(state).enterpriseTeams;
  const rows: SeatRow[] = [];
  let total = 0;
  for (const seat of state.seats) {
    const n = rowCount(seat, orgSeats, idx);
    if (total + n > start && total < start + count) {
      const all = seatRows(state, seat);
      for (let i = Math.max(0, start - total); i < n && total + i < start + count; i++)
        rows.push(all[i] as SeatRow);
    }
    total += n;
  }
  return { rows, total };
}
