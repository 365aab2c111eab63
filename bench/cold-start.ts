// The action's cold start: `node dist/index.js` as the runner starts it, timed from spawn until the
// simulator sees its first request (the bundle is loaded, the inputs and seats.yaml are read).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startSimulator } from '../src/simulator/server.ts';
import { makeScenario } from './scenario.ts';

const RUNS = 5;
export const ACTION = new URL('../dist/index.js', import.meta.url).pathname;

export interface ColdStart {
  /** Milliseconds of each run, sorted. Empty when dist/index.js is not built. */
  runs: number[];
  configUsers: number;
}

export function actionEnv(dir: string, apiUrl: string, config: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_REPOSITORY: 'bigcorp/seats-admin',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_API_URL: apiUrl,
    GITHUB_WORKSPACE: dir,
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
    INPUT_TOKEN: 'bench-token',
    'INPUT_GITHUB-TOKEN': 'bench-token',
    INPUT_CONFIG: config,
    INPUT_MODE: 'plan',
    INPUT_COMMENT: 'false',
  };
}

/** One run: spawn, wait for the first request, stop the action (its plan is not what is timed). */
async function once(dir: string, config: string): Promise<number> {
  let first: (() => void) | undefined;
  const arrived = new Promise<void>((resolve) => (first = resolve));
  const sim = await startSimulator(makeScenario(1000).state, { onRequest: () => first?.() });
  try {
    const start = performance.now();
    const child = spawn(process.execPath, [ACTION], { cwd: dir, env: actionEnv(dir, sim.url, config) });
    child.stdout.resume();
    child.stderr.resume();
    const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
    await Promise.race([arrived, exited]);
    const ms = performance.now() - start;
    child.kill();
    await exited;
    return ms;
  } finally {
    await sim.close();
  }
}

export async function measureColdStart(dir: string): Promise<ColdStart> {
  const scenario = makeScenario(1000);
  const config = join(dir, 'cold-start-seats.yaml');
  await writeFile(config, scenario.yaml);
  await writeFile(join(dir, 'output'), '');
  await writeFile(join(dir, 'summary.md'), '');
  const configUsers = scenario.yaml.split('\n').filter((l) => l.startsWith('  - ')).length;
  if (!existsSync(ACTION)) return { runs: [], configUsers };
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once(dir, config));
  return { runs: runs.sort((a, b) => a - b), configUsers };
}
