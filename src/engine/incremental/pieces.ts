// Cuts a module into pieces (one per top-level statement or comment, with the whitespace after it)
// and groups them: the "core" (module-level statements that no definition depends on, imports
// included) is part of every analysis; each component is a set of pieces that may affect each
// other's findings. The cut is conservative: names are compared as words of the text (strings
// and comments included), so a piece that might use a definition is put with it.
import { parsePython, type SyntaxNode } from '../parser';

export interface PieceInfo {
  /** function_definition / class_definition / decorated_definition at top level. */
  readonly definition: boolean;
  /**
   * Names this piece defines for the rest of the file: every function and class name in it
   * (methods and nested functions too: the interpreter answers `self.fit()` and bare calls with
   * any same-file function of that name), names a `global` statement declares, and the words of
   * imports inside a definition (facts.imports resolves names file-wide).
   */
  readonly defines: readonly string[];
  /**
   * Names whose definitions replace or shadow each other (module-level and nested functions,
   * classes; not methods, which are keyed by their class): two pieces owning one name are grouped.
   */
  readonly owns: readonly string[];
  /** Words the piece uses (every word of its text, minus the occurrences that only name a definition). */
  readonly uses: ReadonlySet<string>;
  /** Module-level names a non-definition statement may bind or change (its words; keywords and, outside imports, imported names aside). */
  readonly binds: readonly string[];
  /** Comments that may be pragmas (`# mlguard:`), offsets relative to the piece's start. */
  readonly pragmas: readonly { offset: number; text: string }[];
  /** The top-level node's type (a re-cut after an edit keeps pieces of the same type only). */
  readonly type: string;
  /** The same number for the same names (definition, defines, owns, uses, binds): grouping depends on nothing else. */
  readonly signature: number;
}

export interface Piece {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The same number for the same text (PieceTable), so cache keys stay short. */
  readonly id: number;
  readonly info: PieceInfo;
  /** Whether the piece starts a line (a piece after `;` or a trailing comment does not). */
  readonly startsLine: boolean;
}

export interface Cut {
  readonly pieces: readonly Piece[];
  /** Indices of core pieces, in file order. */
  readonly core: readonly number[];
  /** Components: piece indices in file order, components ordered by their first piece. */
  readonly components: readonly (readonly number[])[];
}

const WORD = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/gu;
const DEFINITIONS = new Set(['function_definition', 'class_definition', 'decorated_definition']);
const PY_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case self'.split(' '),
);

/** Word → occurrences; a dunder word preceded by `.` (super().__init__) counts only after self./cls. */
function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(WORD)) {
    const w = m[0];
    if (w.length > 4 && w.startsWith('__') && w.endsWith('__') && text[m.index - 1] === '.' && !/\b(?:self|cls)\.$/.test(text.slice(Math.max(0, m.index - 5), m.index))) continue;
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return counts;
}

/** A function defined directly in a class body (decorated or not). */
function isMethod(fn: SyntaxNode): boolean {
  const up = fn.parent?.type === 'decorated_definition' ? fn.parent.parent : fn.parent;
  return up?.type === 'block' && up.parent?.type === 'class_definition';
}

const PRAGMA_START = /#\s*mlguard\s*:/i;

function pieceInfo(node: SyntaxNode, pieceStart: number, text: string, topLevelImportWords: ReadonlySet<string>, signatures: Map<string, number>): PieceInfo {
  const pragmas = PRAGMA_START.test(text)
    ? [node, ...node.descendantsOfType('comment')].filter((c): c is SyntaxNode => !!c && c.type === 'comment' && PRAGMA_START.test(c.text)).map((c) => ({ offset: c.startIndex - pieceStart, text: c.text }))
    : [];
  const definition = DEFINITIONS.has(node.type);
  const counts = wordCounts(text);
  const nameCounts = new Map<string, number>();
  const defines = new Set<string>();
  const owns = new Set<string>();
  for (const d of [node, ...node.descendantsOfType(['function_definition', 'class_definition', 'global_statement', 'import_statement', 'import_from_statement'])]) {
    if (!d) continue;
    if (d.type === 'function_definition' || d.type === 'class_definition') {
      const name = d.childForFieldName('name')?.text;
      if (name) {
        defines.add(name);
        if (d.type === 'class_definition' || !isMethod(d)) owns.add(name);
        nameCounts.set(name, (nameCounts.get(name) ?? 0) + 1);
      }
    } else if (d.type === 'global_statement' || (definition && d !== node && (d.type === 'import_statement' || d.type === 'import_from_statement'))) {
      for (const w of wordCounts(d.text).keys()) if (!PY_KEYWORDS.has(w)) defines.add(w);
    }
  }
  const uses = new Set<string>();
  for (const [w, n] of counts) if (n > (nameCounts.get(w) ?? 0)) uses.add(w);
  // An import binds every name it mentions; another statement is not taken to rebind the modules
  // the file imports (`df = pd.read_csv(...)` binds df, not pd).
  const isImport = node.type === 'import_statement' || node.type === 'import_from_statement';
  const binds = definition ? [] : [...uses].filter((w) => !PY_KEYWORDS.has(w) && (isImport || !topLevelImportWords.has(w)));
  const sig = JSON.stringify([definition, [...defines], [...owns], [...uses], binds]);
  let signature = signatures.get(sig);
  if (signature === undefined) signatures.set(sig, (signature = signatures.size));
  return { definition, defines: [...defines], owns: [...owns], uses, binds, signature, pragmas, type: node.type };
}

