// Comparing two versions of a file that differ only by whole lines (an entry added or removed).
import { expect } from 'vitest';

/** The lines of `longer` that are not in `shorter`, checking that `shorter` keeps every other line in order. */
export function linesNotIn(longer: string, shorter: string): string[] {
  const kept = shorter.split('\n');
  let j = 0;
  const extra: string[] = [];
  for (const line of longer.split('\n')) {
    if (j < kept.length && kept[j] === line) j++;
    else extra.push(line);
  }
  expect(j).toBe(kept.length);
  return extra;
}
