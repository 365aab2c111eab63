// ConfigErrors as people and tools read them: `FILE:LINE:COL: message (at /users/3/login)`,
// the form compilers use, so editors and terminals turn it into a link.
import type { ConfigError } from '../plan/types.ts';
import { cutText } from '../redact.ts';
import { showControls } from '../render/escape.ts';

/**
 * Longest message and path shown: they quote the file (keys, values), which may be anything, 5 MB
 * of it in one key. Control characters in them are shown escaped, never sent to a terminal raw.
 */
const MAX_MESSAGE = 400;
const MAX_PATH = 100;

function shown(text: string, max: number): string {
  return showControls(cutText(text, max)).replace(/[\n\t]/g, ' ');
}

/** The message and its `(at /path)`, as every form below shows them. */
function messageOf(e: ConfigError): string {
  const at = e.path === '' ? '' : ` (at ${shown(e.path, MAX_PATH)})`;
  return `${shown(e.message, MAX_MESSAGE)}${at}`;
}

/** `seats.yaml:4:5: duplicate user 'octocat' (also at line 3) (at /users/2)`. */
export function formatConfigError(e: ConfigError): string {
  return `${showControls(e.file)}:${e.line}:${e.column}: ${messageOf(e)}`;
}

/** One line per error, then a count: what `validate` prints. */
export function formatConfigErrors(errors: readonly ConfigError[]): string {
  if (errors.length === 0) return '';
  const count = errors.length === 1 ? '1 error' : `${errors.length} errors`;
  return [...errors.map(formatConfigError), count].join('\n');
}

/** The fields of a GitHub annotation (`core.error(message, properties)`) for one error. */
export function annotationOf(e: ConfigError): {
  message: string;
  properties: { title: string; file: string; startLine: number; startColumn: number };
} {
  return {
    message: messageOf(e),
    properties: { title: 'seats.yaml', file: e.file, startLine: e.line, startColumn: e.column },
  };
}
