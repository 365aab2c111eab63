// A twelve-member org with one of each kind of change against SEATS_YAML: users to add and cancel,
// a team to add, a team to cancel whose member stays through a direct add, an exempt user.
import { registerPull, setBranchHead } from '../../src/simulator/repos.ts';
import { parseSimState, type SimState } from '../../src/simulator/state.ts';

export const TWELVE_NOW = '2025-06-15T12:00:00Z';

export function twelveMemberOrg(over: Record<string, unknown> = {}): SimState {
  const logins = ['ann', 'ben', 'cat', 'dan', 'eve', 'fay', 'gus', 'hal', 'ida', 'jon', 'kim', 'lea'];
  const team = (slug: string, name: string, id: number, members: string[], selected: boolean) => ({
    slug,
    name,
    id,
    members,
    ...(selected ? { selected, selected_at: '2024-01-01T00:00:00Z' } : {}),
  });
  return parseSimState({
    org: { login: 'acme', id: 1 },
    plan_type: 'business',
    seat_management_setting: 'assign_selected',
    now: TWELVE_NOW,
    billing_cycle_start: '2025-07-01',
    members: logins.map((login) => ({ login })),
    teams: [
      team('eng', 'Engineering', 1, ['cat', 'dan'], true),
      team('old', 'Old Team', 2, ['eve', 'fay'], true),
      team('ml', 'Machine Learning', 3, ['gus', 'hal'], false),
    ],
    seats: ['ann', 'ben', 'ida'].map((login) => ({
      login,
      direct: true,
      created_at: '2024-01-01T00:00:00Z',
    })),
    ...over,
  });
}

// Keep ann and eng; add jon, kim and the ml team; cancel ben and the old team, keeping fay directly.
export const SEATS_YAML = `# yaml-language-server: $schema=./schema/seats.schema.json
version: 1
org: acme
users: [ann, jon, kim, fay]
teams: [eng, ml]
exempt:
  - login: ida
    reason: assigned by hand
`;

/** The repository the e2e tests run in, and its pull request #9, merged as `mergeSha`. */
export const E2E_REPO = 'acme/seats-admin';

export function registerMergedPull(state: SimState, mergeSha: string): void {
  registerPull(state, E2E_REPO, { number: 9, head_sha: 'def', merge_commit_sha: mergeSha, state: 'closed' });
}

/**
 * A push run is for the newest commit of main unless a test says otherwise: the apply checks that
 * GITHUB_SHA is still the head of the default branch.
 */
export function pushIsNewest(state: SimState, eventName: string | undefined, sha: string): void {
  if (eventName === 'push') setBranchHead(state, E2E_REPO, 'main', sha);
}
