// The simulated organization: the JSON state file format, loading, saving, and the lookup
// index the model and the server share.
//
// ---------------------------------------------------------------- state file format (version 1)
//
// {
//   "version": 1,
//   "org": { "login": "acme", "id": 9000001, "name": "Acme Corp" },
//   "enterprise": { "slug": "acme-corp", "id": 77,           // optional: owner of enterprise teams
//     "orgs": [ { "login": "acme-labs", "id": 78, "members": ["dan"], "seats": ["dan"] } ],  // other orgs
//     "members": ["erik"],                                    // enterprise members in no org
//     "copilot": { "enabled": true, "billing": true, "public_code_suggestions": "set", "access": "selected" } },
//   "plan_type": "business",                                 // business | enterprise
//   "seat_management_setting": "assign_selected",            // assign_all | assign_selected | disabled | unconfigured
//   "now": "2025-06-15T12:00:00Z",                           // the simulated clock
//   "billing_cycle_start": "2025-07-01",                     // the NEXT cycle start: pending cancellations end then
//   "members": [ { "login": "alice", "id": 101, "role": "admin" },
//                { "login": "newbie", "pending": true } ],   // pending: invited, not yet a member
//   "teams": [ { "slug": "backend", "name": "Backend", "id": 11, "members": ["alice"],
//                "selected": true, "selected_at": "2024-01-10T09:00:00Z" } ],
//   "enterprise_teams": [ { "slug": "ent:copilot-pilot", "name": "Copilot pilot", "id": 501,
//                           "members": ["carol"], "selected_at": "2024-02-01T00:00:00Z",
//                           "selected": true } ],            // default true
//   "seats": [
//     { "login": "alice", "direct": true, "teams": ["backend"], "created_at": "2024-01-10T09:00:00Z",
//       "last_activity_at": "2025-06-14T08:00:00Z", "last_activity_editor": "vscode/1.90.0/copilot/1.200.0",
//       "last_authenticated_at": "2025-06-14T07:59:00Z" },
//     { "login": "bob", "pending_cancellation_date": "2025-07-01", "former_team": null, "created_at": "…" },
//     { "login": null, "created_at": "…" }                    // a seat with no assignee
//   ],
//   "repos": { "acme/admin": { "issues": [], "comments": [], "commit_pulls": {} } },
//   "next_id": 1,                                           // id counter for issues, comments, labels
//   "behaviour": { "team_type": "absent", "team_names": "slug" }  // GitHub's undocumented behaviours
// }
//
// Meaning:
// - A seat's sources are `direct` and the selected `teams` / `enterprise_teams` it comes through,
//   and at enterprise level `enterprise_direct` and the other orgs listing the login in `seats`.
//   The org's seat list leaves out seats with only enterprise-level sources (src/simulator/README.md).
//   An active seat has at least one source. A pending seat (`pending_cancellation_date` set) has
//   none; `former_team` names the team it came through, so `assigning_team` keeps showing it.
// - A selected team seats all its members: on load, every org member of a selected team (and of
//   every enterprise team) gets that team as a source, and a seat if it had none (created at the
//   team's `selected_at`). A seat may not name a team that is not selected or that the user is
//   not in; a pending seat may not belong to a member of a selected team. Both are load errors.
// - The seat list order is the order of `seats` (creation order); new seats are appended.
// - Logins and slugs compare case-insensitively; responses show the case stored here.
// - Optional with defaults: `enterprise` (slug `<org>-enterprise`), `now` (the current time),
//   `billing_cycle_start` (the 1st of the month after `now`), `members[].id` (derived from the
//   login), `teams[].selected` (false), `repos` ({}), `policies` (the four Copilot policies),
//   `behaviour` (each option at its default, the first value in SIM_BEHAVIOURS).
// - `behaviour` picks, for each thing GitHub does not document (design.md §3.6), one of its plausible
//   values: team_type, direct_and_team, unselected_team_seats, team_names, readd_counts,
//   non_member_in_batch, activity_retention, enterprise_team_delete, enterprise_paging
//   (src/simulator/README.md has the table). An unknown
//   option or value is a load error.
import { readFile, writeFile } from 'node:fs/promises';

export type SeatManagementSetting = 'assign_all' | 'assign_selected' | 'disabled' | 'unconfigured';
export type CopilotPlanType = 'business' | 'enterprise';

