// The seat semantics of GitHub Copilot (design.md §3), as pure operations on a SimState.
// The server's write routes call these; tests call them directly to change the world between
// requests (a member joins a selected team, the billing cycle turns over, a seat disappears).
//
// A seat's sources are `direct`, its selected `teams` and its `enterprise_teams`. Removing the last
// source does not remove the seat: it goes "pending cancellation" until the next cycle start.
//
// Where GitHub does not document what happens, the state's `behaviour` options decide
// (SIM_BEHAVIOURS in state.ts; each use below names its option).
import {
  behaviourOption,
  indexOf,
  key,
  type SimEnterpriseTeam,
  type SimMember,
  type SimSeat,
  type SimState,
  type SimTeam,
  otherOrgsSeating,
  enterpriseIndexOf,
} from './state.ts';

/** A refused write: the server answers with this status and GitHub's error body. */
export class SimApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export const MAX_NAMES_PER_WRITE = 100;

export const isPending = (s: SimSeat): boolean => !!s.pending_cancellation_date;

/** Any source left: main-org (direct, teams), enterprise teams, enterprise-direct, another org of the enterprise. */
export function hasSources(state: SimState, s: SimSeat): boolean {
  return (
    !!s.direct ||
    (s.teams?.length ?? 0) > 0 ||
    (s.enterprise_teams?.length ?? 0) > 0 ||
    !!s.enterprise_direct ||
    otherOrgsSeating(state, s.login).length > 0
  );
}

/** A main-org source: what puts a seat in the org's own seat list. */
const hasOrgSource = (state: SimState, s: SimSeat): boolean =>
  !!s.direct ||
  (s.teams?.length ?? 0) > 0 ||
  ((s.enterprise_teams?.length ?? 0) > 0 && s.login !== null && indexOf(state).members.has(key(s.login)));

/**
 * Whether GET /orgs/{org}/copilot/billing/seats lists a seat: not when it only comes from the
 * enterprise (enterprise-direct, another org, an enterprise team of a non-member), nor when it went
 * pending from there. Every seat of a state without an enterprise part is listed.
 */
export function listedByOrg(state: SimState, s: SimSeat): boolean {
  if (s.login === null) return true;
  if (isPending(s)) return !s.enterprise_only;
  return hasOrgSource(state, s);
}

/** The seats the org lists: state.seats itself when every seat is listed (no copy, as before). */
export function orgSeats(state: SimState): SimSeat[] {
  for (const s of state.seats)
    if (!listedByOrg(state, s)) return state.seats.filter((x) => listedByOrg(state, x));
  return state.seats;
}

/** Active (not pending, not invited) org member, or undefined. */
export function activeMember(state: SimState, login: string): SimMember | undefined {
  const m = indexOf(state).members.get(key(login));
  return m && !m.pending ? m : undefined;
}

export function seatOf(state: SimState, login: string): SimSeat | undefined {
  return indexOf(state).seats.get(key(login));
}

export function findTeam(state: SimState, slug: string): SimTeam | undefined {
  return indexOf(state).teams.get(key(slug));
}

// ---------------------------------------------------------------- write preconditions

const SETTING_MESSAGES: Record<string, string> = {
  assign_all:
    'Your organization has enabled Copilot access for all members. Seats cannot be assigned or cancelled for individual users or teams while the seat management setting is "assign_all".',
  disabled:
    'Copilot access is disabled for this organization. Seats can only be assigned or cancelled when the seat management setting is "assign_selected".',
  unconfigured:
    'Copilot is not set up for this organization: set up a Copilot subscription and a suggestion matching policy before assigning seats.',
};

export function checkWritable(state: SimState): void {
  const msg = SETTING_MESSAGES[state.seat_management_setting];
  if (msg) throw new SimApiError(422, msg);
}

/** The body checks GitHub makes before looking at the names: an array of 1..100 strings. */
export function checkNameList(field: string, value: unknown): string[] {
  if (!Array.isArray(value)) throw new SimApiError(422, `Invalid request.\n\n"${field}" wasn't supplied.`);
  if (value.length === 0) {
    throw new SimApiError(
      422,
      `Invalid request.\n\nNo items provided for "${field}": at least 1 is required.`,
    );
  }
  if (value.length > MAX_NAMES_PER_WRITE) {
    throw new SimApiError(
      422,
      `Invalid request.\n\n${value.length} items provided for "${field}": at most ${MAX_NAMES_PER_WRITE} are allowed.`,
    );
  }
  if (!value.every((v) => typeof v === 'string')) {
    throw new SimApiError(422, `Invalid request.\n\nEvery item of "${field}" must be a string.`);
  }
  return dedupe(value as string[]);
}

export function dedupe(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((n) => !seen.has(key(n)) && !!seen.add(key(n)));
}

