// The action's entry point: the runner starts dist/index.js, built from this file. The rest is
// loaded only after the event payload is checked (see event-path.ts).
import { dropUnreadableEventPath } from './event-path.ts';
import { limitHeap } from './heap.ts';

// First: V8 sizes its heap from here on (see heap.ts).
limitHeap();

const problem = dropUnreadableEventPath(process.env);
if (problem) process.stdout.write(`::warning::copilot-seats: ${problem}\n`);
const { run } = await import('./main.ts');
await run();
