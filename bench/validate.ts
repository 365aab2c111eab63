// `validate` of a big seats.yaml (issue 15: 100,000 entries in at most 1 s and 150 MB): the CLI's
// command, which reads the plain shapes of big files by the fast path, against the full parser
// alone. Each run is a process of its own (bench/validate-worker.ts, bundled as the CLI is); wall
// time is from spawn to exit, as a user sees it.
import { runJsonChild } from './child.ts';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ValidateInput, ValidateResult, ValidateWay } from './validate-worker.ts';

const RUNS = 3;

export interface ValidateRun {
  way: ValidateWay;
  /** Spawn to exit, milliseconds; the median run's. */
  wallMs: number;
  /** In the worker: from its modules loaded to the verdict. */
  ms: number;
  maxRssMB: number;
  valid: boolean;
}

export interface ValidateMeasure {
  entries: number;
  bytes: number;
  cli: ValidateRun;
  full: ValidateRun;
}

/**
 * A seats.yaml of `entries` entries as a big org writes one: mostly logins in the short form, one in
 * ten in the long form with a reason (every other one with an end date), some teams, exemptions and
 * a policy; a comment here and there.
 */
export function bigSeatsYaml(entries: number): string {
  const teams = Math.max(1, Math.round(entries / 100));
  const exempt = Math.max(1, Math.round(entries / 1000));
  const users = entries - teams - exempt;
  const lines = ['# The Copilot seats of bigcorp.', 'version: 1', 'org: bigcorp', '', 'users:'];
  for (let i = 0; i < users; i++) {
    if (i % 1000 === 0) lines.push(`  # batch ${i / 1000}`);
    if (i % 10 === 9) {
      lines.push(`  - login: user-${i}`, `    reason: pilot of team ${i % 97}, ticket SEC-${i}`);
      if (i % 20 === 19) lines.push(`    expires: 2027-0${1 + (i % 9)}-${10 + (i % 18)}`);
    } else {
      lines.push(`  - user-${i}`);
    }
  }
  lines.push('teams:');
  for (let i = 0; i < teams; i++)
    lines.push(i % 5 === 0 ? `  - slug: team-${i}\n    reason: pilot` : `  - team-${i}`);
  lines.push('exempt:');
  for (let i = 0; i < exempt; i++) lines.push(`  - login: admin-${i} # by hand`, `    reason: "owner"`);
  lines.push('policy:', "  max_removals: '25%'", '  inactive_days: 30', '');
  return lines.join('\n');
}

function once(worker: string, input: ValidateInput): Promise<{ wallMs: number; result: ValidateResult }> {
  return runJsonChild<ValidateResult>([worker, JSON.stringify(input)], `validate worker (${input.way})`);
}

async function measureWay(worker: string, config: string, way: ValidateWay): Promise<ValidateRun> {
  const runs: { wallMs: number; result: ValidateResult }[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once(worker, { way, config }));
  runs.sort((a, b) => a.wallMs - b.wallMs);
  const median = runs[Math.floor(runs.length / 2)] as (typeof runs)[number];
  return {
    way,
    wallMs: median.wallMs,
    ms: median.result.ms,
    maxRssMB: Math.max(...runs.map((r) => r.result.maxRssMB)),
    valid: runs.every((r) => r.result.valid),
  };
}

export async function measureValidate(
  dir: string,
  worker: string,
  entries: number,
): Promise<ValidateMeasure> {
  const yaml = bigSeatsYaml(entries);
  const config = join(dir, `validate-${entries}.yaml`);
  await writeFile(config, yaml);
  return {
    entries,
    bytes: Buffer.byteLength(yaml),
    cli: await measureWay(worker, config, 'cli'),
    full: await measureWay(worker, config, 'full'),
  };
}
