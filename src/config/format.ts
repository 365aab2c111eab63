// ConfigErrors as people and tools read them: `FILE:LINE:COL: message (at /users/3/login)`,
// the form compilers use, so editors and terminals turn it into a link.
import type { ConfigError } from '../plan/types.ts';

/** `seats.yaml:4:5: duplicate user 'octocat' (also at line 3) (at /users/2)`. */
export function formatConfigError(e: ConfigError): string {
  const at = e.path === '' ? '' : ` (at ${e.path})`;
  return `${e.file}:${e.line}:${e.column}: ${e.message}${at}`;
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
  const at = e.path === '' ? '' : ` (at ${e.path})`;
  return {
    message: `${e.message}${at}`,
    properties: { title: 'seats.yaml', file: e.file, startLine: e.line, startColumn: e.column },
  };
}
