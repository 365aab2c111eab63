// Tokens must never leave the process in clear: the runner masks them in the log, but not in what
// the action posts itself (PR comments, the drift issue), nor in outputs read by later steps, nor
// in the CLI's output. An error body that echoes a header (a proxy, a misconfigured GHES) could
// carry one anywhere, so every text that leaves goes through a redactor. Pure.
import { mdText } from './render/escape.ts';

export type Redact = (text: string) => string;

/** Shorter strings are not tokens, and redacting them would mangle ordinary text. */
const MIN_SECRET_LENGTH = 8;

/** What every cut in this project ends with, so that a redactor downstream can see where one was. */
export const CUT_MARK = '…';

/** A token cut by a shortened text: its prefix stands at the end, or just before the cut mark. */
const CUT_END = new RegExp(`\\s*${CUT_MARK}|$`, 'y');

export function createRedactor(secrets: readonly (string | undefined)[]): Redact {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
    // Markdown escaping turns a token's `_` into an entity: redact that form too.
    forms.add(secret).add(mdText(secret));
  }
  const list = [...forms].sort((a, b) => b.length - a.length);
  return (text) => {
    const whole = list.reduce((clean, secret) => clean.split(secret).join('***'), text);
    return list.reduce(redactCutPrefixes, whole);
  };
}

/**
 * A text cut before it reached a redactor (a renderer's last-resort cut, say) can end in the first
 * half of a token, which no longer matches the whole: such a prefix goes too, from 8 characters on.
 */
function redactCutPrefixes(text: string, secret: string): string {
  const head = secret.slice(0, MIN_SECRET_LENGTH);
  let out = '';
  let from = 0;
  for (let at = text.indexOf(head); at >= 0; at = text.indexOf(head, at + 1)) {
    if (at < from) continue;
    let end = at + head.length;
    while (end < text.length && end - at < secret.length && text[end] === secret[end - at]) end++;
    CUT_END.lastIndex = end;
    if (!CUT_END.test(text)) continue;
    out += `${text.slice(from, at)}***`;
    from = end;
  }
  return out + text.slice(from);
}

/**
 * `text` at most `max` characters long (plus the cut mark), redacted before it is cut: a cut
 * through a token would leave a prefix that no redactor recognises as the token any more.
 */
export function cutText(text: string, max: number, redact: Redact = (t) => t): string {
  const clean = redact(text);
  if (clean.length <= max) return clean;
  return redact(clean.slice(0, max) + CUT_MARK);
}
