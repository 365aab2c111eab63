// A reference model of an enterprise plan for the enterprise property suite, written as plainly as
// possible over the simulator's state (a seat's stored sources) and the test's own model of the
// file (EntSpec), using nothing of src/plan. The question it answers per user: who holds Copilot
// after the apply, and through what. An enterprise lists every source of a seat as its own row, so
// nothing is hidden: every selected enterprise team with a member is visible.
//
//   kept source   a seat from an org (the main org, directly or through its team, or acme-labs)
//                 is outside the file and always stays; an enterprise team stays when the file
//                 lists or exempts it; the enterprise-direct assignment stays for a listed or
//                 exempt user.
//   cancelled     enterprise teams the file neither lists nor exempts; enterprise-direct
//                 assignments of users the file neither lists nor exempts.
//   added         listed teams not already selected (their members get a seat); listed users who
//                 keep no source (and exempt users who would lose their only seat with a team).
import type { SimState } from '../../src/simulator/state.ts';
import { NOW, type EntSpec } from './enterprise-scenario.ts';

export interface EntExpected {
  addUsers: string[];
  removeUsers: string[];
  addTeams: string[];
  removeTeams: string[];
  /** Users with an active seat now and none after the apply. */
  seatsLost: number;
  /** Users without an active seat now, with one after the apply. */
  seatsGained: number;
  /** seatsLost, and the cancelled users who keep their seat only through a team the plan adds. */
  removals: number;
  /** Cancelled users who keep their seat through an org or a team the file keeps. */
  keptElsewhere: number;
  /** Users with an active seat through an org or a team the file keeps (lower-case logins). */
  keepSeatAnyway: string[];
  /** Who holds an active seat after the apply (lower-case logins). */
  holdersAfter: string[];
  /** Users with an active seat now who lose it (lower-case logins). */
  lost: string[];
}

const lc = (s: string): string => s.toLowerCase();
const sorted = (s: Iterable<string>): string[] => [...s].sort();
const expired = (date: string | undefined): boolean =>
  date !== undefined && Date.parse(`${date}T00:00:00Z`) <= NOW.getTime();
/** The file may name an enterprise team with or without `ent:`. */
export const teamKey = (slug: string): string => (lc(slug).startsWith('ent:') ? lc(slug) : `ent:${lc(slug)}`);

export interface FileNames {
  users: Set<string>;
  teams: Set<string>;
  exemptUsers: Set<string>;
  exemptTeams: Set<string>;
}

export function fileNames(spec: EntSpec): FileNames {
  const live = spec.exempt.filter((e) => !expired(e.expires));
  return {
    users: new Set(spec.users.filter((u) => !expired(u.expires)).map((u) => lc(u.login))),
    teams: new Set(spec.teams.map((t) => teamKey(t.slug))),
    exemptUsers: new Set(live.filter((e) => e.kind === 'user').map((e) => lc(e.name))),
    exemptTeams: new Set(live.filter((e) => e.kind === 'team').map((e) => teamKey(e.name))),
  };
}

export interface Holder {
  login: string;
  active: boolean;
  /** A seat an org grants: the main org (direct or a team) or another org. */
  org: boolean;
  entDirect: boolean;
  entTeams: string[];
}

/** Every seat with an assignee, by its stored sources. */
export function holders(state: SimState): Holder[] {
  const labs = new Set((state.enterprise.orgs ?? []).flatMap((o) => o.seats.map(lc)));
  return state.seats.flatMap((s) => {
    if (s.login === null) return [];
    const active = !s.pending_cancellation_date;
    return [
      {
        login: lc(s.login),
        active,
        org: active && (s.direct === true || (s.teams ?? []).length > 0 || labs.has(lc(s.login))),
        entDirect: active && s.enterprise_direct === true,
        entTeams: active ? (s.enterprise_teams ?? []).map(lc) : [],
      },
    ];
  });
}

export function referenceEnterprise(state: SimState, spec: EntSpec): EntExpected {
  const f = fileNames(spec);
  const all = holders(state);
  const keepTeam = (t: string) => f.teams.has(t) || f.exemptTeams.has(t);
  const wanted = (u: string) => f.users.has(u) || f.exemptUsers.has(u);

  // An enterprise team is visible when a seat lists it (it is selected and seats a member).
  const visible = new Set(all.flatMap((h) => h.entTeams));
  const removeTeams = new Set([...visible].filter((t) => !keepTeam(t)));
  const addTeams = new Set([...f.teams].filter((t) => !visible.has(t)));
  const addedMembers = new Set(
    state.enterprise_teams.filter((t) => addTeams.has(lc(t.slug))).flatMap((t) => t.members.map(lc)),
  );

  const byLogin = new Map(all.map((h) => [h.login, h]));
  /** A source that stays whatever happens to the user's enterprise-direct assignment. */
  const keptOther = (h: Holder | undefined) => !!h && (h.org || h.entTeams.some(keepTeam));

  const addUsers = new Set<string>();
  for (const u of f.users) {
    const h = byLogin.get(u);
    if (!h || !(h.entDirect || keptOther(h))) addUsers.add(u);
  }
  for (const u of f.exemptUsers) {
    const h = byLogin.get(u);
    if (!f.users.has(u) && h?.active && !(h.entDirect || keptOther(h))) addUsers.add(u);
  }
  const removeUsers = new Set(all.filter((h) => h.entDirect && !wanted(h.login)).map((h) => h.login));
  const keptElsewhere = [...removeUsers].filter((u) => keptOther(byLogin.get(u)));
  const keptByAddedTeam = [...removeUsers].filter((u) => !keptOther(byLogin.get(u)) && addedMembers.has(u));

  // Who holds a seat after the apply.
  const after = new Set<string>();
  for (const h of all) {
    const stays =
      keptOther(h) || (h.entDirect && wanted(h.login)) || addedMembers.has(h.login) || addUsers.has(h.login);
    if (stays) after.add(h.login);
  }
  for (const u of [...addUsers, ...addedMembers]) after.add(u);

  const before = new Set(all.filter((h) => h.active).map((h) => h.login));
  const lost = [...before].filter((u) => !after.has(u));
  const gained = [...after].filter((u) => !before.has(u));
  return {
    addUsers: sorted(addUsers),
    removeUsers: sorted(removeUsers),
    addTeams: sorted(addTeams),
    removeTeams: sorted(removeTeams),
    seatsLost: lost.length,
    seatsGained: gained.length,
    removals: lost.length + keptByAddedTeam.length,
    keptElsewhere: keptElsewhere.length,
    keepSeatAnyway: sorted(all.filter(keptOther).map((h) => h.login)),
    holdersAfter: sorted(after),
    lost: sorted(lost),
  };
}
