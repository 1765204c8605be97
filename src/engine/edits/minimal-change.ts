// The smallest single replacement turning one text into another: editors keep cursors, folding
// and undo tidy when a fix-all replaces only what changed instead of the whole document.

/** `before.slice(start, end)` becomes `text`; undefined when the texts are equal. */
export interface MinimalChange {
  start: number;
  end: number;
  text: string;
}

export function minimalChange(before: string, after: string): MinimalChange | undefined {
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  return { start, end: endBefore, text: after.slice(start, endAfter) };
}
