// Incremental analysis of one document for the editor (issue 8): after an edit only the slices
// whose pieces changed are analysed again; every other slice's reports are reused, moved to where
// their pieces are now. A slice is the core (pieces.ts) plus one component, the rest of the file
// blanked (slice-source.ts). The result equals analyzePython's (test/unit/incremental.test.ts);
// whenever that cannot be shown cheaply the whole file is analysed instead: syntax errors, no
// definitions, a slice whose rules threw, a report that cannot be moved, too many slices to redo.
import { analyzeTree, enabledRules, FindingMemo, findingsOf, runRules, type AnalysisResult, type AnalyzeOptions, type RawReport } from '../analyze';
import { DEFAULT_CONFIG, type MlguardConfig } from '../config';
import { parsePython, type Tree } from '../parser';
import { LineIndex } from '../positions';
import { DATA_HINT } from '../models/frames';
import type { Rule } from '../rule';
import { parsePragmas } from '../suppressions';
import { cutModule, PieceTable, recutAfterEdit, type Cut } from './pieces';
import { sliceSource } from './slice-source';
import { moveReport, offsetMover, storeReport, type StoredReport } from './stored-reports';
import { mergedVocabulary, movedSightings, vocabularyUse, watchVocabulary, type Sighting } from './file-vocabulary';

/** The interpreter's word for a result that assumed columns from the file's vocabulary. */
const ASSUMED_VOCABULARY = 'columns assumed from the file vocabulary';

export interface IncrementalOptions {
  /**
   * At most this many slices are analysed in one call; with more missing (a new file, an edit to
   * the core) the whole file is analysed and warm() computes the slices later. Default 8.
   */
  maxSlices?: number;
}

export interface IncrementalStats {
  /** 'slices': merged from slices; 'full': the whole file was analysed (`reason` says why). */
  mode: 'slices' | 'full';
  reason?: string;
  /** Slices analysed in this call, and reused from earlier calls. */
  analysed: number;
  reused: number;
  /** Slices (of 'slices') whose columns were assumed from the file's vocabulary; absent when none. */
  assumedVocabulary?: number;
}

export type IncrementalResult = AnalysisResult & { incremental: IncrementalStats };

interface SliceRecord {
  /** Included pieces' starts in the slice text. */
  starts: number[];
  reports: StoredReport[];
  /** The interpreter's first sightings of vocabulary names in the slice (slice offsets). */
  sightings: Sighting[];
  /**
   * The file vocabulary the slice assumed columns from (vocabularyUse), when it did: the record
   * stands only while the file's vocabulary gives the slice the same.
   */
  use?: string;
  /** The file vocabulary (by owner, see staleSlices) `use` was last found to match. */
  checked?: string;
}

interface PlannedSlice {
  key: string;
  included: Set<number>;
  /** Included pieces' starts in the file. */
  starts: number[];
}

/** The comments that can hold a pragma, in file order (what parsePragmas reads of facts.comments). */
function pragmaComments(cut: Cut): { text: string; startIndex: number }[] {
  return cut.pieces.flatMap((p) => p.info.pragmas.map((c) => ({ text: c.text, startIndex: p.start + c.offset })));
}

