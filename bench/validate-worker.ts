// One `validate` of a seats.yaml, in a process of its own so that its peak RSS is its own: the CLI's
// own command (`copilot-seats validate FILE`, which takes the fast path where it can), or the same
// file read by the full parser alone. Prints one JSON line (ValidateResult).
import { readFile } from 'node:fs/promises';
import { runCli } from '../src/cli.ts';
import { decodeSeats } from '../src/config/read.ts';
import { parseSeatsFull } from '../src/config/parse.ts';

export type ValidateWay = 'cli' | 'full';

export interface ValidateInput {
  way: ValidateWay;
  config: string;
}

export interface ValidateResult {
  way: ValidateWay;
  /** From the worker's start (its modules loaded) to the verdict. */
  ms: number;
  maxRssMB: number;
  valid: boolean;
}

async function full(path: string): Promise<boolean> {
  const text = decodeSeats(new Uint8Array(await readFile(path)), path);
  return typeof text === 'string' && parseSeatsFull(text, path).errors.length === 0;
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as ValidateInput;
  const start = performance.now();
  let valid: boolean;
  if (input.way === 'cli') {
    const io = { stdout: () => {}, stderr: () => {}, env: {}, isTTY: false };
    valid = (await runCli(['validate', input.config], io)) === 0;
  } else {
    valid = await full(input.config);
  }
  const ms = performance.now() - start;
  const result: ValidateResult = {
    way: input.way,
    ms,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    valid,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

await main();
