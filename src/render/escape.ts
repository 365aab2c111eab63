// Neutralizing text for GitHub markdown. Everything that comes from a user or the API (reasons,
// names, messages, logins) goes through one of these: nobody may be @-mentioned, no HTML or
// comment may be injected (a fake `<!-- copilot-seats:... -->` marker included), and no table
// may be broken by `|`, a newline or a backtick.

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '|': '&#124;',
  '`': '&#96;',
  '\\': '&#92;',
  '*': '&#42;',
  _: '&#95;',
  '~': '&#126;',
  '[': '&#91;',
  ']': '&#93;',
  '!': '&#33;',
};

/** Control characters and line breaks become spaces: a cell or list item stays on one line. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}

/**
 * Free text for a markdown table cell or list item. Markdown and HTML specials become entities
 * (shown literally, never parsed); `@` and `#` before a name or number get a zero-width joiner,
 * because GitHub finds mentions and references in the rendered text, after entities are decoded.
 */
export function mdText(text: string): string {
  // Joiners first: the entities written next contain `#` followed by digits themselves.
  return oneLine(text)
    .replace(/@/g, '@\u200d')
    .replace(/#(?=\d)/g, '#\u200d')
    .replace(/[&<>|`\\*_~[\]!]/g, (c) => ENTITIES[c] ?? c);
}

/**
 * A login or slug as inline code: code spans never mention anyone. GitHub names hold none of
 * these characters, so replacing them only defuses hostile input.
 */
export function mdCode(name: string): string {
  const safe = oneLine(name).replace(/`/g, "'").replace(/\|/g, '¦').replace(/</g, '‹').replace(/>/g, '›');
  return `\`${safe.trim() === '' ? '?' : safe}\``;
}

/** A URL for a markdown link target: only http(s), with the characters that end a link encoded. */
export function mdUrl(url: string): string | null {
  if (!/^https?:\/\//i.test(url)) return null;
  return oneLine(url).replace(
    /[()<>\s"'`|\\]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/** Terminal text: control characters (ANSI escapes included) removed from untrusted text. */
export function plainText(text: string): string {
  return oneLine(text);
}