class UnionFind {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]];
      i = this.parent[i];
    }
    return i;
  }
  union(a: number, b: number): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return false;
    this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
    return true;
  }
}

/**
 * What one document's analyses share: piece texts interned to numbers, their infos, and the last
 * grouping (reused while every piece's names are the same: typing inside a function).
 */
export class PieceTable {
  private ids = new Map<string, number>();
  private infos = new Map<string, PieceInfo>();
  readonly signatures = new Map<string, number>();
  private nextId = 0;
  last: { signatures: number[]; startsLine: boolean[]; core: number[]; components: number[][] } | undefined;
  /** The words of the top-level imports of the last cut, and their key in info(). */
  importWords: ReadonlySet<string> = new Set();
  importKey = '';

  idOf(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) this.ids.set(text, (id = this.nextId++));
    return id;
  }

  peek(key: string): PieceInfo | undefined {
    return this.infos.get(key);
  }

  info(key: string, compute: () => PieceInfo): PieceInfo {
    let info = this.infos.get(key);
    if (!info) this.infos.set(key, (info = compute()));
    return info;
  }

  /** Forgets texts no longer in the document once the table has grown well past its size. */
  prune(current: readonly Piece[]): void {
    if (this.ids.size < 4 * current.length + 64) return;
    const keep = new Set(current.map((p) => p.text));
    for (const t of this.ids.keys()) if (!keep.has(t)) this.ids.delete(t);
    this.infos.clear();
  }
}

/** Cuts the module (a tree without syntax errors) into pieces and groups them. */
export function cutModule(root: SyntaxNode, source: string, table: PieceTable = new PieceTable()): Cut {
  const items = root.children.filter((c): c is SyntaxNode => !!c);
  // The words of top-level imports are module names: a statement using `pd` does not rebind it.
  const importWords = new Set<string>();
  for (const item of items) {
    if (item.type === 'import_statement' || item.type === 'import_from_statement') for (const w of wordCounts(item.text).keys()) importWords.add(w);
  }
  const importKey = [...importWords].sort().join(' ');
  table.importWords = importWords;
  table.importKey = importKey;
  const pieces: Piece[] = [];
  for (let i = 0; i < items.length; i++) {
    const start = i === 0 ? 0 : items[i].startIndex;
    const end = i + 1 < items.length ? items[i + 1].startIndex : source.length;
    const text = source.slice(start, end);
    const id = table.idOf(text);
    // binds depend on the file's imports, so the info is cached per text and import set
    const item = items[i];
    const info = table.info(`${id}\0${importKey}`, () => pieceInfo(item, start, text, importWords, table.signatures));
    const startsLine = start === 0 || source[start - 1] === '\n' || source[start - 1] === '\r';
    pieces.push({ index: i, start, end, text, id, info, startsLine });
  }
  return groupCut(pieces, table);
}

/**
 * The cut after an edit inside one piece, without parsing the file: the edited piece is parsed
 * alone. Only when that is certain to be what the whole file's parse would give: the edit is
 * strictly inside a piece that starts a line and is followed by one that does, the piece alone
 * parses without errors to one top-level node of the same type, and it is not an import.
 * Undefined otherwise (the caller parses the file).
 */
