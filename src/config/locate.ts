// From a JSON pointer into the document to the line and column where that value (or its key)
// was written. Validation works on plain data; this walks the YAML syntax tree alongside it.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { ConfigError, SourcePos } from '../plan/types.ts';

export type Target = 'value' | 'key';

export interface Locator {
  /** The file name errors carry. */
  file: string;
  /** The position of an offset in the source text. */
  posOfOffset(offset: number): SourcePos;
  /** Where the value at `pointer` starts; with 'key', where its key starts. Falls back to the
   *  deepest part of the path that exists. */
  posOf(pointer: string, target?: Target): SourcePos;
  /** The source text of the scalar at `pointer` (`012`, `~`, `''` for an empty value), or null. */
  sourceOf(pointer: string): string | null;
  /** A ConfigError at an offset in the source text. */
  errorAtOffset(offset: number, message: string, pointer?: string): ConfigError;
  /** A ConfigError at the node `pointer` names. */
  error(pointer: string, message: string, target?: Target): ConfigError;
}

/** `/users/3/login` → ['users', '3', 'login'] (RFC 6901 unescaping). */
export function splitPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function joinPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** A scalar key as the plain data spells it (yaml turns a null key into ''); null for a
 *  collection key, which parseSeats rejects before it looks anything up. */
export function keyText(key: unknown): string | null {
  if (!isScalar(key)) return null;
  return key.value === null ? '' : String(key.value);
}

interface Step {
  node: Node | null;
  keyNode: Node | null;
}

/** One step down the tree. The last pair with the key wins, as in the plain data. */
function child(doc: Document, node: Node, segment: string): Step | null {
  const target = isAlias(node) ? node.resolve(doc) : node;
  if (isMap(target)) {
    for (let i = target.items.length - 1; i >= 0; i--) {
      const pair = target.items[i];
      if (isPair(pair) && keyText(pair.key) === segment) {
        return { node: (pair.value as Node | null) ?? null, keyNode: pair.key as Node | null };
      }
    }
    return null;
  }
  if (isSeq(target) && /^\d+$/.test(segment)) {
    const item = target.items[Number(segment)];
    return item === undefined ? null : { node: item as Node | null, keyNode: null };
  }
  return null;
}

function startOf(node: Node | null | undefined): number | null {
  return node?.range ? node.range[0] : null;
}

/** The steps along `pointer`, as far as the tree goes. */
function walkPointer(doc: Document, pointer: string): { steps: Step[]; complete: boolean } {
  const steps: Step[] = [];
  let node = doc.contents as Node | null;
  const segments = splitPointer(pointer);
  for (const segment of segments) {
    const step = node ? child(doc, node, segment) : null;
    if (!step) break;
    steps.push(step);
    node = step.node;
  }
  return { steps, complete: steps.length === segments.length };
}

export function makeLocator(doc: Document, lineCounter: LineCounter, text: string, file: string): Locator {
  const posOfOffset = (offset: number): SourcePos => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: Math.max(1, line), column: Math.max(1, col) };
  };

  const posOf = (pointer: string, target: Target = 'value'): SourcePos => {
    const { steps, complete } = walkPointer(doc, pointer);
    let offset = startOf(doc.contents as Node | null) ?? 0;
    steps.forEach((step, i) => {
      const wantKey = complete && target === 'key' && i === steps.length - 1;
      // A pair without a value (`users:`) has no value node: its key is the best place.
      offset = startOf(wantKey ? step.keyNode : (step.node ?? step.keyNode)) ?? offset;
    });
    return posOfOffset(offset);
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
      const { steps, complete } = walkPointer(doc, pointer);
      if (!complete) return null;
      const last = steps[steps.length - 1];
      const node = last ? last.node : doc.contents;
      if (!isScalar(node) || !node.range) return null;
      return text.slice(node.range[0], node.range[1]).trim();
    },
    errorAtOffset,
    error(pointer, message, target = 'value') {
      const pos = posOf(pointer, target);
      return { file, line: pos.line, column: pos.column, path: pointer, message };
    },
  };
}
