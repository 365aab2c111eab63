// V8's heap, kept closer to what the run holds. Reading a big seat list (1,000 pages of 140 KB, 32 in
// flight) allocates a lot that lives a little: on a machine with much memory V8 then grows the young
// generation to 64 MB a semi-space and lets the old generation grow by up to 4× its live size
// between full collections, so the peak RSS of a plan of 100,000 seats was three times the data it
// keeps (issue 15: 350 MB where ~110 MB are alive). Users cannot pass Node flags to an action (the
// runner starts `node dist/index.js`), and `--max-semi-space-size` is read once, when the heap is
// set up; but V8 reads these two each time it sizes a space, so setting them first thing works:
// - `--semi-space-growth-factor=1`: the new space keeps its initial size (scavenges are more
//   frequent and each is small);
// - `--heap-growing-percent=50`: after a full collection the old generation may grow by half its
//   live size before the next, instead of up to 4×.
// bench/results.md measures the plan's wall time and peak RSS with and without them.
import { setFlagsFromString } from 'node:v8';

/** Each flag set here, and the flags by which a user who passes one has chosen otherwise. */
const FLAGS: { flag: string; chosenBy: string[] }[] = [
  {
    flag: '--semi-space-growth-factor=1',
    chosenBy: ['--semi-space-growth-factor', '--max-semi-space-size', '--min-semi-space-size'],
  },
  { flag: '--heap-growing-percent=50', chosenBy: ['--heap-growing-percent'] },
];

/** Flags a user set on purpose (NODE_OPTIONS, where Node allows them, or the command line) win. */
function given(): string[] {
  return [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].map((f) =>
    f.replace(/_/g, '-'),
  );
}

/** Called first thing by each entry point (and by the bench's worker, so it measures the same). */
export function limitHeap(): void {
  const user = given();
  for (const { flag, chosenBy } of FLAGS) {
    if (!user.some((f) => chosenBy.some((name) => f === name || f.startsWith(`${name}=`))))
      setFlagsFromString(flag);
  }
}