export function recutAfterEdit(prev: Cut, source: string, edit: { start: number; oldEnd: number; newEnd: number }, table: PieceTable): Cut | undefined {
  const k = prev.pieces.findIndex((p) => p.start < edit.start && edit.oldEnd < p.end);
  if (k < 0) return undefined;
  const old = prev.pieces[k];
  const next = prev.pieces[k + 1];
  if (!old.startsLine || (next && !next.startsLine) || old.info.type === 'import_statement' || old.info.type === 'import_from_statement' || old.info.type === 'comment') return undefined;
  const delta = edit.newEnd - edit.oldEnd;
  const text = source.slice(old.start, old.end + delta);
  const id = table.idOf(text);
  let info = table.peek(`${id}\0${table.importKey}`);
  if (!info) {
    const tree = parsePython(text);
    try {
      const root = tree.rootNode;
      if (root.hasError || root.childCount !== 1) return undefined;
      const item = root.child(0)!;
      if (item.type !== old.info.type || (old.start > 0 && item.startIndex !== 0)) return undefined;
      info = table.info(`${id}\0${table.importKey}`, () => pieceInfo(item, 0, text, table.importWords, table.signatures));
    } finally {
      tree.delete();
    }
  }
  const pieces = prev.pieces.map((p, i): Piece => {
    if (i < k) return p;
    if (i === k) return { index: i, start: p.start, end: p.end + delta, text, id, info, startsLine: true };
    return { ...p, start: p.start + delta, end: p.end + delta };
  });
  return groupCut(pieces, table);
}

/** Groups the pieces, reusing the last grouping while every piece's names are the same. */
function groupCut(pieces: Piece[], table: PieceTable): Cut {
  table.prune(pieces);
  const signatures = pieces.map((p) => p.info.signature);
  const startsLine = pieces.map((p) => p.startsLine);
  const last = table.last;
  if (last && last.signatures.length === signatures.length && signatures.every((x, i) => x === last.signatures[i]) && startsLine.every((x, i) => x === last.startsLine[i])) {
    return { pieces, core: last.core, components: last.components };
  }
  const grouped = group(pieces);
  table.last = { signatures, startsLine, ...grouped };
  return { pieces, ...grouped };
}

/** The core and the components of a list of pieces (see the file comment). */
function group(pieces: readonly Piece[]): { core: number[]; components: number[][] } {

  const uf = new UnionFind(pieces.length);
  const definers = new Map<string, number[]>();
  const owners = new Map<string, number[]>();
  for (const p of pieces) {
    for (const name of p.info.defines) (definers.get(name) ?? definers.set(name, []).get(name)!).push(p.index);
    for (const name of p.info.owns) (owners.get(name) ?? owners.set(name, []).get(name)!).push(p.index);
  }
  // Pieces that share a line are analysed together (blanking one would cut the other's line).
  for (const p of pieces) if (!p.startsLine && p.index > 0) uf.union(p.index - 1, p.index);
  // Two definitions of one name: which one answers a call depends on both.
  for (const list of owners.values()) for (const i of list) uf.union(list[0], i);
  for (const p of pieces) for (const w of p.info.uses) for (const d of definers.get(w) ?? []) uf.union(p.index, d);

  // A statement grouped with a definition (`model = Net()`) binds module names that other pieces
  // may read: grouped with them too, until nothing changes.
  const seeded = (i: number): boolean => {
    const r = uf.find(i);
    return seededRoots.has(r);
  };
  let seededRoots = new Set<number>();
  const refreshRoots = (): void => {
    seededRoots = new Set<number>();
    for (const p of pieces) if (p.info.defines.length) seededRoots.add(uf.find(p.index));
  };
  refreshRoots();
  const users = new Map<string, number[]>();
  for (const p of pieces) for (const w of p.info.uses) (users.get(w) ?? users.set(w, []).get(w)!).push(p.index);
  const spread = new Set<number>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const p of pieces) {
      if (p.info.definition || spread.has(p.index) || !seeded(p.index)) continue;
      spread.add(p.index);
      for (const w of p.info.binds) for (const u of users.get(w) ?? []) if (uf.union(p.index, u)) changed = true;
    }
    if (changed) refreshRoots();
  }

  const core: number[] = [];
  const groups = new Map<number, number[]>();
  for (const p of pieces) {
    if (!seeded(p.index)) core.push(p.index);
    else {
      const r = uf.find(p.index);
      (groups.get(r) ?? groups.set(r, []).get(r)!).push(p.index);
    }
  }
  const components = [...groups.values()].sort((a, b) => a[0] - b[0]);
  return { core, components };
}
