// The runner's event payload file, checked before anything loads `@actions/github`: its module
// reads GITHUB_EVENT_PATH when it is imported and throws on a file that is not JSON, which would
// end the process before it can say why. A payload that cannot be read is dropped here (the action
// reads it as an empty event, as it always has) and named in a warning.
import { readFileSync } from 'node:fs';

/** Unsets an unreadable GITHUB_EVENT_PATH; returns why, or undefined when it is fine or unset. */
export function dropUnreadableEventPath(env: Record<string, string | undefined>): string | undefined {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) return undefined;
  try {
    JSON.parse(readFileSync(path, 'utf8'));
    return undefined;
  } catch (error) {
    delete env.GITHUB_EVENT_PATH;
    const why = error instanceof SyntaxError ? 'is not JSON' : 'cannot be read';
    return `the event payload GITHUB_EVENT_PATH (${path}) ${why}: read as an empty event`;
  }
}