export interface SimMember {
  login: string;
  id?: number;
  name?: string | null;
  email?: string | null;
  role?: 'admin' | 'member' | 'billing_manager';
  /** Invited, not yet accepted: not a member for the members list, the membership check or seats. */
  pending?: boolean;
}

export interface SimTeam {
  slug: string;
  name: string;
  id: number;
  description?: string | null;
  members: string[];
  /** Selected for Copilot: every member has a seat through it. */
  selected?: boolean;
  selected_at?: string | null;
  created_at?: string;
}

export interface SimEnterpriseTeam {
  slug: string;
  name: string;
  id: number;
  description?: string;
  members: string[];
  created_at?: string;
  selected_at?: string;
  /** Selected for Copilot at enterprise level (default true): every enterprise member in it has a seat. */
  selected?: boolean;
}

/** Another organization of the enterprise (the main one is `org`): its members and the logins it seats. */
export interface SimEnterpriseOrg {
  login: string;
  id: number;
  name?: string;
  description?: string | null;
  members: string[];
  /** Logins this org seats directly (an enterprise seat source each). */
  seats: string[];
}

/** The enterprise's Copilot settings: what the enterprise write endpoints need (422 otherwise). */
export interface SimEnterpriseCopilot {
  enabled: boolean;
  billing: boolean;
  public_code_suggestions: 'set' | 'unset';
  access: 'selected' | 'all' | 'unconfigured';
}

export interface SimEnterprise {
  slug: string;
  id: number;
  /** The enterprise's other organizations (not the main `org`). */
  orgs?: SimEnterpriseOrg[];
  /** Enterprise members in no organization. */
  members?: string[];
  copilot?: SimEnterpriseCopilot;
}

export interface SimSeat {
  /** null: a seat with no assignee (GitHub lists such seats). */
  login: string | null;
  direct?: boolean;
  teams?: string[];
  enterprise_teams?: string[];
  /** Assigned at enterprise level (POST /enterprises/{enterprise}/copilot/billing/selected_users). */
  enterprise_direct?: boolean;
  pending_cancellation_date?: string | null;
  /** For a pending seat: it had no main-org source (the org's seat list does not show it). */
  enterprise_only?: boolean;
  /** For a pending seat: the team it came through (shown as `assigning_team`), or null if direct. */
  former_team?: string | null;
  created_at: string;
  last_activity_at?: string | null;
  last_activity_editor?: string | null;
  last_authenticated_at?: string | null;
}

