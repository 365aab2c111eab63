// The fast path from seats.yaml text to plain data and positions, for the files that make big files
// big: block mappings and block sequences of one-line scalars (`- octocat`, `- login: x` with
// `reason:` and `expires:` below it). It reads what the `yaml` package would read, without building
// its syntax tree, or gives up (returns null) at the first thing it does not handle: flow style,
// anchors, aliases, tags, block scalars, multi-line scalars, escapes, `''` in quotes, document
// markers, directives, tabs, a CR but in CRLF, duplicate keys, empty values, scalars YAML reads as null, booleans
// or numbers other than small whole numbers, any unusual character. parseSeats then runs the full
// parser, which also words every error: the fast path never reports one.
import type { ConfigError, SourcePos } from '../plan/types.ts';
import { splitPointer, type Locator, type Target } from './locate.ts';

/** Where a value starts: a scalar is its offset; a collection keeps its children's. */
type Pos = number | SeqPos | MapPos;
interface SeqPos {
  start: number;
  items: Pos[];
}
interface MapPos {
  start: number;
  /** Flat, three slots a key: the key, where it starts, its value's Pos (a few keys a mapping). */
  entries: (string | Pos)[];
}

/** More keys than this in one mapping is no seats file the fast path needs to be fast for. */
const MAX_KEYS = 64;
/** seats.yaml nests four levels; a deeper file is read by the full parser (and refused). */
const MAX_DEPTH = 8;

export interface FastParse {
  /** The plain data `doc.toJS()` gives. */
  data: Record<string, unknown>;
  locator: Locator;
}

/** Thrown inside the scanner when the text needs the full parser. */
class Unusual extends Error {}

const unusual = (): never => {
  throw new Unusual();
};

/**
 * Characters the fast path accepts anywhere: LF, CR, printable ASCII, and printable non-ASCII but
 * for NEL and the BOM (YAML's c-printable, narrowed; a surrogate not in a pair is unusual).
 */
const UNUSUAL_CHAR = /[^\n\r\x20-\x7e\u00a0-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]/u;
/** A CR is only read as half of a CRLF line end. */
const LONE_CR = /\r(?!\n)/;

/** A key as the fast path accepts it: a plain word of letters, digits, `_`, `-`, `.`. */
const KEY = /[A-Za-z0-9_][A-Za-z0-9_.-]*:(?= |\r?\n|$)/y;
/** YAML allows implicit keys up to 1024 characters. */
const MAX_KEY = 1000;

