// The thin I/O shell around parseSeats: read the file safely, then parse. Every failure is a
// ConfigError at a position, so the CLI and the action report it like any other problem.
import { constants, Stats } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { ConfigError } from '../plan/types.ts';
import { parseSeats, type ParseResult } from './parse.ts';

/** seats.yaml has a few hundred lines; anything this big is a mistake or an attack. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

const BOM = [0xef, 0xbb, 0xbf];

function fileError(file: string, message: string, line = 1, column = 1): ConfigError {
  return { file, line, column, path: '', message };
}

function tooLarge(file: string, size: number): ConfigError {
  return fileError(file, `the file is too large (${size} bytes; at most ${MAX_FILE_BYTES} bytes, 5 MB)`);
}

function hasBom(bytes: Uint8Array): boolean {
  return BOM.every((b, i) => bytes[i] === b);
}

/** Line and column (counted in bytes) of the first byte that is not valid UTF-8. Lines can be
 *  decoded one at a time because a newline byte never occurs inside a multi-byte character. */
function badBytePosition(bytes: Uint8Array): { line: number; column: number } {
  let start = 0;
  for (let line = 1; ; line++) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline;
    const bad = firstBadByte(bytes.subarray(start, end));
    if (bad !== null || newline === -1) return { line, column: (bad ?? 0) + 1 };
    start = newline + 1;
  }
}

/** Offset of the first byte of the broken character in one line, or null when the line is valid. */
function firstBadByte(line: Uint8Array): number | null {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(line);
    return null;
  } catch {
    // Feed it byte by byte (lines are short) to find where it breaks.
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // Start of a multi-byte character still being read: an error at a later byte belongs to it.
  let pending: number | null = null;
  for (let i = 0; i < line.length; i++) {
    try {
      const out = decoder.decode(line.subarray(i, i + 1), { stream: true });
      pending = out === '' ? (pending ?? i) : null;
    } catch {
      return pending ?? i;
    }
  }
  // A character cut off by the end of the line.
  return pending ?? line.length;
}

/** What a path is when it is not a regular file (a pipe or a device may never end), else null. */
function notAFile(stats: Stats): string | null {
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function notAFileError(path: string, file: string, stats: Stats): ConfigError | null {
  const kind = notAFile(stats);
  return kind ? fileError(file, `${path} is ${kind}, not a seats.yaml file: it was not read`) : null;
}

function openError(path: string, file: string, e: unknown): ConfigError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return fileError(file, `file not found: ${path}`);
  if (code === 'EISDIR') return fileError(file, `${path} is a directory, not a seats.yaml file`);
  return fileError(file, `cannot read ${path}: ${(e as Error).message}`);
}

async function readBytes(path: string, file: string): Promise<Uint8Array | ConfigError> {
  // Stat before opening: opening a FIFO for reading waits for a writer, for ever.
  const before = await stat(path).catch((e: unknown) => openError(path, file, e));
  if (!(before instanceof Stats)) return before;
  const refused = notAFileError(path, file, before);
  if (refused) return refused;
  let handle;
  try {
    // Non-blocking, in case the path became a FIFO since stat(): the open still returns at once.
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return openError(path, file, e);
  }
  try {
    // What was opened is checked again, and its size before reading, so a huge file is never loaded.
    const stats = await handle.stat();
    const swapped = notAFileError(path, file, stats);
    if (swapped) return swapped;
    if (stats.size > MAX_FILE_BYTES) return tooLarge(file, stats.size);
    // A view of the Buffer read, not a copy of it: a big file is held once.
    const buffer = await handle.readFile();
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    // The file may have grown since stat().
    return bytes.length > MAX_FILE_BYTES ? tooLarge(file, bytes.length) : bytes;
  } catch (e) {
    return fileError(file, `cannot read ${path}: ${(e as Error).message}`);
  } finally {
    await handle.close();
  }
}

/** Bytes → text: strict UTF-8, BOM dropped, CRLF accepted (YAML reads it as LF). */
export function decodeSeats(bytes: Uint8Array, file: string): string | ConfigError {
  const body = hasBom(bytes) ? bytes.subarray(BOM.length) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    const { line, column } = badBytePosition(body);
    return fileError(
      file,
      `the file is not valid UTF-8 (bad byte at line ${line}): save it as UTF-8`,
      line,
      column,
    );
  }
}

/** Reads and parses seats.yaml. `displayName` is the name errors carry (default: `path`). */
export async function readSeatsFile(path: string, displayName?: string): Promise<ParseResult> {
  const file = displayName ?? path;
  const text = await readText(path, file);
  if (typeof text !== 'string') return { desired: null, errors: [text] };
  return parseSeats(text, file);
}

/** The file's text; its bytes are garbage once decoded (they are not held while it is parsed). */
async function readText(path: string, file: string): Promise<string | ConfigError> {
  const bytes = await readBytes(path, file);
  return bytes instanceof Uint8Array ? decodeSeats(bytes, file) : bytes;
}

/**
 * `path` with every symlink resolved, when it lies inside `root` (also resolved); else where it
 * points. The action's `config` comes from the workflow, and a symlink in the repository could
 * point it at any file of the runner. A path that does not resolve is judged as written: reading it
 * then fails as not found.
 */
export async function resolveWithin(
  path: string,
  root: string,
): Promise<{ real: string } | { outside: string }> {
  const [realRoot, real] = await Promise.all([
    realpath(root).catch(() => resolve(root)),
    realpath(path).catch(() => resolve(path)),
  ]);
  const rel = relative(realRoot, real);
  const inside = rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
  return inside ? { real } : { outside: real };
}
