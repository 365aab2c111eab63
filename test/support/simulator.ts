// The simulator for tests, checked: on close, every logged exchange is validated against GitHub's
// OpenAPI description (request body against the operation's request schema, response body against
// the schema of that operation and status). Enterprise routes (/enterprises/…) are checked against
// GitHub Enterprise Cloud's description, loaded only when such an exchange is checked. A mismatch fails the test with the details, so the
// simulator cannot drift from GitHub while the tests stay green.
//
// One relaxation, only where the state asks for it: under behaviour team_type 'absent' an org team
// in `assigning_team` has no `type`, as in GitHub's own documented example, although the `team`
// schema requires it. Exactly that missing property is forgiven; everything else is still checked.
//
//   useCheckedSimulators();                       // once per test file: closes and checks after each test
//   const sim = await startCheckedSimulator(state, { latencyMs: 5 });
import { afterEach } from 'vitest';
import {
  startSimulator,
  type LoggedRequest,
  type Simulator,
  type SimulatorOptions,
} from '../../src/simulator/server.ts';
import { behaviourOption, type SimState } from '../../src/simulator/state.ts';
import { validateRequestBody, validateResponse } from './openapi.ts';

export interface CheckedOptions extends SimulatorOptions {
  /** The test sends bodies the schema forbids on purpose (e.g. an empty selected_usernames). */
  allowInvalidRequestBodies?: boolean;
}

export interface CheckedSimulator extends Simulator {
  /** The conformance errors so far, without closing. */
  conformanceErrors(): string[];
}

const open = new Set<CheckedSimulator>();

/** What an exchange may deviate in, because the state's behaviour options said so when it was served. */
export interface Relaxations {
  /** team_type 'absent': an org team in assigning_team without `type`. */
  teamTypeAbsent?: boolean;
}

/** Conformance errors of one exchange ([] when it matches GitHub's description). */
export function checkExchange(
  r: LoggedRequest,
  allowInvalidRequestBodies = false,
  relax: Relaxations = {},
): string[] {
  // A raw answer (truncated JSON, an HTML page) is malformed on purpose: only the request is checked.
  if (r.route === null) return [];
  const errors: string[] = [];
  if (r.error) errors.push(`${r.method} ${r.path}: simulator error: ${r.error}`);
  if (!allowInvalidRequestBodies) errors.push(...validateRequestBody(r.method, r.route, r.body));
  if (r.status !== null && !r.raw) {
    const body = relax.teamTypeAbsent ? withOrgTeamType(r.route, r.responseBody) : r.responseBody;
    errors.push(...validateResponse(r.method, r.route, r.status, body));
  }
  return errors;
}

const SEAT_ROUTES = new Set([
  '/orgs/{org}/copilot/billing/seats',
  '/orgs/{org}/members/{username}/copilot',
  '/enterprises/{enterprise}/copilot/billing/seats',
  '/enterprises/{enterprise}/members/{username}/copilot',
]);

/** A copy of a seat body with `type: "organization"` put back into each org assigning_team lacking it. */
function withOrgTeamType(route: string, body: unknown): unknown {
  if (!SEAT_ROUTES.has(route) || typeof body !== 'object' || body === null) return body;
  const copy = structuredClone(body) as { seats?: unknown };
  const seats: unknown[] = Array.isArray(copy.seats) ? copy.seats : [copy];
  for (const seat of seats) {
    const team = (seat as { assigning_team?: unknown } | null)?.assigning_team;
    if (isOrgTeamWithoutType(team)) team.type = 'organization';
  }
  return copy;
}

// Enterprise teams (slugs `ent:…`) use the enterprise-team schema, which has no `type`: left alone.
function isOrgTeamWithoutType(team: unknown): team is Record<string, unknown> {
  if (typeof team !== 'object' || team === null || 'type' in team) return false;
  const slug = (team as { slug?: unknown }).slug;
  return typeof slug === 'string' && !slug.startsWith('ent:');
}

export async function startCheckedSimulator(
  state: SimState,
  options: CheckedOptions = {},
): Promise<CheckedSimulator> {
  // The options in force when each exchange was served: a test may change them on the live state.
  const typeAbsent = new WeakSet<LoggedRequest>();
  const sim = await startSimulator(state, {
    ...options,
    onRequest: (entry) => {
      if (behaviourOption(state, 'team_type') === 'absent') typeAbsent.add(entry);
      options.onRequest?.(entry);
    },
  });
  let closed = false;
  const check = (r: LoggedRequest): string[] =>
    checkExchange(r, options.allowInvalidRequestBodies, { teamTypeAbsent: typeAbsent.has(r) });
  const checked: CheckedSimulator = {
    ...sim,
    conformanceErrors: () => sim.requests.flatMap(check),
    close: async () => {
      if (closed) return;
      closed = true;
      open.delete(checked);
      await sim.close();
      const errors = checked.conformanceErrors();
      if (errors.length > 0) {
        throw new Error(
          `simulator exchanges do not match GitHub's OpenAPI description:\n  ${errors.join('\n  ')}`,
        );
      }
    },
  };
  open.add(checked);
  return checked;
}

/** Closes (and so checks) every simulator a test left open; call once at the top of a test file. */
export function useCheckedSimulators(): void {
  afterEach(async () => {
    const left = [...open];
    const failures: unknown[] = [];
    for (const sim of left) await sim.close().catch((e: unknown) => failures.push(e));
    if (failures.length > 0) throw failures[0];
  });
}
