// Fitting a markdown document under GitHub's comment limit (65,536 characters): rows are dropped
// from the largest sections first, each shortened section says how many rows it left out, and a
// pointer near the top says where the full plan is.

/** A part of the document; only `rows` may be shortened. */
export interface Block {
  head: string;
  rows: string[];
  /** The line that replaces left-out rows, with the separator it needs after the last row. */
  more?: (omitted: number) => string;
  tail?: string;
}

export interface Doc {
  /** Marker, title, summary: always kept. */
  top: string[];
  blocks: Block[];
  bottom: string[];
  /** The pointer shown once rows were left out. */
  pointer: (omitted: number) => string;
}

function renderBlock(block: Block, keep: number): string {
  const rows = block.rows.slice(0, keep);
  const omitted = block.rows.length - keep;
  let text = rows.length > 0 ? `${block.head}\n${rows.join('\n')}` : block.head;
  if (omitted > 0 && block.more) text += block.more(omitted);
  return text + (block.tail ?? '');
}

function render(doc: Doc, keep: readonly number[]): string {
  const omitted = doc.blocks.reduce((n, b, i) => n + b.rows.length - (keep[i] ?? 0), 0);
  const parts = [...doc.top];
  if (omitted > 0) parts.push(doc.pointer(omitted));
  parts.push(...doc.blocks.map((b, i) => renderBlock(b, keep[i] ?? 0)), ...doc.bottom);
  return parts.filter((p) => p !== '').join('\n\n') + '\n';
}

/** Drops rows from whichever block is largest, until about `excess` characters are gone. */
function dropRows(doc: Doc, keep: number[], sizes: number[], excess: number): boolean {
  let dropped = 0;
  while (dropped < excess) {
    let largest = -1;
    for (let i = 0; i < sizes.length; i++) {
      if ((keep[i] ?? 0) > 0 && (largest < 0 || (sizes[i] ?? 0) > (sizes[largest] ?? 0))) largest = i;
    }
    if (largest < 0) return dropped > 0;
    const k = (keep[largest] ?? 0) - 1;
    const size = (doc.blocks[largest]?.rows[k]?.length ?? 0) + 1;
    keep[largest] = k;
    sizes[largest] = (sizes[largest] ?? 0) - size;
    dropped += size;
  }
  return true;
}

/** Last resort when even the unshortenable parts are too long: cut, and say so. */
function hardCut(text: string, maxLength: number): string {
  const note = '\n\n… (cut to fit the comment limit)\n';
  return text.slice(0, Math.max(0, maxLength - note.length)) + note;
}

export function fitDocument(doc: Doc, maxLength: number): string {
  const keep = doc.blocks.map((b) => b.rows.length);
  const sizes = doc.blocks.map((b) => b.rows.reduce((n, r) => n + r.length + 1, 0));
  let text = render(doc, keep);
  // Each round drops at least the excess plus room for the "more" lines, so a few rounds suffice.
  while (text.length > maxLength) {
    if (!dropRows(doc, keep, sizes, text.length - maxLength + 200)) return hardCut(text, maxLength);
    text = render(doc, keep);
  }
  return text;
}
