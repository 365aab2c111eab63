// A small org with one of every kind of seat, for the simulator's tests.
import { parseSimState, type SimState } from '../../src/simulator/state.ts';

export function smallOrg(overrides: Partial<Record<string, unknown>> = {}): SimState {
  return parseSimState({
    org: { login: 'Acme', id: 4242, name: 'Acme Corp' },
    plan_type: 'business',
    seat_management_setting: 'assign_selected',
    now: '2025-06-15T12:00:00Z',
    billing_cycle_start: '2025-07-01',
    members: [
      { login: 'Alice', id: 1, role: 'admin' },
      { login: 'bob', id: 2 },
      { login: 'carol', id: 3 },
      { login: 'dave', id: 4 },
      { login: 'erin', id: 5 },
      { login: 'frank', id: 6 },
      { login: 'grace', id: 7 },
      { login: 'heidi', id: 8 },
      { login: 'invited', id: 9, pending: true },
    ],
    teams: [
      {
        slug: 'backend',
        name: 'Backend',
        id: 11,
        members: ['bob', 'carol'],
        selected: true,
        selected_at: '2024-03-01T00:00:00Z',
      },
      {
        slug: 'data-science',
        name: 'Data Science',
        id: 12,
        members: ['carol', 'dave'],
        selected: true,
        selected_at: '2024-01-01T00:00:00Z',
      },
      { slug: 'design', name: 'Design', id: 13, members: ['erin', 'frank'] },
      { slug: 'empty', name: 'Empty', id: 14, members: [] },
    ],
    enterprise_teams: [
      {
        slug: 'ent:copilot-pilot',
        name: 'Copilot pilot',
        id: 501,
        members: ['heidi'],
        created_at: '2024-02-01T00:00:00Z',
      },
    ],
    seats: [
      {
        login: 'alice',
        direct: true,
        created_at: '2024-01-05T10:00:00Z',
        last_activity_at: '2025-06-14T08:00:00Z',
        last_activity_editor: 'vscode/1.90.0/copilot/1.200.0',
        last_authenticated_at: '2025-06-14T07:00:00Z',
      },
      { login: 'bob', direct: true, created_at: '2024-03-01T00:00:00Z' },
      {
        login: 'grace',
        pending_cancellation_date: '2025-07-01',
        former_team: null,
        created_at: '2024-05-01T00:00:00Z',
      },
      { login: null, created_at: '2024-06-01T00:00:00Z' },
    ],
    ...overrides,
  });
}
