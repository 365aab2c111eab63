// Tokens must never leave the process in clear: the runner masks them in the log, but not in what
// the action posts itself (PR comments, the drift issue), nor in outputs read by later steps, nor
// in the CLI's output. An error body that echoes a header (a proxy, a misconfigured GHES) could
// carry one anywhere, so every text that leaves goes through a redactor. Pure.
import { mdText } from './render/escape.ts';

export type Redact = (text: string) => string;

/** Shorter strings are not tokens, and redacting them would mangle ordinary text. */
const MIN_SECRET_LENGTH = 8;

export function createRedactor(secrets: readonly (string | undefined)[]): Redact {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
    // Markdown escaping turns a token's `_` into an entity: redact that form too.
    forms.add(secret).add(mdText(secret));
  }
  const list = [...forms].sort((a, b) => b.length - a.length);
  return (text) => list.reduce((clean, secret) => clean.split(secret).join('***'), text);
}
