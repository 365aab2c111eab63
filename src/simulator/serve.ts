// `copilot-seats simulate`: load a state file and serve it until the process ends.
import { startSimulator, type Simulator } from './server.ts';
import { loadSimState } from './state.ts';

export interface ServeOptions {
  stateFile: string;
  port?: number;
  latencyMs?: number;
  faultRate?: number;
  seed?: number | string;
}

export async function serveSimulator(opts: ServeOptions, log: (line: string) => void): Promise<Simulator> {
  const state = await loadSimState(opts.stateFile);
  const sim = await startSimulator(state, {
    port: opts.port,
    latencyMs: opts.latencyMs,
    faultRate: opts.faultRate,
    seed: opts.seed,
  });
  log(`listening on ${sim.url}`);
  log(
    `org ${state.org.login}: ${state.members.length} members, ${state.teams.length} teams, ${state.seats.length} seats`,
  );
  return sim;
}
