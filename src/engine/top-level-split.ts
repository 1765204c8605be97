// Where a Python module can be cut into parts of whole top-level statements, found by a linear
// lexical scan (brackets, strings, comments, backslash continuations) instead of a parse: parsing a
// 10 MB file whole only to find its statements took ~500 MB of WASM memory that is never given
// back. Used by analyze-parts.ts for files too large to analyse in one piece.

/** A top-level statement (or its first line) as found by the scan. */
export interface TopLevelStatement {
  /** Offset of its first character (always at the start of a line). */
  start: number;
  /** Offset just past the newline ending its first logical line. */
  firstLogicalEnd: number;
  /** 0-based line of `start`. */
  line: number;
  /** The statement may start a part: the line above is not a comment (a pragma) or a decorator. */
  cuttable: boolean;
  /** `import ...` / `from ... import ...`. */
  isImport: boolean;
}

/** A whole-line comment at column 0 (pragmas such as `# mlguard: ignore-file[...]`). */
export interface TopLevelComment {
  start: number;
  end: number;
  line: number;
}

export interface ModuleOutline {
  statements: TopLevelStatement[];
  comments: TopLevelComment[];
}

type LineKind = 'blank' | 'comment' | 'decorator' | 'code';

const CONTINUATION = /^(?:else|elif|except|finally)\b/;
const IMPORT = /^(?:import|from)\s/;

/**
 * Scans the source once. A statement starts at a non-blank, non-comment character in column 0
 * outside any bracket, string or backslash continuation; `else`/`elif`/`except`/`finally`
 * continue the statement above. Unterminated strings or brackets simply end the outline early
 * (the rest is one statement): the scan never fails, it only finds fewer places to cut.
 */
export function outlineModule(source: string): ModuleOutline {
  const statements: TopLevelStatement[] = [];
  const comments: TopLevelComment[] = [];
  let depth = 0;
  let quote = ''; // the open string's delimiter (', ", ''' or """), '' outside strings
  let continued = false; // the previous physical line ended in a backslash
  let line = 0;
  let prevLineKind: LineKind = 'blank';
  let open: TopLevelStatement | undefined; // a statement whose first logical line is not finished
  const n = source.length;
  let i = 0;
  while (i < n) {
    // At the start of a physical line.
    const atTop = depth === 0 && quote === '' && !continued;
    let kind: LineKind = 'code';
    if (atTop) {
      const c = source.charCodeAt(i);
      if (c === 10 || c === 13) kind = 'blank';
      else if (c === 35 /* # */) kind = 'comment';
      else if (c === 32 || c === 9 || c === 12) {
        let j = i;
        while (j < n && (source.charCodeAt(j) === 32 || source.charCodeAt(j) === 9 || source.charCodeAt(j) === 12)) j++;
        const d = source.charCodeAt(j);
        kind = j >= n || d === 10 || d === 13 ? 'blank' : d === 35 ? 'comment' : 'code';
      } else {
        const head = source.slice(i, i + 12);
        if (!CONTINUATION.test(head)) {
          open = { start: i, firstLogicalEnd: n, line, cuttable: prevLineKind !== 'comment' && prevLineKind !== 'decorator', isImport: IMPORT.test(head) };
          statements.push(open);
        }
        kind = c === 64 /* @ */ ? 'decorator' : 'code';
      }
    }
    const lineStart = i;
    // Scan the rest of the physical line.
    continued = false;
    while (i < n) {
      const c = source.charCodeAt(i);
      if (c === 10 || c === 13) break;
      if (quote !== '') {
        if (c === 92 /* \ */) {
          i += 2;
          continue;
        }
        if (source.startsWith(quote, i)) {
          i += quote.length;
          quote = '';
          continue;
        }
        i++;
        continue;
      }
      if (c === 35) {
        // A comment runs to the end of the line.
        while (i < n && source.charCodeAt(i) !== 10 && source.charCodeAt(i) !== 13) i++;
        break;
      }
      if (c === 39 || c === 34) {
        const q = source[i];
        quote = source.startsWith(q + q + q, i) ? q + q + q : q;
        i += quote.length;
        continue;
      }
      if (c === 40 || c === 91 || c === 123) depth++;
      else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
      else if (c === 92 && (source.charCodeAt(i + 1) === 10 || source.charCodeAt(i + 1) === 13)) continued = true;
      i++;
    }
    // A one-quote string cannot span lines (unless escaped, handled above): end it here.
    if (quote.length === 1 && !(i > 0 && source.charCodeAt(i - 1) === 92)) quote = '';
    if (atTop && kind === 'comment' && source.charCodeAt(lineStart) === 35) comments.push({ start: lineStart, end: i, line });
    // Line break.
    if (i < n) i += source.charCodeAt(i) === 13 && source.charCodeAt(i + 1) === 10 ? 2 : 1;
    line++;
    if (open && depth === 0 && quote === '' && !continued) {
      open.firstLogicalEnd = i;
      open = undefined;
    }
    if (kind !== 'blank' || !atTop) prevLineKind = atTop ? kind : prevLineKind === 'decorator' ? 'decorator' : 'code';
  }
  return { statements, comments };
}