/** The edit between two texts (common prefix and suffix), then the cut without a parse if it stays in one piece. */
function recut(before: string, cut: Cut, after: string, table: PieceTable): Cut | undefined {
  const min = Math.min(before.length, after.length);
  let start = 0;
  while (start < min && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < min - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return recutAfterEdit(cut, after, { start, oldEnd: before.length - suffix, newEnd: after.length - suffix }, table);
}

/**
 * The slices of a cut with their cache keys: the core's texts, then the component's texts and
 * where each sits among the core pieces (the slice text is exactly what the key names).
 */
function planSlices(cut: Cut): PlannedSlice[] {
  const { pieces, core } = cut;
  const isCore = new Set(core);
  const coreBefore: number[] = [];
  let n = 0;
  for (const p of pieces) {
    coreBefore.push(n);
    if (isCore.has(p.index)) n++;
  }
  const coreKey = core.map((i) => pieces[i].id).join(',');
  return cut.components.map((component) => {
    const included = new Set([...core, ...component]);
    const own = component.map((i) => `${coreBefore[i]}.${pieces[i].id}`).join(',');
    const starts: number[] = [];
    for (const p of pieces) if (included.has(p.index)) starts.push(p.start);
    return { key: `${coreKey}|${own}`, included, starts };
  });
}

/** A file with line breaks of more than one kind: a slice could see another `lines.eol` than the file. */
function mixedLineBreaks(source: string): boolean {
  if (!source.includes('\r')) return false;
  const crlf = source.split('\r\n').length - 1;
  return crlf !== source.split('\n').length - 1 || crlf !== source.split('\r').length - 1;
}

const FIX_WORD = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/gu;

/**
 * A name a fix writes that a piece outside the slice binds or defines. Fixes look at the whole
 * module before they add a binding or an import (`audit_log = logging.getLogger(...)` only when
 * no `audit_log` exists): such a fix is only right with the whole file.
 */
function fixNameBoundOutside(cut: Cut, slice: PlannedSlice, reports: readonly StoredReport[]): string | undefined {
  for (const r of reports) {
    for (const f of r.fixes) {
      for (const e of f.edits) {
        for (const m of e.text.matchAll(FIX_WORD)) {
          for (const p of cut.pieces) {
            if (slice.included.has(p.index)) continue;
            if (p.info.defines.includes(m[0]) || p.info.binds.includes(m[0])) return m[0];
          }
        }
      }
    }
  }
  return undefined;
}

/** Keeps one document's slices between analyses. One instance per open document. */
export class IncrementalAnalyzer {
  private records = new Map<string, SliceRecord>();
  private readonly table = new PieceTable();
  private readonly memo = new FindingMemo();
  private context = '';
  /** Keys of slices that could not stand for their part of the file (SliceFallback), while their pieces stay. */
  private wholeFile = new Map<string, string>();
  /** Whether the file being analysed has DataFrame vocabulary (DATA_HINT): a slice must agree. */
  private dataHint = false;
  /** The last text cut into pieces (no syntax errors), for a re-cut after the next edit. */
  private last: { source: string; cut: Cut } | undefined;
  /** What warm() still has to compute for the last analysed text. */
  private pending: { source: string; cut: Cut; slices: PlannedSlice[]; path: string; config: MlguardConfig; options: AnalyzeOptions } | undefined;

  constructor(private readonly incremental: IncrementalOptions = {}) {}

  /**
   * analyzePython's result for `source`, from cached slices where their pieces did not change.
   * With `oldTree` (edited to match `source`) and an edit inside one piece, the file is not
   * reparsed: `tree` is then `oldTree` itself, edited but not reparsed, which is what the next
   * call needs as its `oldTree` (tree-sitter takes several edits before a reparse).
   */
  analyze(source: string, path: string, config: MlguardConfig = DEFAULT_CONFIG, options: AnalyzeOptions = {}): IncrementalResult {
    const context = `${path}\0${JSON.stringify(config)}\0${options.ignoreSuppressions ? 1 : 0}${options.noPrefilter ? 1 : 0}\0${(options.rules ?? []).map((r) => r.meta.id).join(',')}`;
    if (context !== this.context) {
      this.records.clear();
      this.wholeFile.clear();
      this.last = undefined;
      this.context = context;
    }
    this.pending = undefined;
    const previous = this.last;
    this.last = undefined;
    let parsed: Tree | undefined;
    const reparse = (): Tree => (parsed ??= parsePython(source, options.oldTree));
    const full = (reason: string, analysed = 0): IncrementalResult => ({ ...analyzeTree(source, reparse(), path, config, options), incremental: { mode: 'full', reason, analysed, reused: 0 } });
    if (mixedLineBreaks(source)) return full('mixed line breaks');
    // Spark transformers map output to input columns file-wide (interpreter collectDerivedColumns).
    if (/\b(?:inputCol|outputCol)s?\s*=/.test(source)) return full('derived columns');
    let cut = options.oldTree && previous ? recut(previous.source, previous.cut, source, this.table) : undefined;
    if (!cut) {
      const root = reparse().rootNode;
      if (root.hasError) return full('syntax errors');
      cut = cutModule(root, source, this.table);
    }
    this.last = { source, cut };
    this.dataHint = DATA_HINT.test(source);
    if (!cut.components.length) return full('no definitions');
    const slices = planSlices(cut);
    const known = slices.find((s) => this.wholeFile.has(s.key));
    if (known) return full(this.wholeFile.get(known.key)!);
    const missing = slices.filter((s) => !this.records.has(s.key));
    const max = this.incremental.maxSlices ?? 8;
    if (missing.length > max) {
      this.pending = { source, cut, slices, path, config, options };
      this.retain(slices);
      return full(`${missing.length} slices to analyse`);
    }
    const rules = enabledRules(config, options);
    try {
      for (const s of missing) this.records.set(s.key, this.analyseSlice(cut, s, slices, path, config, options, rules));
      // slices that assumed another vocabulary than the file's now (a new column name elsewhere,
      // or other slices unknown when they ran) are analysed again, now that every slice is known
      const stale = this.staleSlices(slices);
      if (stale.length + missing.length > max) {
        this.pending = { source, cut, slices, path, config, options };
        this.retain(slices);
        return full(`${stale.length} slices assumed another vocabulary`, missing.length);
      }
      for (const s of stale) this.records.set(s.key, this.analyseSlice(cut, s, slices, path, config, options, rules));
      if (this.staleSlices(slices).length) throw new SliceFallback('the file vocabulary of a slice does not settle', stale[0].key);
      const raw = this.merge(slices, rules);
      this.retain(slices);
      const lines = new LineIndex(source);
      const findings = findingsOf(raw, lines, parsePragmas(pragmaComments(cut), lines), path, config, options, this.memo);
      // the same secrets as a whole-file analysis, each once (reports of the core come from every slice)
      const secrets = [...new Set(raw.flatMap((r) => r.report.secrets ?? []))];
      const assumed = slices.filter((s) => this.records.get(s.key)?.use !== undefined).length;
      const stats: IncrementalStats = { mode: 'slices', analysed: missing.length + stale.length, reused: slices.length - missing.length - stale.length, ...(assumed ? { assumedVocabulary: assumed } : {}) };
      return { findings, tree: parsed ?? options.oldTree!, syntaxErrors: [], internalErrors: [], tooDeep: [], secrets, incremental: stats };
    } catch (e) {
      if (!(e instanceof SliceFallback)) throw e;
      this.wholeFile.set(e.key, e.message);
      return full(e.message, missing.length);
    }
  }

  /**
   * Computes the slices the last analysis skipped (it analysed the whole file instead), one at a
   * time until `deadline` (performance.now()); true when nothing is left. The worker calls it
   * while idle so that the next edit finds its slices.
   */
  warm(deadline = Infinity): boolean {
    const p = this.pending;
    if (!p) return true;
    const rules = enabledRules(p.config, p.options);
    // first every missing slice, then (every slice known) those that assumed another vocabulary
    for (let round = 0; round < 2; round++) {
      const todo = round === 0 ? p.slices.filter((s) => !this.records.has(s.key)) : this.staleSlices(p.slices);
      for (const s of todo) {
        if (performance.now() >= deadline) return false;
        try {
          this.records.set(s.key, this.analyseSlice(p.cut, s, p.slices, p.path, p.config, p.options, rules));
        } catch (e) {
          if (!(e instanceof SliceFallback)) throw e;
          this.wholeFile.set(e.key, e.message);
          this.pending = undefined; // this text needs whole-file analyses anyway
          return true;
        }
      }
    }
    this.pending = undefined;
    return true;
  }

  /** The slices of the plan whose record assumed another vocabulary than the file's now. */
  private staleSlices(slices: PlannedSlice[]): PlannedSlice[] {
    const moved = new Map<string, Sighting[]>();
    for (const s of slices) {
      const r = this.records.get(s.key);
      if (!r) return slices.filter((x) => this.records.get(x.key)?.use !== undefined);
      moved.set(s.key, movedSightings(r.sightings, offsetMover(r.starts, s.starts)));
    }
    const file = mergedVocabulary(moved.values());
    if (!file) return slices.filter((s) => this.records.get(s.key)!.use !== undefined);
    // the file's vocabulary by owner (slice key, place in its list), which edits elsewhere do not
    // move: a record checked against the same stays right without building its use again
    const owner = new Map<Sighting, string>();
    for (const [key, list] of moved) list.forEach((x, i) => owner.set(x, `${key}#${i}`));
    const form = file.map((x) => `${x.name}\u0001${owner.get(x)}`).join('\u0002');
    return slices.filter((s) => {
      const r = this.records.get(s.key)!;
      if (r.use === undefined || r.checked === form) return false;
      if (r.use !== vocabularyUse(file, moved.get(s.key)!)) return true;
      r.checked = form;
      return false;
    });
  }

  /** Every other slice's first sightings in file offsets; undefined while one is not known. */
  private otherSightings(slices: PlannedSlice[], except: PlannedSlice): Sighting[][] | undefined {
    const out: Sighting[][] = [];
    for (const s of slices) {
      if (s === except) continue;
      const r = this.records.get(s.key);
      if (!r) return undefined;
      out.push(movedSightings(r.sightings, offsetMover(r.starts, s.starts)));
    }
    return out;
  }

  private analyseSlice(cut: Cut, slice: PlannedSlice, slices: PlannedSlice[], path: string, config: MlguardConfig, options: AnalyzeOptions, rules: Rule[]): SliceRecord {
    const { text, starts } = sliceSource(cut.pieces, slice.included);
    let tree: Tree | undefined;
    try {
      tree = parsePython(text);
      if (tree.rootNode.hasError) throw new SliceFallback('a slice does not parse', slice.key);
      if (DATA_HINT.test(text) !== this.dataHint) throw new SliceFallback('DataFrame facts of the file and of a slice differ in kind', slice.key);
      const watch = watchVocabulary(() => this.otherSightings(slices, slice), offsetMover(starts, slice.starts));
      const run = runRules(text, tree.rootNode, new LineIndex(text), path, config, { ...options, oldTree: undefined }, watch.source);
      const refused = watch.refused();
      const consulted = run.facts.wholeFileReads.includes(ASSUMED_VOCABULARY);
      // a slice that assumed columns before every other slice was known is kept only as stale
      // (its use never matches): it is analysed again once they are (staleSlices)
      const redo = consulted && watch.use() === '\u0000incomplete';
      if (refused && !redo) throw new SliceFallback(refused, slice.key);
      if (!redo && (run.internalErrors.length || run.tooDeep.length)) throw new SliceFallback('a rule failed on a slice', slice.key);
      const reads = run.facts.wholeFileReads.filter((why) => why !== ASSUMED_VOCABULARY);
      if (reads.length) throw new SliceFallback(reads[0], slice.key);
      const sightings = watch.sightings() ?? [];
      const use = consulted ? watch.use() : undefined;
      const index = new Map(rules.map((r, i) => [r, i]));
      const reports = run.raw.map((r) => storeReport(index.get(r.rule)!, r.report));
      const outside = fixNameBoundOutside(cut, slice, reports);
      if (outside !== undefined) throw new SliceFallback(`a fix names \`${outside}\`, bound outside its slice`, slice.key);
      return { starts, reports, sightings, ...(use !== undefined ? { use } : {}) };
    } finally {
      tree?.delete();
    }
  }

  /** Reports of every slice, in the order analyzePython would list them: by rule, then by slice. */
  private merge(slices: PlannedSlice[], rules: Rule[]): RawReport[] {
    const buckets: RawReport[][] = rules.map(() => []);
    for (const s of slices) {
      const record = this.records.get(s.key)!;
      const move = offsetMover(record.starts, s.starts);
      for (const r of record.reports) buckets[r.rule].push({ rule: rules[r.rule], report: moveReport(r, move) });
    }
    return buckets.flat();
  }

  /** Forgets slices the current text does not have (memory stays one file's worth). */
  private retain(slices: PlannedSlice[]): void {
    const keep = new Map<string, SliceRecord>();
    for (const s of slices) {
      const r = this.records.get(s.key);
      if (r) keep.set(s.key, r);
    }
    this.records = keep;
    const keys = new Set(slices.map((s) => s.key));
    for (const k of this.wholeFile.keys()) if (!keys.has(k)) this.wholeFile.delete(k);
  }
}

/** A slice whose reports could differ from the file's: the whole file is analysed while the slice's pieces stay. */
class SliceFallback extends Error {
  constructor(
    message: string,
    readonly key: string,
  ) {
    super(message);
  }
}