export interface SimLabel {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface SimIssue {
  number: number;
  id: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason?: string | null;
  labels: string[];
  user: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  /** Set for pull requests (GitHub lists them among issues too). */
  pull?: {
    head_sha: string;
    head_ref: string;
    base_ref: string;
    merge_commit_sha: string | null;
    merged_at: string | null;
  };
}

export interface SimComment {
  id: number;
  issue_number: number;
  body: string;
  user: string;
  created_at: string;
  updated_at: string;
}

/** A label added to or removed from an issue or pull request (GET …/issues/{n}/events). */
export interface SimIssueEvent {
  id: number;
  issue_number: number;
  event: 'labeled' | 'unlabeled';
  label: string;
  actor: string;
  created_at: string;
}

export interface SimRepo {
  issues: SimIssue[];
  comments: SimComment[];
  labels?: SimLabel[];
  /** commit sha → pull request numbers (head or merge commit). */
  commit_pulls: Record<string, number[]>;
  /** Label history of issues and pull requests, in the order it was recorded. */
  events?: SimIssueEvent[];
  /** ref (a branch name or a commit sha) → file path → text, for GET …/contents/{path}?ref=. */
  files?: Record<string, Record<string, string>>;
  /** branch name → the sha of its head commit, for GET …/git/ref/heads/{branch}. */
  branches?: Record<string, string>;
  /** Blobs written through POST …/git/blobs: sha → text. */
  blobs?: Record<string, string>;
  /** Trees written through POST …/git/trees (or read from a commit): sha → path → text. */
  trees?: Record<string, Record<string, string>>;
  /** Commits written through POST …/git/commits (or read from a branch head): sha → commit. */
  commits?: Record<string, SimCommit>;
}

/** A commit of the git data API: its tree (files in `trees`), parents and message. */
export interface SimCommit {
  tree: string;
  parents: string[];
  message: string;
  /** The token's account. */
  author: string;
  date: string;
}

export interface SimPolicies {
  public_code_suggestions: 'allow' | 'block' | 'unconfigured';
  ide_chat: 'enabled' | 'disabled' | 'unconfigured';
  platform_chat: 'enabled' | 'disabled' | 'unconfigured';
  cli: 'enabled' | 'disabled' | 'unconfigured';
}

// ---------------------------------------------------------------- undocumented behaviours

/**
 * What GitHub does not document (design.md §3.6), one named option each, with its plausible values.
 * The first value is the default and what the simulator did before the option existed. Products
 * must be right under every value: tests run them across behaviourVariants().
 */
export const SIM_BEHAVIOURS = {
  team_type: ['present', 'absent'],
  direct_and_team: ['direct', 'team'],
  unselected_team_seats: ['pending-team', 'pending-no-team', 'gone'],
  team_names: ['name-or-slug', 'name', 'slug'],
  readd_counts: ['counted', 'not-counted'],
  non_member_in_batch: ['fail', 'skip'],
  activity_retention: ['kept', 'cleared-after-90-days'],
  enterprise_team_delete: ['sync', 'async'],
  enterprise_paging: ['rows', 'users'],
} as const;

export type SimBehaviourName = keyof typeof SIM_BEHAVIOURS;
export type SimBehaviour = { [K in SimBehaviourName]?: (typeof SIM_BEHAVIOURS)[K][number] };

const BEHAVIOUR_NAMES = Object.keys(SIM_BEHAVIOURS) as SimBehaviourName[];

/** Every option at its default (the first value of its list). */
export function defaultBehaviour(): Required<SimBehaviour> {
  return Object.fromEntries(BEHAVIOUR_NAMES.map((n) => [n, SIM_BEHAVIOURS[n][0]])) as Required<SimBehaviour>;
}

/** The options in force: the state's, defaults for the rest (a state built without parsing has none). */
export function behaviourOf(state: SimState): Required<SimBehaviour> {
  return { ...defaultBehaviour(), ...state.behaviour };
}

/** One option in force, without building the whole set (the seat list asks per seat). */
export function behaviourOption<K extends SimBehaviourName>(
  state: SimState,
  name: K,
): (typeof SIM_BEHAVIOURS)[K][number] {
  return state.behaviour?.[name] ?? SIM_BEHAVIOURS[name][0];
}

/** Every non-default value of every option, one option at a time, plus 'defaults': for describe.each. */
export function behaviourVariants(): { name: string; behaviour: SimBehaviour }[] {
  const variants: { name: string; behaviour: SimBehaviour }[] = [{ name: 'defaults', behaviour: {} }];
  for (const n of BEHAVIOUR_NAMES) {
    for (const v of SIM_BEHAVIOURS[n].slice(1)) variants.push({ name: `${n}=${v}`, behaviour: { [n]: v } });
  }
  return variants;
}

/** Sets options on a state in place (a live simulator's too) and returns it; checks them first. */
export function withBehaviour(state: SimState, behaviour: SimBehaviour): SimState {
  state.behaviour = checkBehaviour({ ...behaviourOf(state), ...behaviour });
  return state;
}

/** The options of a state file, defaults filled; an unknown name or value is a load error. */
function checkBehaviour(raw: unknown): Required<SimBehaviour> {
  if (raw === undefined) return defaultBehaviour();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new SimStateError('behaviour must be an object');
  for (const [name, value] of Object.entries(raw)) {
    // hasOwn: a name like "constructor" or "toString" is unknown, not inherited
    const values: readonly string[] | undefined = Object.hasOwn(SIM_BEHAVIOURS, name)
      ? SIM_BEHAVIOURS[name as SimBehaviourName]
      : undefined;
    if (!values) {
      throw new SimStateError(`behaviour: unknown option ${name} (known: ${BEHAVIOUR_NAMES.join(', ')})`);
    }
    if (!values.includes(value as string)) {
      throw new SimStateError(
        `behaviour.${name} must be one of ${values.join(', ')}, not ${JSON.stringify(value)}`,
      );
    }
  }
  return { ...defaultBehaviour(), ...(raw as SimBehaviour) };
}

export interface SimState {
  version: 1;
  org: { login: string; id: number; name?: string; description?: string | null };
  enterprise: SimEnterprise;
  plan_type: CopilotPlanType;
  seat_management_setting: SeatManagementSetting;
  policies: SimPolicies;
  now: string;
  billing_cycle_start: string;
  members: SimMember[];
  teams: SimTeam[];
  enterprise_teams: SimEnterpriseTeam[];
  seats: SimSeat[];
  repos: Record<string, SimRepo>;
  next_id: number;
  /** GitHub's undocumented behaviours (SIM_BEHAVIOURS); filled with the defaults on load. */
  behaviour?: SimBehaviour;
}

/** The state as written by hand: everything with a default may be left out. */
export type SimStateInput = Partial<Omit<SimState, 'org' | 'version'>> & {
  version?: 1;
  org: string | { login: string; id?: number; name?: string; description?: string | null };
};

/** A malformed or inconsistent state file. */
export class SimStateError extends Error {}

export const key = (s: string): string => s.toLowerCase();

/** A stable positive id from a login, for members written without one. */
export function idFromLogin(login: string): number {
  let h = 2166136261;
  for (const ch of key(login)) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 16777619);
  }
  return 1_000_000 + ((h >>> 0) % 90_000_000);
}

