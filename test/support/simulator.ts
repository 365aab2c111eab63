// The simulator for tests, checked: on close, every logged exchange is validated against GitHub's
// OpenAPI description (request body against the operation's request schema, response body against
// the schema of that operation and status). A mismatch fails the test with the details, so the
// simulator cannot drift from GitHub while the tests stay green.
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
import type { SimState } from '../../src/simulator/state.ts';
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

/** Conformance errors of one exchange ([] when it matches GitHub's description). */
export function checkExchange(r: LoggedRequest, allowInvalidRequestBodies = false): string[] {
  // A raw answer (truncated JSON, an HTML page) is malformed on purpose: only the request is checked.
  if (r.route === null) return [];
  const errors: string[] = [];
  if (r.error) errors.push(`${r.method} ${r.path}: simulator error: ${r.error}`);
  if (!allowInvalidRequestBodies) errors.push(...validateRequestBody(r.method, r.route, r.body));
  if (r.status !== null && !r.raw)
    errors.push(...validateResponse(r.method, r.route, r.status, r.responseBody));
  return errors;
}

export async function startCheckedSimulator(
  state: SimState,
  options: CheckedOptions = {},
): Promise<CheckedSimulator> {
  const sim = await startSimulator(state, options);
  let closed = false;
  const checked: CheckedSimulator = {
    ...sim,
    conformanceErrors: () => sim.requests.flatMap((r) => checkExchange(r, options.allowInvalidRequestBodies)),
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