/** The members among the logins; non_member_in_batch: a non-member fails the batch, or is skipped. */
function requireMembers(state: SimState, logins: string[]): SimMember[] {
  const missing = logins.filter((l) => !activeMember(state, l));
  if (missing.length > 0 && behaviourOption(state, 'non_member_in_batch') === 'fail') {
    throw new SimApiError(404, `One or more users do not exist in this organization: ${missing.join(', ')}`);
  }
  return logins.flatMap((l) => activeMember(state, l) ?? []);
}

/** team_names: how names in selected_teams bodies match; the spec says names, people send slugs. */
function requireTeams(state: SimState, names: string[]): SimTeam[] {
  const idx = indexOf(state);
  const match = behaviourOption(state, 'team_names');
  const find = (n: string): SimTeam | undefined =>
    (match !== 'slug' ? idx.teamsByName.get(key(n)) : undefined) ??
    (match !== 'name' ? idx.teams.get(key(n)) : undefined);
  const missing = names.filter((n) => !find(n));
  if (missing.length > 0) {
    throw new SimApiError(404, `One or more teams do not exist in this organization: ${missing.join(', ')}`);
  }
  return dedupeTeams(names.map((n) => find(n) as SimTeam));
}

function dedupeTeams(teams: SimTeam[]): SimTeam[] {
  return [...new Set(teams)];
}

// ---------------------------------------------------------------- seat sources

/** What giving a source did to the seat. */
export type Given = 'created' | 'reactivated' | 'unchanged';

/** A seat source: a team, an enterprise team, enterprise-direct, or (none of these) org-direct. */
export interface SourceRef {
  team?: string;
  enterpriseTeam?: string;
  enterpriseDirect?: boolean;
}

/** Whether a write counts it in seats_created: readd_counts says whether a reactivation does. */
export function counts(state: SimState, given: Given): boolean {
  if (given === 'reactivated') return behaviourOption(state, 'readd_counts') === 'counted';
  return given === 'created';
}

/** Gives a seat a source, creating or reactivating the seat if needed. */
export function giveSource(state: SimState, login: string, source: SourceRef): Given {
  let seat = seatOf(state, login);
  // An org source on a seat the org did not list (it only came from the enterprise): new to the org.
  const orgSource = source.enterpriseTeam === undefined && !source.enterpriseDirect;
  const given: Given = !seat
    ? 'created'
    : isPending(seat)
      ? 'reactivated'
      : orgSource && !listedByOrg(state, seat)
        ? 'created'
        : 'unchanged';
  if (!seat) {
    seat = { login, created_at: state.now, last_activity_at: null, last_activity_editor: null };
    state.seats.push(seat);
  }
  if (isPending(seat)) {
    seat.pending_cancellation_date = null;
    delete seat.former_team;
    delete seat.enterprise_only;
  }
  if (source.team !== undefined) addOnce((seat.teams ??= []), source.team);
  else if (source.enterpriseTeam !== undefined)
    addOnce((seat.enterprise_teams ??= []), source.enterpriseTeam);
  else if (source.enterpriseDirect) seat.enterprise_direct = true;
  else seat.direct = true;
  return given;
}

function addOnce(list: string[], name: string): void {
  if (!list.some((n) => key(n) === key(name))) list.push(name);
}

/** Takes a source away; returns true when that left the seat without sources (now pending). */
export function takeSource(state: SimState, seat: SimSeat, source: SourceRef): boolean {
  if (isPending(seat)) return false;
  const shownTeam = assigningTeamOf(state, seat);
  const wasListed = listedByOrg(state, seat);
  if (source.team !== undefined)
    seat.teams = (seat.teams ?? []).filter((t) => key(t) !== key(source.team as string));
  else if (source.enterpriseTeam !== undefined) {
    seat.enterprise_teams = (seat.enterprise_teams ?? []).filter(
      (t) => key(t) !== key(source.enterpriseTeam as string),
    );
  } else if (source.enterpriseDirect) delete seat.enterprise_direct;
  else seat.direct = false;
  if (hasSources(state, seat)) return false;
  seat.pending_cancellation_date = state.billing_cycle_start;
  seat.former_team = shownTeam?.team.slug ?? null;
  if (!wasListed) seat.enterprise_only = true;
  delete seat.teams;
  delete seat.enterprise_teams;
  delete seat.direct;
  delete seat.enterprise_direct;
  return true;
}

// ---------------------------------------------------------------- the four writes

export function addSeatsForUsers(state: SimState, body: unknown): { seats_created: number } {
  const logins = checkNameList('selected_usernames', field(body, 'selected_usernames'));
  checkWritable(state);
  const members = requireMembers(state, logins);
  let created = 0;
  for (const m of members) if (counts(state, giveSource(state, m.login, {}))) created++;
  return { seats_created: created };
}