/** A plain scalar cannot start with an indicator (nor with `-`, `?`, `:`, kept out for safety). */
const PLAIN_START = /[^-?:,[\]{}#&*!|>'"%@` ]/y;

// The YAML 1.2 core schema's tests for plain scalars that are not strings (as the `yaml` package
// writes them: the spec's regular expressions).
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const INT_OCT = /^0o[0-7]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
/** Whole numbers read exactly and the same by any reading: no sign, no leading zero, < 2^53. */
const SMALL_INT = /^(?:0|[1-9][0-9]{0,14})$/;

/** What a plain scalar means under the core schema, when the fast path is sure of it. */
function plainValue(raw: string): string | number {
  const c = raw.charCodeAt(0);
  // Only these can start a null, a boolean or a number.
  const special =
    (c >= 0x30 && c <= 0x39) || raw[0] === '~' || raw[0] === '.' || raw[0] === '+' || /^[NnTtFf]/.test(raw);
  if (!special) return raw;
  if (INT.test(raw)) return SMALL_INT.test(raw) ? Number(raw) : unusual();
  if (
    NULL.test(raw) ||
    BOOL.test(raw) ||
    INT_OCT.test(raw) ||
    INT_HEX.test(raw) ||
    FLOAT_NAN.test(raw) ||
    FLOAT_EXP.test(raw) ||
    FLOAT.test(raw)
  ) {
    return unusual();
  }
  return raw;
}

/** Index of the first line starting after `offset` (binary search), i.e. the 1-based line number. */
function lineOf(lineStarts: Int32Array, offset: number): number {
  let low = 0;
  let high = lineStarts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((lineStarts[mid] as number) <= offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

class Scanner {
  readonly text: string;
  /** Offsets where lines start (the first at 0); the file is at most a few megabytes. */
  readonly lineStarts: Int32Array;
  /** The line being read. */
  line = 0;
  /** Collections open around it. */
  depth = 0;

  constructor(text: string) {
    this.text = text;
    let lines = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
    this.lineStarts = new Int32Array(lines);
    lines = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1))
      this.lineStarts[lines++] = i + 1;
  }

  start(line: number): number {
    return this.lineStarts[line] as number;
  }

  /** Offset of the line's end (its LF, or the CR of its CRLF), or the end of the text. */
  end(line: number): number {
    const next = this.lineStarts[line + 1];
    if (next === undefined) return this.text.length;
    return this.text.charCodeAt(next - 2) === 0x0d ? next - 2 : next - 1;
  }

  indent(line: number): number {
    const start = this.start(line);
    let i = start;
    while (this.text.charCodeAt(i) === 0x20) i++;
    return i - start;
  }

  /** Skips blank and comment-only lines; false at the end of the text. */
  toContent(): boolean {
    for (; this.line < this.lineStarts.length; this.line++) {
      const p = this.start(this.line) + this.indent(this.line);
      if (p < this.end(this.line) && this.text[p] !== '#') return true;
    }
    return false;
  }

  /** Is there `- ` (or a lone `-`) at offset p? */
  isDash(p: number): boolean {
    if (this.text[p] !== '-') return false;
    const next = this.text.charCodeAt(p + 1);
    return next === 0x20 || next === 0x0a || next === 0x0d || Number.isNaN(next);
  }

  /** After a value on its line: spaces, then an optional comment (after at least one space). */
  expectLineEnd(p: number, end: number): void {
    let i = p;
    while (i < end && this.text.charCodeAt(i) === 0x20) i++;
    if (i === end) return;
    if (this.text[i] === '#' && i > p) return;
    unusual();
  }

  /** The one-line scalar at p: its value and source end. Moves to the next line. */
  scalar(p: number): unknown {
    const value = this.scalarAt(p).value;
    this.line++;
    return value;
  }

  scalarAt(p: number): { value: unknown; end: number } {
    const text = this.text;
    const end = this.end(lineOf(this.lineStarts, p) - 1);
    const quote = text[p];
    if (quote === "'" || quote === '"') {
      const close = text.indexOf(quote, p + 1);
      if (close === -1 || close >= end) return unusual();
      const value = text.slice(p + 1, close);
      // `''` in single quotes and escapes in double quotes are left to the full parser.
      if (quote === "'" && text[close + 1] === "'") return unusual();
      if (quote === '"' && value.includes('\\')) return unusual();
      this.expectLineEnd(close + 1, end);
      return { value, end: close + 1 };
    }
    PLAIN_START.lastIndex = p;
    if (!PLAIN_START.test(text)) return unusual();
    // The scalar ends at ` #` (a comment) or at the end of the line. `a: b` in a value, or a key
    // without a value: the full parser decides what it is.
    let stop = p + 1;
    for (; stop < end; stop++) {
      const c = text.charCodeAt(stop);
      if (c === 0x20 && text.charCodeAt(stop + 1) === 0x23) break;
      if (c === 0x3a && (stop + 1 === end || text.charCodeAt(stop + 1) === 0x20)) return unusual();
    }
    while (stop > p && text.charCodeAt(stop - 1) === 0x20) stop--;
    return { value: plainValue(text.slice(p, stop)), end: stop };
  }

  /** A `key:` at p, or null when there is none. */
  keyAt(p: number): string | null {
    KEY.lastIndex = p;
    if (!KEY.test(this.text)) return null;
    const key = this.text.slice(p, KEY.lastIndex - 1);
    if (key.length > MAX_KEY || key === '__proto__' || plainValue(key) !== key) return unusual();
    return key;
  }

  /** The value after `key:` at q (same line, or the block below); `indent` is the mapping's. */
  mapValue(q: number, indent: number): { value: unknown; pos: Pos } {
    const end = this.end(this.line);
    let p = q;
    while (p < end && this.text.charCodeAt(p) === 0x20) p++;
    if (p < end && this.text[p] !== '#') return { value: this.scalar(p), pos: p };
    this.line++;
    if (!this.toContent()) return unusual();
    const childIndent = this.indent(this.line);
    const first = this.start(this.line) + childIndent;
    // A sequence may sit at its key's indentation; a mapping must be deeper. Anything else is an
    // empty value (null), which the schema refuses anyway.
    if (this.isDash(first) && childIndent >= indent) return this.sequence(childIndent);
    if (childIndent > indent) return this.mapping(childIndent, first);
    return unusual();
  }

  /** A block mapping whose first key is at p, on the current line; its keys at column `indent`. */
  mapping(indent: number, first: number): { value: Record<string, unknown>; pos: MapPos } {
    if (++this.depth > MAX_DEPTH) unusual();
    const data: Record<string, unknown> = {};
    const pos: MapPos = { start: first, entries: [] };
    let p = first;
    for (;;) {
      const key = this.keyAt(p) ?? unusual();
      if (entryOf(pos, key) !== -1 || pos.entries.length >= 3 * MAX_KEYS) unusual();
      const child = this.mapValue(p + key.length + 1, indent);
      data[key] = child.value;
      pos.entries.push(key, p, child.pos);
      if (!this.toContent()) break;
      const at = this.indent(this.line);
      if (at < indent) break;
      if (at > indent) unusual();
      p = this.start(this.line) + at;
      if (this.isDash(p)) unusual();
    }
    this.depth--;
    return { value: data, pos };
  }

  /** A block sequence whose first `-` is on the current line at column `indent`. */
  sequence(indent: number): { value: unknown[]; pos: SeqPos } {
    if (++this.depth > MAX_DEPTH) unusual();
    const data: unknown[] = [];
    const pos: SeqPos = { start: this.start(this.line) + indent, items: [] };
    for (;;) {
      const dash = this.start(this.line) + indent;
      const end = this.end(this.line);
      let q = dash + 1;
      while (q < end && this.text.charCodeAt(q) === 0x20) q++;
      // An empty entry, a nested block, `- - x`: the full parser.
      if (q === end || this.text[q] === '#' || this.isDash(q)) unusual();
      if (this.keyAt(q) !== null) {
        const item = this.mapping(q - this.start(this.line), q);
        data.push(item.value);
        pos.items.push(item.pos);
      } else {
        data.push(this.scalar(q));
        pos.items.push(q);
      }
      if (!this.toContent()) break;
      const at = this.indent(this.line);
      if (at < indent) break;
      if (at > indent) unusual();
      if (!this.isDash(this.start(this.line) + at)) break;
    }
    this.depth--;
    return { value: data, pos };
  }
}

/** The index of `key` in a MapPos's entries, or -1. */
function entryOf(node: MapPos, key: string): number {
  for (let i = 0; i < node.entries.length; i += 3) if (node.entries[i] === key) return i;
  return -1;
}

function startOf(node: Pos): number {
  return typeof node === 'number' ? node : node.start;
}

/** Where a walk along a pointer got to. */
interface Walked {
  /** The node of the last segment found (the root when none was). */
  node: Pos;
  /** Every segment was found. */
  complete: boolean;
  /** Where the node's parent starts; where the last key found starts (null: an index). */
  parentStart: number;
  keyStart: number | null;
}

/** The child of `node` named by `pointer`'s segment from `from` to `to` (not escaped), or null. */
function childAt(
  node: Pos,
  pointer: string,
  from: number,
  to: number,
): { node: Pos; keyStart: number | null } | null {
  if (typeof node === 'number') return null;
  if ('items' in node) {
    if (to === from) return null;
    let index = 0;
    for (let i = from; i < to; i++) {
      const digit = pointer.charCodeAt(i) - 0x30;
      if (digit < 0 || digit > 9) return null;
      index = index * 10 + digit;
    }
    const item = node.items[index];
    return item === undefined ? null : { node: item, keyStart: null };
  }
  for (let i = 0; i < node.entries.length; i += 3) {
    const key = node.entries[i] as string;
    if (key.length === to - from && pointer.startsWith(key, from)) {
      return { node: node.entries[i + 2] as Pos, keyStart: node.entries[i + 1] as number };
    }
  }
  return null;
}

/** Follows `pointer` (RFC 6901) from the root as far as the tree goes; the last pair of a key wins
 *  in makeLocator(), and the fast path has no key twice. */
function walk(root: MapPos, pointer: string): Walked {
  // An escaped pointer (`~0`, `~1`) is rare: unescape it and walk the plain form.
  const segments = pointer.includes('~') ? splitPointer(pointer) : null;
  let node: Pos = root;
  let parentStart = root.start;
  let keyStart: number | null = null;
  if (segments) {
    for (const segment of segments) {
      const step = childAt(node, segment, 0, segment.length);
      if (!step) return { node, complete: false, parentStart, keyStart };
      parentStart = startOf(node);
      ({ node, keyStart } = step);
    }
    return { node, complete: true, parentStart, keyStart };
  }
  for (let from = 1; from <= pointer.length;) {
    const slash = pointer.indexOf('/', from);
    const to = slash === -1 ? pointer.length : slash;
    const step = childAt(node, pointer, from, to);
    if (!step) return { node, complete: false, parentStart, keyStart };
    parentStart = startOf(node);
    ({ node, keyStart } = step);
    from = to + 1;
  }
  return { node, complete: true, parentStart, keyStart };
}

/** The same answers as makeLocator() gives for the document the full parser reads. */
function makeFastLocator(scanner: Scanner, root: MapPos, file: string): Locator {
  const { lineStarts, text } = scanner;
  const posOfOffset = (offset: number): SourcePos => {
    const line = lineOf(lineStarts, offset);
    return { line: Math.max(1, line), column: Math.max(1, offset - (lineStarts[line - 1] ?? 0) + 1) };
  };
  const posOf = (pointer: string, target: Target = 'value'): SourcePos => {
    const w = walk(root, pointer);
    // With 'key', where the key starts; an index has none: where the walk was before it.
    const wantKey = w.complete && target === 'key' && w.node !== root;
    return posOfOffset(wantKey ? (w.keyStart ?? w.parentStart) : startOf(w.node));
  };
  const errorAtOffset = (offset: number, message: string, pointer = ''): ConfigError => {
    const pos = posOfOffset(offset);
    return { file, line: pos.line, column: pos.column, path: pointer, message };
  };
  return {
    file,
    posOfOffset,
    posOf,
    sourceOf(pointer) {
      const w = walk(root, pointer);
      if (!w.complete || typeof w.node !== 'number') return null;
      return text.slice(w.node, scanner.scalarAt(w.node).end).trim();
    },
    errorAtOffset,
    error(pointer, message, target = 'value') {
      const pos = posOf(pointer, target);
      return { file, line: pos.line, column: pos.column, path: pointer, message };
    },
  };
}

/**
 * The plain data and a Locator of a seats file in the shapes the fast path reads, or null: then
 * only the full parser may read it (also when it is not valid YAML at all).
 */
export function fastParse(text: string, file: string): FastParse | null {
  if (UNUSUAL_CHAR.test(text) || LONE_CR.test(text)) return null;
  const scanner = new Scanner(text);
  try {
    // The top level: a block mapping at column 1, and nothing after it.
    if (!scanner.toContent() || scanner.indent(scanner.line) !== 0) return null;
    const { value, pos } = scanner.mapping(0, scanner.start(scanner.line));
    if (scanner.toContent()) return null;
    return { data: value, locator: makeFastLocator(scanner, pos, file) };
  } catch (e) {
    if (e instanceof Unusual) return null;
    throw e;
  }
}
