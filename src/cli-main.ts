// The CLI's entry point (dist/cli.js, `bin: copilot-seats`): runCli with this process's I/O. The
// CLI has no use for an event payload: a stray, unreadable GITHUB_EVENT_PATH is dropped before the
// rest loads (see event-path.ts).
import { dropUnreadableEventPath } from './event-path.ts';
import { limitHeap } from './heap.ts';

// First: V8 sizes its heap from here on (see heap.ts).
limitHeap();

dropUnreadableEventPath(process.env);
const { runCli } = await import('./cli.ts');

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  isTTY: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  // Only `simulate` waits for a signal; other commands keep Ctrl-C's default (exit at once).
  waitForStop: () =>
    new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    }),
});
