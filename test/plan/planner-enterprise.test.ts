// The planner at enterprise scope: the enterprise's own sources (direct assignments, enterprise
// teams) are managed; seats an organization grants are outside the file, as enterprise teams are
// in an org's plan. Pure: builders in, plan out.
import { describe, expect, it } from 'vitest';
import { makePlan } from '../../src/plan/planner.ts';
import type { Scope } from '../../src/plan/types.ts';
import { NOW, desired, live, seat } from './builders.ts';

const ENT: Scope = { kind: 'enterprise', name: 'acme-corp' };
const viaOrg = (login: string, org = 'acme-labs') => seat(login, { team: org, kind: 'org', outside: true });
const viaEntTeam = (login: string, team = 'ent:pilot') =>
  seat(login, { team, kind: 'enterprise-team', outside: false });

function plan(
  file: Parameters<typeof desired>[0],
  seats: Parameters<typeof live>[0],
  opts: Parameters<typeof live>[1] = {},
) {
  return makePlan(desired({ scope: ENT, ...file }), live(seats, { scope: ENT, ...opts }), { now: NOW });
}

describe('the plan of an enterprise', () => {
  it('leaves a listed user alone whose seat an organization grants', () => {
    const p = plan({ users: ['ana'] }, [viaOrg('ana')]);
    expect(p.add.users).toEqual([]);
    expect(p.remove.users).toEqual([]);
    expect(p.notes.map((n) => n.message)).toContain(
      "1 seat through org 'acme-labs': managed by that organization, outside seats.yaml",
    );
  });

  it('cancels the enterprise assignment of an unlisted user who keeps an org seat, saving nothing', () => {
    const p = plan({}, [seat('bo'), viaOrg('bo'), seat('cy')]);
    expect(p.remove.users.map((u) => u.login)).toEqual(['bo', 'cy']);
    expect(p.remove.users[0]?.reason).toContain("keeps a seat through org 'acme-labs', outside seats.yaml");
    expect(p.cost.seatsLost).toBe(1);
    // Nobody loses Copilot through bo's cancellation: it is not held against max_removals.
    expect(p.safety.removals).toBe(1);
    expect(p.safety.keptElsewhere).toBe(1);
  });

  // Found by test/property/enterprise.property.test.ts: bo is also in a team the plan adds, which
  // used to win, so bo's cancellation was held against max_removals (and waited on the team add)
  // although the org seat keeps bo's Copilot whatever happens to the team.
  it('an unlisted user who keeps an org seat and is in a team the plan adds: kept elsewhere, not a removal', () => {
    const p = plan({ teams: ['ent:next'] }, [seat('bo'), viaOrg('bo')], { teams: { 'ent:next': ['bo'] } });
    expect(p.add.teams.map((t) => t.key)).toEqual(['ent:next']);
    expect(p.remove.users.map((u) => u.login)).toEqual(['bo']);
    expect(p.remove.users[0]?.keptByTeam).toBeUndefined();
    expect(p.remove.users[0]?.reason).toContain("keeps a seat through org 'acme-labs', outside seats.yaml");
    expect(p.cost.seatsLost).toBe(0);
    expect(p.safety.removals).toBe(0);
    expect(p.safety.keptElsewhere).toBe(1);
  });

  it('cancels an unlisted enterprise team; a member an org also seats loses nothing', () => {
    const p = plan({}, [viaEntTeam('di'), viaEntTeam('ed'), viaOrg('ed')]);
    expect(p.remove.teams).toMatchObject([{ slug: 'ent:pilot', seats: 1 }]);
    expect(p.lostWithTeams).toEqual(['di']);
  });

  it('keeps a listed enterprise team (ent: added to the slug) and never cancels org seats', () => {
    const p = plan({ teams: ['ent:pilot'] }, [viaEntTeam('di'), viaOrg('fay'), viaOrg('gus', 'acme')]);
    expect(p.remove.teams).toEqual([]);
    expect(p.remove.users).toEqual([]);
  });

  it('adds users whose membership cannot be checked, with one note for all of them', () => {
    const p = plan({ users: ['hal', 'ivy'] }, [], { memberships: { hal: 'unknown', ivy: 'unknown' } });
    expect(p.add.users.map((u) => u.login)).toEqual(['hal', 'ivy']);
    expect(p.warnings).toEqual([]);
    const notes = p.notes.filter((n) => n.code === 'membership-unchecked');
    expect(notes).toHaveLength(1);
    expect(notes[0]?.message).toMatch(/^2 users to add: enterprise acme-corp membership cannot be checked/);
  });

  it('says why its access setting is not checked when it writes, and names the enterprise', () => {
    const p = plan({ users: ['hal'] }, [], {
      memberships: { hal: 'unknown' },
      setting: 'unknown',
    });
    expect(p.errors).toEqual([]);
    expect(p.notes.map((n) => n.code)).toContain('seat-management-unknown');
    expect(p.scope).toEqual(ENT);
  });
});
