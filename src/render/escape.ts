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

/**
 * Characters a terminal, the log viewer or a browser acts on instead of showing: C0 and C1 controls
 * (ESC starts an ANSI sequence that recolours or clears the screen), DEL and the bidirectional
 * overrides that reorder what is read. Line feeds and tabs are left to the callers.
 */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Control characters shown as `\x1b` or `\u202e`: visible, so a reader sees that they were there. */
export function showControls(text: string): string {
  return text.replace(CONTROLS, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Line breaks and tabs become spaces, other controls are shown escaped: one line, nothing hidden. */
function oneLine(text: string): string {
  return showControls(text.replace(/[\t\n\r\u2028\u2029]+/g, ' '));
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

/** Terminal text: one line, control characters (ANSI escapes included) shown escaped, never raw. */
export function plainText(text: string): string {
  return oneLine(text);
}