export function cancelSeatsForUsers(state: SimState, body: unknown): { seats_cancelled: number } {
  const logins = checkNameList('selected_usernames', field(body, 'selected_usernames'));
  checkWritable(state);
  const members = requireMembers(state, logins);
  const viaTeam = members.filter((m) => {
    const s = seatOf(state, m.login);
    return (
      !!s &&
      !isPending(s) &&
      !s.direct &&
      ((s.teams?.length ?? 0) > 0 || (s.enterprise_teams?.length ?? 0) > 0)
    );
  });
  if (viaTeam.length > 0) {
    const who = viaTeam.map(
      (m) => `${m.login} (${assigningTeamOf(state, seatOf(state, m.login) as SimSeat)?.team.slug})`,
    );
    throw new SimApiError(
      422,
      `Cannot cancel seats for ${who.join(', ')}: the seat was assigned via a team. Remove the user from the team, or cancel the team's seats.`,
    );
  }
  let cancelled = 0;
  for (const m of members) {
    const s = seatOf(state, m.login);
    if (s && takeSource(state, s, {})) cancelled++;
  }
  return { seats_cancelled: cancelled };
}

export function addSeatsForTeams(state: SimState, body: unknown): { seats_created: number } {
  const names = checkNameList('selected_teams', field(body, 'selected_teams'));
  checkWritable(state);
  let created = 0;
  for (const team of requireTeams(state, names)) {
    if (!team.selected) {
      team.selected = true;
      team.selected_at = state.now;
    }
    for (const m of team.members)
      if (activeMember(state, m) && counts(state, giveSource(state, m, { team: team.slug }))) created++;
  }
  return { seats_created: created };
}

export function cancelSeatsForTeams(state: SimState, body: unknown): { seats_cancelled: number } {
  const names = checkNameList('selected_teams', field(body, 'selected_teams'));
  checkWritable(state);
  const left: SimSeat[] = [];
  for (const team of requireTeams(state, names)) {
    if (!team.selected) continue;
    for (const m of team.members) {
      const s = seatOf(state, m);
      if (s && takeSource(state, s, { team: team.slug })) left.push(s);
    }
    team.selected = false;
    team.selected_at = null;
  }
  showUnselectedSeats(state, left);
  return { seats_cancelled: left.length };
}

/**
 * unselected_team_seats: what the seats a DELETE selected_teams left without a source look like.
 * takeSource made them pending with the team shown ('pending-team'); the other values forget the
 * team, or end the seats at once (they were counted as cancelled all the same).
 */
export function showUnselectedSeats(state: SimState, seats: SimSeat[]): void {
  const show = behaviourOption(state, 'unselected_team_seats');
  if (show === 'pending-no-team') for (const s of seats) s.former_team = null;
  if (show === 'gone' && seats.length > 0) {
    const gone = new Set(seats);
    state.seats = state.seats.filter((s) => !gone.has(s));
  }
}

export function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

// ---------------------------------------------------------------- the world changing

/** Adds an org member (or accepts a pending invitation). */
export function addMember(state: SimState, member: SimMember): SimMember {
  const existing = indexOf(state).members.get(key(member.login));
  if (existing) {
    delete existing.pending;
    return existing;
  }
  const m = { ...member };
  state.members.push(m);
  return m;
}

/** A user leaves the org: out of every team, and the seat goes pending. */
export function removeMember(state: SimState, login: string): void {
  for (const t of state.teams) t.members = t.members.filter((m) => key(m) !== key(login));
  for (const t of state.enterprise_teams) t.members = t.members.filter((m) => key(m) !== key(login));
  const seat = seatOf(state, login);
  if (seat && !isPending(seat)) {
    const listed = listedByOrg(state, seat);
    seat.direct = false;
    seat.teams = [];
    seat.enterprise_teams = [];
    // still in the enterprise through another org or as an enterprise member: keeps enterprise-direct
    if (!enterpriseIndexOf(state).members.has(key(login))) delete seat.enterprise_direct;
    if (takeSource(state, seat, {}) && listed) delete seat.enterprise_only;
  }
  state.members = state.members.filter((m) => key(m.login) !== key(login));
}

/** A member joins a team; if the team is selected, the member gets (or regains) a seat. */
export function addTeamMember(state: SimState, slug: string, login: string): { seatCreated: boolean } {
  const team = findTeam(state, slug);
  if (!team) throw new SimApiError(404, `No team ${slug}`);
  const member = activeMember(state, login);
  if (!member) throw new SimApiError(404, `${login} is not a member of ${state.org.login}`);
  addOnce(team.members, member.login);
  const given = team.selected ? giveSource(state, member.login, { team: team.slug }) : 'unchanged';
  return { seatCreated: given !== 'unchanged' };
}

