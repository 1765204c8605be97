// The program one slice analyses: the pieces of the slice (the core and one component), in file
// order, with nothing between them. Each piece carries the whitespace after it, so what follows a
// piece is code in the slice as in the file (fixes that count the blank lines after the imports see
// the same count). Offsets are the slice's own; `SliceText.starts` maps them back to the file.
import type { Piece } from './pieces';

export interface SliceText {
  text: string;
  /** Start of each included piece in `text`, in file order. */
  starts: number[];
}

export function sliceSource(pieces: readonly Piece[], included: ReadonlySet<number>): SliceText {
  const parts: string[] = [];
  const starts: number[] = [];
  let at = 0;
  for (const p of pieces) {
    if (!included.has(p.index)) continue;
    parts.push(p.text);
    starts.push(at);
    at += p.text.length;
  }
  return { text: parts.join(''), starts };
}