export async function loadSimState(path: string): Promise<SimState> {
  const text = await readFile(path, 'utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new SimStateError(`${path}: not JSON: ${(e as Error).message}`);
  }
  try {
    return parseSimState(raw);
  } catch (e) {
    throw new SimStateError(`${path}: ${(e as Error).message}`);
  }
}

export async function saveSimState(state: SimState, path: string): Promise<void> {
  await writeFile(path, serializeSimState(state));
}

export function serializeSimState(state: SimState): string {
  return JSON.stringify(state, null, 2) + '\n';
}

function firstOfNextMonth(iso: string): string {
  const d = new Date(iso);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
}

/** Fills the defaults, checks the invariants, seats the members of selected teams. */
export function parseSimState(raw: unknown): SimState {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new SimStateError('not an object');
  const input = structuredClone(raw) as SimStateInput;
  if (input.version !== undefined && input.version !== 1) throw new SimStateError('version must be 1');
  const org = typeof input.org === 'string' ? { login: input.org } : input.org;
  if (!org || typeof org.login !== 'string' || org.login === '')
    throw new SimStateError('org.login is required');
  const now = input.now ?? new Date().toISOString();
  const state: SimState = {
    version: 1,
    org: { ...org, id: org.id ?? idFromLogin(org.login) },
    enterprise: input.enterprise ?? {
      slug: `${key(org.login)}-enterprise`,
      id: idFromLogin(`${org.login}/ent`),
    },
    plan_type: input.plan_type ?? 'business',
    seat_management_setting: input.seat_management_setting ?? 'assign_selected',
    policies: {
      public_code_suggestions: 'block',
      ide_chat: 'enabled',
      platform_chat: 'enabled',
      cli: 'enabled',
      ...input.policies,
    },
    now,
    billing_cycle_start: input.billing_cycle_start ?? firstOfNextMonth(now),
    members: (input.members ?? []).map((m) => ({ ...m, id: m.id ?? idFromLogin(m.login) })),
    teams: (input.teams ?? []).map((t) => ({ ...t, members: [...(t.members ?? [])] })),
    enterprise_teams: (input.enterprise_teams ?? []).map((t) => ({
      ...t,
      members: [...(t.members ?? [])],
      selected: t.selected ?? true,
    })),
    seats: input.seats ?? [],
    repos: input.repos ?? {},
    next_id: input.next_id ?? 1,
    behaviour: checkBehaviour(input.behaviour),
  };
  checkEnums(state);
  checkEnterprise(state);
  checkUnique(state);
  checkSeats(state);
  seatSelectedTeamMembers(state);
  invalidateIndex(state);
  return state;
}