/** A member leaves a team; the seat goes pending if the team was its last source. */
export function removeTeamMember(state: SimState, slug: string, login: string): { seatCancelled: boolean } {
  const team = findTeam(state, slug);
  if (!team) throw new SimApiError(404, `No team ${slug}`);
  team.members = team.members.filter((m) => key(m) !== key(login));
  const seat = seatOf(state, login);
  return { seatCancelled: !!seat && team.selected === true && takeSource(state, seat, { team: team.slug }) };
}

/** Removes a seat outright (as if it had ended): lets tests make the list shift while it is paged. */
export function deleteSeat(state: SimState, login: string): boolean {
  const before = state.seats.length;
  state.seats = state.seats.filter((s) => s.login === null || key(s.login) !== key(login));
  return state.seats.length < before;
}

/** Moves the clock. At each cycle start passed, pending seats end and the next cycle is a month on. */
export function advanceTo(state: SimState, isoDate: string): void {
  const target = new Date(isoDate);
  if (Number.isNaN(target.getTime())) throw new Error(`advanceTo: not a date: ${isoDate}`);
  if (target.getTime() < Date.parse(state.now))
    throw new Error(`advanceTo: ${isoDate} is before ${state.now}`);
  while (Date.parse(`${state.billing_cycle_start}T00:00:00Z`) <= target.getTime()) {
    const cycle = state.billing_cycle_start;
    state.seats = state.seats.filter(
      (s) => !s.pending_cancellation_date || s.pending_cancellation_date > cycle,
    );
    state.billing_cycle_start = nextMonth(cycle);
  }
  state.now = target.toISOString().replace('.000Z', 'Z');
}

function nextMonth(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()))
    .toISOString()
    .slice(0, 10);
}

// ---------------------------------------------------------------- derived views

export type AssigningTeam = { kind: 'team'; team: SimTeam } | { kind: 'enterprise'; team: SimEnterpriseTeam };

/**
 * The team a seat shows as `assigning_team`: null when the seat has a direct source (the direct
 * assignment is what keeps it); otherwise the team it was first assigned through, i.e. the earliest
 * selected of its teams (org and enterprise alike, ties by slug). A pending seat shows the team it
 * came through before it was cancelled (`former_team`). direct_and_team 'team': a seat with a
 * direct source and an org team shows its teams as if the direct source were not there.
 */
export function assigningTeamOf(state: SimState, seat: SimSeat): AssigningTeam | null {
  const idx = indexOf(state);
  if (isPending(seat)) {
    if (!seat.former_team) return null;
    const team = idx.teams.get(key(seat.former_team));
    if (team) return { kind: 'team', team };
    const ent = idx.enterpriseTeams.get(key(seat.former_team));
    return ent ? { kind: 'enterprise', team: ent } : null;
  }
  if (seat.direct && !showsTeamDespiteDirect(state, seat)) return null;
  const candidates: { at: string; slug: string; a: AssigningTeam }[] = [];
  for (const s of seat.teams ?? []) {
    const t = idx.teams.get(key(s));
    if (t) candidates.push({ at: t.selected_at ?? '', slug: key(t.slug), a: { kind: 'team', team: t } });
  }
  for (const s of seat.enterprise_teams ?? []) {
    const t = idx.enterpriseTeams.get(key(s));
    if (t)
      candidates.push({
        at: t.selected_at ?? t.created_at ?? '',
        slug: key(t.slug),
        a: { kind: 'enterprise', team: t },
      });
  }
  candidates.sort((x, y) =>
    x.at < y.at ? -1 : x.at > y.at ? 1 : x.slug < y.slug ? -1 : x.slug > y.slug ? 1 : 0,
  );
  return candidates[0]?.a ?? null;
}

function showsTeamDespiteDirect(state: SimState, seat: SimSeat): boolean {
  return (seat.teams?.length ?? 0) > 0 && behaviourOption(state, 'direct_and_team') === 'team';
}

export interface SeatBreakdown {
  total: number;
  added_this_cycle: number;
  pending_cancellation: number;
  pending_invitation: number;
  active_this_cycle: number;
  inactive_this_cycle: number;
}

/** seat_breakdown as GET /orgs/{org}/copilot/billing reports it, for the current cycle. */
export function seatBreakdown(state: SimState): SeatBreakdown {
  const cycleStart = previousMonth(state.billing_cycle_start);
  let added = 0;
  let pending = 0;
  let active = 0;
  const seats = orgSeats(state);
  for (const s of seats) {
    if (s.created_at >= cycleStart) added++;
    if (isPending(s)) pending++;
    if (s.last_activity_at && s.last_activity_at >= cycleStart) active++;
  }
  const total = seats.length;
  return {
    total,
    added_this_cycle: added,
    pending_cancellation: pending,
    pending_invitation: 0,
    active_this_cycle: active,
    inactive_this_cycle: total - active,
  };
}

function previousMonth(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, d.getUTCDate()))
    .toISOString()
    .slice(0, 10);
}
