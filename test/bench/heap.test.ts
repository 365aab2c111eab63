// src/heap.ts: V8 flags set at runtime, first thing, keep the new space at its initial size (the
// peak RSS of a big plan, issue 15); a young generation the user sizes through NODE_OPTIONS wins. Each case runs
// in a Node process of its own (flags are process-wide) that keeps many young objects alive, as
// reading a big seat list does, and prints the new space's size.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const HEAP = new URL('../../src/heap.ts', import.meta.url).href;

const SCRIPT = `
import { getHeapSpaceStatistics } from 'node:v8';
const { limitHeap } = await import(${JSON.stringify(HEAP)});
limitHeap();
const kept = [];
for (let i = 0; i < 1_500_000; i++) {
  const o = { login: 'user' + i, at: [i, i + 1], seat: { n: i } };
  if (i % 4 === 0) kept.push(o);
}
const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
process.stdout.write(String(space.space_size / 1048576) + ' ' + kept.length);
`;

function newSpaceMB(nodeOptions: string): number {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], {
    env: { ...process.env, NODE_OPTIONS: nodeOptions },
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return Number(run.stdout.split(' ')[0]);
}

describe('limitHeap', () => {
  it('keeps the new space small while many young objects survive, and the user’s own flag wins', () => {
    const limited = newSpaceMB('');
    expect(limited).toBeLessThanOrEqual(8);
    // A young generation chosen in NODE_OPTIONS is left alone: the new space grows past the limit.
    const chosen = newSpaceMB('--max-semi-space-size=32');
    expect(chosen).toBeGreaterThan(limited);
  });
});
