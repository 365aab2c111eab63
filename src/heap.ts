// V8's young generation, kept small. On a machine with a lot of memory V8 lets the young
// generation grow to 64 MB a semi-space (128 MB of new space, most of it resident) whenever many
// young objects survive a scavenge, which the read of a big seat list does (each page's seats stay
// alive). The seats themselves need a few tens of MB; the rest of the peak RSS is that headroom.
// `--max-semi-space-size` is read once, when the heap is set up, and users cannot pass Node flags
// to an action; but V8 reads `--semi-space-growth-factor` each time it considers growing the new
// space, so setting it to 1 at the start of the process keeps the new space at its initial size.
// Scavenges are then more frequent but each is small (survivors are promoted sooner); the bench
// (bench/results.md) measures both the peak RSS and the wall time with and without it.
import { setFlagsFromString } from 'node:v8';

/** Flags a user set on purpose (NODE_OPTIONS or the command line) win over this. */
function userChoseYoungGeneration(): boolean {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return given.some((f) => /^--(max-semi-space-size|semi-space-growth-factor)\b/.test(f.replace(/_/g, '-')));
}

/** Called first thing by each entry point (and by the bench's worker, so it measures the same). */
export function limitYoungGeneration(): void {
  if (userChoseYoungGeneration()) return;
  setFlagsFromString('--semi-space-growth-factor=1');
}
