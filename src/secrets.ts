// The tokens of this process, for the one place that must redact without being handed them: the
// API layer cuts error bodies to a length (src/github/errors.ts), and a cut through a token must
// come after its redaction. The entry points (action, CLI) register the tokens as soon as they
// have them, as core.setSecret does for the runner. Only ever grows: forgetting a token could leak it.
import { createRedactor, cutText, type Redact } from './redact.ts';

const known = new Set<string>();
let redact: Redact = (text) => text;

export function addSecrets(...secrets: (string | undefined)[]): void {
  for (const s of secrets) if (s) known.add(s);
  redact = createRedactor([...known]);
}

/** Every registered token removed from `text`. */
export function redactSecrets(text: string): string {
  return redact(text);
}

/** `text` cut to `max` characters, every registered token removed first. */
export function cutSecretText(text: string, max: number): string {
  return cutText(text, max, redact);
}