function checkEnums(state: SimState): void {
  if (!['business', 'enterprise'].includes(state.plan_type)) {
    throw new SimStateError(`plan_type must be business or enterprise, not ${state.plan_type}`);
  }
  const settings = ['assign_all', 'assign_selected', 'disabled', 'unconfigured'];
  if (!settings.includes(state.seat_management_setting)) {
    throw new SimStateError(`seat_management_setting must be one of ${settings.join(', ')}`);
  }
  if (Number.isNaN(Date.parse(state.now))) throw new SimStateError(`now is not a date: ${state.now}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(state.billing_cycle_start)) {
    throw new SimStateError(`billing_cycle_start must be YYYY-MM-DD, not ${state.billing_cycle_start}`);
  }
}

function checkUnique(state: SimState): void {
  const dup = (what: string, names: string[]): void => {
    const seen = new Set<string>();
    for (const n of names) {
      if (typeof n !== 'string' || n === '') throw new SimStateError(`${what}: every entry needs a name`);
      if (seen.has(key(n))) throw new SimStateError(`${what}: ${n} is listed twice`);
      seen.add(key(n));
    }
  };
  dup(
    'members',
    state.members.map((m) => m.login),
  );
  dup('teams', [...state.teams.map((t) => t.slug), ...state.enterprise_teams.map((t) => t.slug)]);
  dup(
    'seats',
    state.seats.flatMap((s) => (s.login === null ? [] : [s.login])),
  );
}

function checkSeats(state: SimState): void {
  // Member sets per team: a seat check must not scan a team (100,000 seats, teams of 10,000).
  const sets = (teams: { slug: string; members: string[] }[]): Map<string, Set<string>> =>
    new Map(teams.map((t) => [key(t.slug), new Set(t.members.map(key))]));
  const teamMembers = sets(state.teams);
  const entMembers = sets(state.enterprise_teams);
  const selected = new Set(state.teams.filter((t) => t.selected).map((t) => key(t.slug)));
  const selectedEnt = new Set(
    state.enterprise_teams.filter((t) => t.selected !== false).map((t) => key(t.slug)),
  );
  const mainMembers = new Set(state.members.filter((m) => !m.pending).map((m) => key(m.login)));
  const inEnterprise = (login: string): boolean =>
    mainMembers.has(key(login)) || enterpriseIndexOf(state).members.has(key(login));
  for (const seat of state.seats) {
    const who = seat.login ?? '(no assignee)';
    if (typeof seat.created_at !== 'string')
      throw new SimStateError(`seat of ${who}: created_at is required`);
    const login = key(seat.login ?? '');
    for (const slug of seat.teams ?? []) {
      const members = teamMembers.get(key(slug));
      if (!members) throw new SimStateError(`seat of ${who}: unknown team ${slug}`);
      if (!selected.has(key(slug))) throw new SimStateError(`seat of ${who}: team ${slug} is not selected`);
      if (!members.has(login)) throw new SimStateError(`seat of ${who}: not a member of team ${slug}`);
    }
    for (const slug of seat.enterprise_teams ?? []) {
      if (!entMembers.get(key(slug))?.has(login))
        throw new SimStateError(`seat of ${who}: not in enterprise team ${slug}`);
      if (!selectedEnt.has(key(slug)))
        throw new SimStateError(`seat of ${who}: enterprise team ${slug} is not selected`);
    }
    if (seat.enterprise_direct && seat.login !== null && !inEnterprise(seat.login))
      throw new SimStateError(`seat of ${who}: enterprise_direct, but not a member of the enterprise`);
    const sources =
      (seat.direct ? 1 : 0) +
      (seat.enterprise_direct ? 1 : 0) +
      (seat.teams?.length ?? 0) +
      (seat.enterprise_teams?.length ?? 0) +
      otherOrgsSeating(state, seat.login).length;
    if (seat.pending_cancellation_date && sources > 0) {
      throw new SimStateError(`seat of ${who}: a pending seat has no sources (use former_team)`);
    }
    if (!seat.pending_cancellation_date && sources === 0 && seat.login !== null) {
      throw new SimStateError(
        `seat of ${who}: an active seat needs a source (direct, teams, enterprise_teams, enterprise_direct, an org of the enterprise)`,
      );
    }
  }
}

// A selected team seats all its (active) members: add the missing sources and seats. An enterprise
// team seats every enterprise member in it; another org of the enterprise seats the logins it lists.
function seatSelectedTeamMembers(state: SimState): void {
  const active = new Set(state.members.filter((m) => !m.pending).map((m) => key(m.login)));
  const inEnterprise = new Set([...active, ...enterpriseIndexOf(state).members.keys()]);
  const seats = new Map(state.seats.filter((s) => s.login !== null).map((s) => [key(s.login as string), s]));
  const give = (login: string, slug: string, field: 'teams' | 'enterprise_teams', at: string): void => {
    if (!(field === 'teams' ? active : inEnterprise).has(key(login))) return;
    let seat = seats.get(key(login));
    if (!seat) {
      seat = { login, created_at: at };
      state.seats.push(seat);
      seats.set(key(login), seat);
    }
    if (seat.pending_cancellation_date) {
      throw new SimStateError(`seat of ${login}: pending, but ${slug} is selected and seats its members`);
    }
    const list = (seat[field] ??= []);
    if (!list.some((s) => key(s) === key(slug))) list.push(slug);
  };
  for (const t of state.teams) {
    if (t.selected) for (const m of t.members) give(m, t.slug, 'teams', t.selected_at ?? state.now);
  }
  for (const t of state.enterprise_teams) {
    if (t.selected === false) continue;
    for (const m of t.members)
      give(m, t.slug, 'enterprise_teams', t.selected_at ?? t.created_at ?? state.now);
  }
  for (const o of state.enterprise.orgs ?? []) {
    for (const login of o.seats) {
      let seat = seats.get(key(login));
      if (!seat) {
        seat = { login, created_at: state.now };
        state.seats.push(seat);
        seats.set(key(login), seat);
      }
      if (seat.pending_cancellation_date) {
        throw new SimStateError(`seat of ${login}: pending, but org ${o.login} seats it`);
      }
    }
  }
}

// ---------------------------------------------------------------- the enterprise

const ENTERPRISE_COPILOT_DEFAULTS: SimEnterpriseCopilot = {
  enabled: true,
  billing: true,
  public_code_suggestions: 'set',
  access: 'selected',
};

/** The enterprise's Copilot settings in force (defaults: enabled, billed, policy set, 'selected'). */
export function enterpriseCopilotOf(state: SimState): SimEnterpriseCopilot {
  return { ...ENTERPRISE_COPILOT_DEFAULTS, ...state.enterprise.copilot };
}

function checkEnterprise(state: SimState): void {
  const e = state.enterprise as unknown as Record<string, unknown>;
  if (typeof e !== 'object' || e === null || Array.isArray(e))
    throw new SimStateError('enterprise must be an object');
  if (typeof e.slug !== 'string' || e.slug === '') throw new SimStateError('enterprise.slug is required');
  if (typeof e.id !== 'number') throw new SimStateError('enterprise.id must be a number');
  const strings = (what: string, v: unknown): string[] => {
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x !== ''))
      throw new SimStateError(`${what} must be a list of logins`);
    return v as string[];
  };
  if (e.orgs !== undefined) {
    if (!Array.isArray(e.orgs)) throw new SimStateError('enterprise.orgs must be a list');
    const seen = new Set([key(state.org.login)]);
    state.enterprise.orgs = (e.orgs as unknown[]).map((raw, i) => {
      const o = raw as Partial<SimEnterpriseOrg> | null;
      if (typeof o !== 'object' || o === null || typeof o.login !== 'string' || o.login === '')
        throw new SimStateError(`enterprise.orgs[${i}]: login is required`);
      if (seen.has(key(o.login)))
        throw new SimStateError(`enterprise.orgs: ${o.login} is listed twice (or is the main org)`);
      seen.add(key(o.login));
      const members = strings(`enterprise.orgs[${o.login}].members`, o.members ?? []);
      const seats = strings(`enterprise.orgs[${o.login}].seats`, o.seats ?? []);
      const memberSet = new Set(members.map(key));
      for (const login of seats) {
        if (!memberSet.has(key(login)))
          throw new SimStateError(
            `enterprise.orgs[${o.login}].seats: ${login} is not a member of ${o.login}`,
          );
      }
      return {
        ...o,
        login: o.login,
        id: o.id ?? idFromLogin(o.login),
        members: [...members],
        seats: [...seats],
      };
    });
  }
  if (e.members !== undefined) state.enterprise.members = [...strings('enterprise.members', e.members)];
  if (e.copilot !== undefined) {
    const c = e.copilot as Partial<SimEnterpriseCopilot> | null;
    if (typeof c !== 'object' || c === null || Array.isArray(c))
      throw new SimStateError('enterprise.copilot must be an object');
    const full = { ...ENTERPRISE_COPILOT_DEFAULTS, ...c };
    const known = Object.keys(ENTERPRISE_COPILOT_DEFAULTS);
    for (const k of Object.keys(c))
      if (!known.includes(k))
        throw new SimStateError(`enterprise.copilot: unknown setting ${k} (known: ${known.join(', ')})`);
    if (typeof full.enabled !== 'boolean')
      throw new SimStateError('enterprise.copilot.enabled must be true or false');
    if (typeof full.billing !== 'boolean')
      throw new SimStateError('enterprise.copilot.billing must be true or false');
    if (!['set', 'unset'].includes(full.public_code_suggestions))
      throw new SimStateError('enterprise.copilot.public_code_suggestions must be set or unset');
    if (!['selected', 'all', 'unconfigured'].includes(full.access))
      throw new SimStateError('enterprise.copilot.access must be selected, all or unconfigured');
    state.enterprise.copilot = full;
  }
  for (const t of state.enterprise_teams) {
    if (typeof t.selected !== 'boolean')
      throw new SimStateError(`enterprise team ${t.slug}: selected must be true or false`);
  }
}

/** Who is in the enterprise besides the main org's members, and which other orgs seat whom. */
export interface SimEnterpriseIndex {
  /** Members of the other orgs and unaffiliated enterprise members: key → login as stored. */
  members: Map<string, string>;
  /** login key → the other orgs that seat it. */
  orgSeats: Map<string, SimEnterpriseOrg[]>;
  sig: string;
}

const enterpriseIndexes = new WeakMap<SimState, SimEnterpriseIndex>();

const enterpriseSig = (state: SimState): string =>
  `${(state.enterprise.orgs ?? []).map((o) => `${o.members.length}:${o.seats.length}`).join(',')}/${
    state.enterprise.members?.length ?? -1
  }`;

/** Built lazily, rebuilt when an org's lists or the enterprise members change size. */
export function enterpriseIndexOf(state: SimState): SimEnterpriseIndex {
  const sig = enterpriseSig(state);
  const cached = enterpriseIndexes.get(state);
  if (cached && cached.sig === sig) return cached;
  const members = new Map<string, string>();
  const orgSeats = new Map<string, SimEnterpriseOrg[]>();
  for (const o of state.enterprise.orgs ?? []) {
    for (const m of o.members) if (!members.has(key(m))) members.set(key(m), m);
    for (const s of o.seats) {
      const list = orgSeats.get(key(s)) ?? [];
      list.push(o);
      orgSeats.set(key(s), list);
    }
  }
  for (const m of state.enterprise.members ?? []) if (!members.has(key(m))) members.set(key(m), m);
  const built = { members, orgSeats, sig };
  enterpriseIndexes.set(state, built);
  return built;
}

/** The other orgs of the enterprise that seat a login (an enterprise seat source each). */
export function otherOrgsSeating(state: SimState, login: string | null): SimEnterpriseOrg[] {
  if (login === null || !state.enterprise.orgs) return [];
  return enterpriseIndexOf(state).orgSeats.get(key(login)) ?? [];
}

// ---------------------------------------------------------------- lookup index

/** Case-insensitive lookups, built lazily and rebuilt when the arrays change size. */
export interface SimIndex {
  members: Map<string, SimMember>;
  teams: Map<string, SimTeam>;
  teamsByName: Map<string, SimTeam>;
  enterpriseTeams: Map<string, SimEnterpriseTeam>;
  seats: Map<string, SimSeat>;
  /** Sizes when built: a direct push or splice on the arrays makes the index stale. */
  sizes: string;
}

const indexes = new WeakMap<SimState, SimIndex>();
let indexBuilds = 0;

/** How many times any index was (re)built: lets tests assert that paging reuses it. */
export function indexBuildCount(): number {
  return indexBuilds;
}

const sizesOf = (s: SimState): string =>
  `${s.members.length}/${s.teams.length}/${s.enterprise_teams.length}/${s.seats.length}`;

export function indexOf(state: SimState): SimIndex {
  const cached = indexes.get(state);
  if (cached && cached.sizes === sizesOf(state)) return cached;
  indexBuilds++;
  const byKey = <T>(items: T[], name: (t: T) => string | null): Map<string, T> => {
    const m = new Map<string, T>();
    for (const it of items) {
      const n = name(it);
      if (n !== null) m.set(key(n), it);
    }
    return m;
  };
  const built: SimIndex = {
    members: byKey(state.members, (m) => m.login),
    teams: byKey(state.teams, (t) => t.slug),
    teamsByName: byKey(state.teams, (t) => t.name),
    enterpriseTeams: byKey(state.enterprise_teams, (t) => t.slug),
    seats: byKey(state.seats, (s) => s.login),
    sizes: sizesOf(state),
  };
  indexes.set(state, built);
  return built;
}

/** Call after changing logins, slugs or names in place (size changes are noticed by themselves). */
export function invalidateIndex(state: SimState): void {
  indexes.delete(state);
}
