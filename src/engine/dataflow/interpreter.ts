// The DataFrame data-flow interpreter (see facts/dataframes.ts for what it computes and why).
//
// Model (deliberately simple, precision first):
// - Each scope (module, each function; methods of a class share `self.*` bindings) is walked
//   statement by statement in source order. The branches of an `if` run on copies of the
//   environment that are joined afterwards (dataflow/join.ts: a drop on one path does not sanitise
//   the other); loops run once, with a loop variable over a list of names standing for all of them.
//   The environment (variable -> Value) before each statement is kept, so a question asked at a
//   sink (`model.fit(X, y)`) sees drops and masking that happened *before* it, never after.
// - Input depth never becomes stack depth: expressions deeper than MAX_EVAL_DEPTH are unknown
//   values and a statement that still exhausts the stack binds nothing; the rest of the file is
//   analysed (one 10,000-term line must not switch the rules off).
// - A frame is `open` when it may hold columns we do not know (read_csv without usecols,
//   `SELECT *`, a function parameter). Columns of open frames are discovered flow-insensitively:
//   a read `df["email"]` anywhere in the scope means the loaded data had an `email` column.
// - Values are immutable; in-place operations (`inplace=True`, `del df[c]`, `df[c] = ...`,
//   `df.pop(c)`) rebind the variable to a new value.
//
import type { SyntaxNode } from '../parser';
import { dottedName, parameterIdentifier, stringList, stringValue, walk } from '../ast';
import type { Imports } from '../facts/imports';
import { hasKeyMaterial, isDigestModule, isMaskingName, maskingByName } from '../models/masking';
import { DATASET_LOADERS, FRAME_CONVERSIONS, knownDataset } from '../models/datasets';
import { ARRAY_METHODS, CONFIG_PARAMETER, FRAME_LIBS, NUMERIC_HINT, PASS_METHODS, READ_METHODS, SPARK_READ_METHODS, STATSMODELS_MODELS, TRACKER_FACTORIES } from '../models/frames';
import { DATASET_BASES, slotArgument, TRAINING_CONTAINERS } from '../models/training';
import { S3_UPLOADS } from '../models/object-storage';
import { parseSelectColumns } from '../sql/select-list';
import { joinEnvs, joinValues, constantTruth } from './join';
import { LayeredMap, LayeredSet } from './layered';
import { annotationClass, dictKeys, expressionOutputName, fstringText, isConstantOverwrite, isFrameParameter, isPlainCopy, isRowLikeName, referencedColumns, sparkColumn, starredOperand } from './syntax';
import { modelFeatures, namesOf, union, type ColumnFact, type ColumnsValue, type DictValue, type Env, type FrameValue, type LoadFact, type ModelValue, type SeriesValue, type StringValue, type Value, type WriteFact } from './values';

/** Deepest expression nesting followed; real code stays far below it (300 levels are followed). */
const MAX_EVAL_DEPTH = 1000;

/** Node types the call-only scans materialise (see ast.walk). */
const CALLS: ReadonlySet<string> = new Set(['call']);

/** Split names of a Hugging Face DatasetDict. */
const DATASET_SPLITS: ReadonlySet<string> = new Set(['train', 'test', 'validation', 'valid', 'eval', 'dev']);

/** Hyper-parameter searches wrapping an estimator (Spark ML tuning, sklearn model selection). */
const MODEL_SEARCH = /^(pyspark\.ml\.tuning\.(CrossValidator|TrainValidationSplit)|sklearn\.model_selection\.(GridSearchCV|RandomizedSearchCV|HalvingGridSearchCV|HalvingRandomSearchCV))$/;

/** Exports that return the rendered text or bytes when given no path (`df.to_csv()`). */
const IN_MEMORY_EXPORTS: ReadonlySet<string> = new Set(['to_csv', 'to_json', 'to_parquet', 'write_csv', 'write_json', 'write_ndjson']);

/** Values a function may take from configuration (a dict, a list of names, a string), not a frame. */
function isConfigurationValue(v: Value | undefined): v is DictValue | ColumnsValue | StringValue {
  return v?.kind === 'dict' || v?.kind === 'columns' || v?.kind === 'string';
}

/** Compound statements whose blocks may hold definitions (`if TYPE_CHECKING:`, `try:`, `with`). */
const COMPOUND_WITH_BLOCKS: ReadonlySet<string> = new Set(['if_statement', 'try_statement', 'with_statement', 'for_statement', 'while_statement']);
const CLAUSES: ReadonlySet<string> = new Set(['elif_clause', 'else_clause', 'except_clause', 'finally_clause', 'case_clause']);

/** The blocks of a compound statement, its clauses' included, in source order. */
function blocksOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const c of node.namedChildren) {
    if (c?.type === 'block') out.push(c);
    else if (c && CLAUSES.has(c.type)) for (const b of c.namedChildren) if (b?.type === 'block') out.push(b);
  }
  return out;
}

/** Aggregations whose result is a new number rather than one of the group's values. */
const COUNTING_AGGREGATES: ReadonlySet<string> = new Set(['size', 'count', 'nunique', 'sum', 'std', 'var', 'sem', 'len', 'n_unique']);

/**
 * Gives the vocabulary a pass assumes columns from (`own`: what the previous pass found in this
 * tree, in the order first seen; `pass`: 0 after the first pass). The incremental analysis needs
 * this: a slice of a file must assume the whole file's vocabulary, not its own, for its findings to
 * equal the whole file's (src/engine/incremental/file-vocabulary.ts).
 */
export type VocabularySource = (own: ReadonlyMap<string, SyntaxNode>, pass: number, steps: ReadonlyMap<string, VocabularyStep>) => ReadonlyMap<string, SyntaxNode>;

/**
 * Where in the module walk a vocabulary name was first seen: the phase (0 module statements,
 * 1 functions, 2 nested functions, 3 methods again, 4 anywhere else), the start of the statement or
 * function walked (for a function: its first definition), and how many names that step had seen
 * before. Slices of one file walk the same steps in the same way, so merging their first sightings
 * by (phase, at, seq) gives the whole file's order.
 */
export interface VocabularyStep {
  phase: number;
  at: number;
  seq: number;
}

export class Analyzer {
  readonly snapshots = new Map<number, Env>();
  readonly loads = new Map<number, LoadFact>();
  readonly writes: WriteFact[] = [];
  readonly maskingFunctions = new Set<string>();
  /** Short names of the functions and methods defined in this file. */
  private readonly sameFileFunctions = new Set<string>();
  /** Columns discovered per frame root in the previous pass. */
  discovered = new Map<number, Map<string, SyntaxNode>>();
  /** Columns discovered in this pass. */
  nextDiscovered = new Map<number, Map<string, SyntaxNode>>();
  private readonly functions = new Map<string, SyntaxNode>();
  /** Nested functions whose name a module-level function already answers: analysed, never inlined. */
  private readonly nestedFunctions: SyntaxNode[] = [];
  /** Method name -> key in `functions` of the first method so named: `self.x` was a scan of every function per call. */
  private readonly methodByName = new Map<string, string>();
  private readonly globals: Env = new Map();
  private recording = false;

  /** Spark feature transformers: output column -> input column (`StringIndexer(inputCol="a", outputCol="a_idx")`). */
  readonly derivedColumns = new Map<string, string>();

  constructor(
    private readonly root: SyntaxNode,
    private readonly imports: Imports,
    /** Told when a value comes from the whole file rather than from code the names lead to. */
    private readonly readsWholeFile: (why: string) => void = () => {},
    /**
     * Replaces the vocabulary a pass found before the next pass assumes columns from it (see
     * VocabularySource). Absent, the file's own vocabulary is used, as always.
     */
    private readonly vocabularySource?: VocabularySource,
  ) {
    for (const child of root.namedChildren) this.collectFunctions(child, undefined);
    this.collectDerivedColumns(root);
    // A same-file helper is judged by its body, not its name (`def pseudonymise(e): return
    // sha256(e)` is an unkeyed hash); two rounds so helpers that call helpers are seen.
    for (const name of this.functions.keys()) this.sameFileFunctions.add(name.slice(name.lastIndexOf('.') + 1));
    for (let round = 0; round < 2; round++) for (const [name, fn] of this.functions) {
      if (this.bodyMasks(fn)) this.maskingFunctions.add(name.slice(name.lastIndexOf('.') + 1));
    }
  }

  private collectFunctions(node: SyntaxNode | null, cls: string | undefined, nested = false): void {
    if (!node) return;
    if (node.type === 'decorated_definition') return this.collectFunctions(node.childForFieldName('definition'), cls, nested);
    if (node.type === 'function_definition') {
      const name = node.childForFieldName('name')?.text;
      if (name) {
        const key = cls ? `${cls}.${name}` : name;
        // The first method of that name in file order answers `self.<name>` (see localFunction).
        if (cls && !this.functions.has(key) && !this.methodByName.has(name)) this.methodByName.set(name, key);
        // a nested function (an Airflow `@task` inside its `@dag`, a closure) is analysed like any
        // other; it answers calls of its name unless a module-level function already does
        if (!this.functionFirstAt.has(key)) this.functionFirstAt.set(key, node.startIndex);
        if (!nested || !this.functions.has(key)) this.functions.set(key, node);
        else this.nestedFunctions.push(node);
      }
      for (const c of node.childForFieldName('body')?.namedChildren ?? []) this.collectFunctions(c, undefined, true);
    } else if (node.type === 'class_definition') {
      const name = node.childForFieldName('name')?.text ?? '';
      this.classBodies.set(name, node);
      for (const c of node.childForFieldName('body')?.namedChildren ?? []) this.collectFunctions(c, name, nested);
    } else if (COMPOUND_WITH_BLOCKS.has(node.type)) {
      // `if TYPE_CHECKING:` / `try:` / `with ...:` around definitions
      for (const b of blocksOf(node)) for (const c of b.namedChildren) this.collectFunctions(c, cls, nested || cls !== undefined);
    }
  }

  /**
   * A function reference that masks: `sha256`, `hash_email`, `self.anonymise`, `hashlib.sha256`,
   * `F.sha2`, a same-file function whose body hashes. The receiver's own name does not count
   * (`masked.head()` is not a masking call).
   */
  private isMaskingRef(fn: SyntaxNode | null | undefined): boolean {
    if (!fn) return false;
    if (fn.type === 'identifier') return this.sameFileFunctions.has(fn.text) ? this.maskingFunctions.has(fn.text) : isMaskingName(fn.text);
    if (fn.type !== 'attribute') return false;
    const method = fn.childForFieldName('attribute')?.text ?? '';
    const own = ['self', 'cls'].includes(fn.childForFieldName('object')?.text ?? '') && this.sameFileFunctions.has(method);
    if (own) return this.maskingFunctions.has(method);
    if (isMaskingName(method)) return true;
    const d = dottedName(fn);
    if (!d) return false;
    const head = d.split('.')[0];
    const module = this.imports.resolve(d).split('.').slice(0, -1).join('.');
    return this.imports.bindsLocal(head) && !isDigestModule(module) && isMaskingName(module);
  }

  private collectDerivedColumns(root: SyntaxNode): void {
    const visit = (n: SyntaxNode): void => {
      if (n.type === 'call' && /(StringIndexer|OneHotEncoder|Imputer|Bucketizer|QuantileDiscretizer|StandardScaler|MinMaxScaler)$/.test(n.childForFieldName('function')?.text ?? '')) {
        const kw = this.args(n).keywords;
        const a = stringValue(kw.get('inputCol'));
        const b = stringValue(kw.get('outputCol'));
        if (a !== undefined && b !== undefined) this.derivedColumns.set(b, a);
        const as = stringList(kw.get('inputCols'));
        const bs = stringList(kw.get('outputCols'));
        if (as && bs) bs.forEach((o, i) => as[i] && this.derivedColumns.set(o.value, as[i].value));
      }
    };
    walk(root, visit, CALLS);
  }

  /** ColumnTransformer / make_column_transformer / VectorAssembler / Pipeline -> ModelValue. */
  private modelValue(qualified: string, positional: SyntaxNode[], keywords: Map<string, SyntaxNode>, env: Env): ModelValue | undefined {
    const last = qualified.split('.').pop() ?? '';
    const columns: ColumnFact[] = [];
    const add = (items: { value: string; node: SyntaxNode }[] | undefined): void => {
      for (const i of items ?? []) {
        // through a chain of stages (`gender` -> StringIndexer -> `gender_idx` -> OneHotEncoder -> `gender_ohe`)
        let source = i.value;
        for (let hops = 0; hops < 8 && this.derivedColumns.has(source); hops++) source = this.derivedColumns.get(source) ?? source;
        if (!columns.some((c) => c.name === i.value)) columns.push({ name: i.value, sourceName: source, origin: i.node });
      }
    };
    if (last === 'VectorAssembler') {
      const cols = keywords.get('inputCols');
      const v = cols ? this.eval(cols, env) : undefined;
      if (v?.kind !== 'columns' || v.base) return undefined;
      add(v.items);
      return { kind: 'model', columns, passthrough: false, numericSelector: false };
    }
    if (last === 'ColumnTransformer' || last === 'make_column_transformer') {
      const list = last === 'ColumnTransformer' ? (positional[0] ?? keywords.get('transformers')) : undefined;
      const tuples = list ? list.namedChildren.filter((c): c is SyntaxNode => !!c && c.type === 'tuple') : positional.filter((p) => p.type === 'tuple');
      let numericSelector = false;
      for (const t of tuples) {
        const els = t.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
        const colsNode = last === 'ColumnTransformer' ? els[2] : els[1];
        if (!colsNode) continue;
        // ("ids", "drop", ["email"]): those columns never reach the estimator
        if (stringValue(last === 'ColumnTransformer' ? els[1] : els[0]) === 'drop') continue;
        if (colsNode.type === 'call' && /make_column_selector$/.test(colsNode.childForFieldName('function')?.text ?? '')) {
          if (/number|float|int/.test(colsNode.text)) numericSelector = true;
          continue;
        }
        const v = this.eval(colsNode, env);
        if (v?.kind === 'columns' && !v.base) add(v.items);
        else if (v?.kind === 'string') add([{ value: v.value, node: colsNode }]);
      }
      const remainder = keywords.get('remainder');
      const rest = remainder ? this.eval(remainder, env) : undefined; // `remainder=remainder` in a factory helper
      return { kind: 'model', columns, passthrough: rest?.kind === 'string' && rest.value === 'passthrough', numericSelector };
    }
    if (last === 'Pipeline' || last === 'make_pipeline' || last === 'PipelineModel') {
      const stepsNode = last === 'make_pipeline' ? undefined : (keywords.get('steps') ?? keywords.get('stages') ?? positional[0]);
      const candidates = stepsNode ? [stepsNode] : positional;
      let found: ModelValue | undefined;
      const visit = (n: SyntaxNode): void => {
        if (found) return;
        if (n.type === 'identifier' || n.type === 'call' || n.type === 'attribute') {
          const v = this.eval(n, env);
          if (v?.kind === 'model') {
            found = v;
            return;
          }
          if (n.type === 'call') return;
        }
        for (const c of n.namedChildren) if (c) visit(c);
      };
      for (const c of candidates) visit(c);
      // an identifier-dropping step before the estimator (same-file transformer class whose
      // transform() drops columns, FunctionTransformer(lambda d: d.drop(columns=[...])))
      const drops = new Set<string>();
      const scan = (n: SyntaxNode): void => {
        if (n.type === 'call') {
          const f = n.childForFieldName('function');
          const cls = f?.type === 'identifier' ? this.classBodies.get(f.text) : undefined;
          if (cls) for (const d of this.classDrops(cls, n)) drops.add(d);
          if (f && /FunctionTransformer$/.test(f.text)) for (const d of this.dropsIn(n, env)) drops.add(d);
        }
        for (const c of n.namedChildren) if (c) scan(c);
      };
      for (const c of candidates) scan(c);
      if (!drops.size) return found;
      const base: ModelValue = found ?? { kind: 'model', columns: [], passthrough: true, numericSelector: false };
      return { ...base, columns: base.columns.filter((c) => !drops.has(c.name)), drops };
    }
    return undefined;
  }

  /** Column names dropped by `.drop(columns=...)` calls inside node (literal lists or constants). */
  private dropsIn(node: SyntaxNode, env: Env): string[] {
    const out: string[] = [];
    const visit = (n: SyntaxNode): void => {
      if (n.type === 'call' && n.childForFieldName('function')?.type === 'attribute' && n.childForFieldName('function')?.childForFieldName('attribute')?.text === 'drop') {
        const kw = this.args(n).keywords;
        const cols = kw.get('columns') ?? (kw.get('axis') ? this.args(n).positional[0] : undefined);
        const names = cols ? this.columnNames(cols, env) : undefined;
        if (names) out.push(...names.map((x) => x.value));
      }
    };
    walk(node, visit, CALLS);
    return out;
  }

  /** Columns a same-file transformer class drops in transform(): literal lists, or `self.x` set from an __init__ default / the constructor call. */
  private classDrops(cls: SyntaxNode, ctorCall: SyntaxNode): string[] {
    const body = cls.childForFieldName('body');
    const methods = new Map<string, SyntaxNode>();
    for (const m of body?.namedChildren ?? []) {
      const def = m?.type === 'decorated_definition' ? m.childForFieldName('definition') : m;
      if (def?.type === 'function_definition') methods.set(def.childForFieldName('name')?.text ?? '', def);
    }
    const transform = methods.get('transform');
    if (!transform) return [];
    // self.<attr> values from __init__ parameters (constructor keyword or default)
    const env: Env = new Map(this.globals);
    const init = methods.get('__init__');
    const ctorArgs = this.args(ctorCall);
    for (const [i, id] of (init ? this.paramNames(init) : []).entries()) {
      if (!id || id.text === 'self') continue;
      const given = ctorArgs.keywords.get(id.text) ?? ctorArgs.positional[i - 1];
      const dflt = id.parent?.type === 'default_parameter' || id.parent?.type === 'typed_default_parameter' ? id.parent.childForFieldName('value') : undefined;
      const v = given ? this.eval(given, new Map(this.globals)) : dflt ? this.literalValue(dflt) : undefined;
      if (!v) continue;
      // self.columns = columns
      for (const a of init?.descendantsOfType('assignment') ?? []) {
        if (a?.childForFieldName('right')?.text === id.text && a.childForFieldName('left')?.type === 'attribute') env.set(a.childForFieldName('left')!.text, v);
      }
    }
    const unwrapList = (n: SyntaxNode): SyntaxNode => (n.type === 'call' && n.childForFieldName('function')?.text === 'list' ? (n.childForFieldName('arguments')?.namedChildren[0] ?? n) : n);
    const out: string[] = [];
    for (const d of transform.descendantsOfType('call')) {
      if (!d) continue;
      const f = d.childForFieldName('function');
      if (f?.type !== 'attribute' || f.childForFieldName('attribute')?.text !== 'drop') continue;
      const cols = this.args(d).keywords.get('columns');
      if (!cols) continue;
      const names = this.columnNames(unwrapList(cols), env);
      if (names) out.push(...names.map((x) => x.value));
    }
    return out;
  }

  /** A masking call: a keyed/removing operation, or a digest given a key or salt. */
  private isMaskingCall(call: SyntaxNode): boolean {
    const fn = call.childForFieldName('function');
    if (this.isMaskingRef(fn)) return true;
    const name = dottedName(fn);
    return !!name && maskingByName(this.imports.resolve(name)) === 'unkeyed-hash' && hasKeyMaterial(call);
  }

  private bodyMasks(fn: SyntaxNode): boolean {
    let found = false;
    const visit = (n: SyntaxNode): void => {
      if (found) return;
      if (n.type === 'call' && this.isMaskingCall(n)) found = true;
    };
    const body = fn.childForFieldName('body');
    if (body) walk(body, visit, CALLS);
    return found;
  }

  run(): void {
    // Module-level constants (feature lists, SQL strings, paths) are visible inside functions.
    for (const stmt of this.root.namedChildren) {
      if (stmt?.type !== 'expression_statement') continue;
      const a = stmt.namedChildren[0];
      if (a?.type !== 'assignment') continue;
      const left = a.childForFieldName('left');
      const right = a.childForFieldName('right');
      if (left?.type !== 'identifier' || !right) continue;
      // `GEO = BASE + ["home_lat"]`, `KEEP = sorted(set(ALL) - {"id"})` over earlier constants
      const combined = ['binary_operator', 'call'].includes(right.type) && /^(\w+|\(|\[|"|')/.test(right.text) ? this.constantExpression(right) : undefined;
      const v = this.literalValue(right) ?? combined;
      if (v) this.globals.set(left.text, v);
    }
    for (let pass = 0; pass < 2; pass++) {
      this.recording = pass === 1;
      this.siteRecording = pass === 1;
      this.keySnapshots.clear();
      this.siteKeys.clear();
      this.nextDiscovered = new Map();
      this.nextVocabulary = new Map();
      this.nextVocabularySteps = new Map();
      this.enterStep(4, 0);
      this.nextCalledParams = new Set();
      this.nextParamConstants = new Map();
      this.nextParamRoots = new Map();
      this.inlineCache.clear();
      this.classAttributeCache.clear(); // computed against the complete module constants
      this.inlineBudget = 400;
      this.snapshots.clear();
      this.loads.clear();
      this.writes.length = 0;
      this.walkModule();
      this.discovered = this.nextDiscovered;
      if (pass === 0) {
        this.firstPassVocabulary = this.nextVocabulary;
        this.firstPassVocabularySteps = this.nextVocabularySteps;
      }
      this.vocabulary = this.vocabularySource ? this.vocabularySource(this.nextVocabulary, pass, this.nextVocabularySteps) : this.nextVocabulary;
      this.calledParams = this.nextCalledParams;
      this.paramConstants = this.nextParamConstants;
      this.paramRoots = this.nextParamRoots;
    }
    this.recording = false;
    this.siteRecording = false;
  }

  /** A module constant computed from earlier constants: names only, nothing loaded or called. */
  private constantExpression(node: SyntaxNode): Value | undefined {
    if (node.type === 'call' && !['list', 'sorted', 'set', 'tuple'].includes(node.childForFieldName('function')?.text ?? '')) return undefined;
    const v = this.eval(node, new Map(this.globals));
    // `FORMULA_AGE = FORMULA_BASE + " + C(age_band)"`: a formula or query built from constants
    if (v?.kind === 'string') return node.type === 'binary_operator' ? v : undefined;
    return v?.kind === 'columns' && !v.base ? v : undefined;
  }

  private literalValue(node: SyntaxNode): Value | undefined {
    if (node.type === 'dictionary') {
      const entries = new Map<string, Value | undefined>();
      for (const pair of node.namedChildren) {
        if (pair?.type !== 'pair') continue;
        const k = stringValue(pair.childForFieldName('key'));
        const v = pair.childForFieldName('value');
        if (k !== undefined && v) entries.set(k, this.literalValue(v));
      }
      return entries.size ? { kind: 'dict', entries } : undefined;
    }
    const list = stringList(node);
    if (list) return { kind: 'columns', items: list, literal: node };
    const s = stringValue(node);
    if (s !== undefined) return { kind: 'string', value: s, node };
    return undefined;
  }

  private readonly classEnvs = new Map<string, Env>();
  private readonly classBodies = new Map<string, SyntaxNode>();
  private readonly inlineStack: number[] = [];
  /** Parameters bound to literal truth values in the function being inlined, innermost last. */
  private readonly flagStack: Map<string, boolean>[] = [];
  private readonly inlineCache = new Map<string, Value | undefined>();
  private inlineBudget = 0;

  private walkModule(): void {
    this.classEnvs.clear();
    const env: Env = new Map(this.globals);
    for (const stmt of this.root.namedChildren) {
      if (!stmt) continue;
      this.enterStep(0, stmt.startIndex);
      this.statement(stmt, env, undefined);
    }
    this.enterStep(4, 0);
    // `CFG = TrainConfig()` once at module level: functions that read CFG.features see the instance
    const counts = new Map<string, number>();
    const instances = new Map<string, string>();
    for (const stmt of this.root.namedChildren) {
      const a = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
      const left = a?.type === 'assignment' ? a.childForFieldName('left') : undefined;
      if (left?.type !== 'identifier') continue;
      counts.set(left.text, (counts.get(left.text) ?? 0) + 1);
      const callee = a?.childForFieldName('right')?.type === 'call' ? a.childForFieldName('right')?.childForFieldName('function') : undefined;
      if (callee?.type === 'identifier' && this.classBodies.has(callee.text)) instances.set(left.text, callee.text);
    }
    for (const [name] of instances) {
      const v = env.get(name);
      if (counts.get(name) === 1 && v?.kind === 'dict') this.globals.set(name, v);
    }
    // every function and method gets its statements recorded with unknown (open) parameters
    for (const [name, fn] of this.functions) {
      this.enterStep(1, this.functionFirstAt.get(name) ?? fn.startIndex);
      this.analyzeFunction(fn, this.classEnvOf(name));
    }
    for (const fn of this.nestedFunctions) {
      this.enterStep(2, fn.startIndex);
      this.analyzeFunction(fn, undefined);
    }
    // second round for classes so methods see `self.*` bound in methods defined later
    for (const [name, fn] of this.functions) {
      if (!name.includes('.')) continue;
      this.enterStep(3, this.functionFirstAt.get(name) ?? fn.startIndex);
      this.analyzeFunction(fn, this.classEnvOf(name));
    }
    this.enterStep(4, 0);
  }

  private classEnvOf(qualifiedName: string): Env | undefined {
    if (!qualifiedName.includes('.')) return undefined;
    const cls = qualifiedName.slice(0, qualifiedName.indexOf('.'));
    let env = this.classEnvs.get(cls);
    if (!env) {
      this.classEnvs.set(cls, (env = new Map()));
      // class attributes (`FEATURES = [...]` in the class body) are visible as self.FEATURES
      for (const [name, v] of this.classAttributes(cls)) {
        env.set(`self.${name}`, v);
        env.set(`${cls}.${name}`, v);
      }
    }
    return env;
  }

  /**
   * Literal class attributes of a same-file class: `FEATURES = [...]`, and dataclass / pydantic
   * fields `features: list[str] = field(default_factory=lambda: [...])` or `= Field(default=[...])`.
   */
  private classAttributes(cls: string): Map<string, Value> {
    // asked on every instantiation and attribute read of the class; module constants are fixed by then
    const cached = this.classAttributeCache.get(cls);
    if (cached) return cached;
    const out = new Map<string, Value>();
    this.classAttributeCache.set(cls, out);
    for (const stmt of this.classBodies.get(cls)?.childForFieldName('body')?.namedChildren ?? []) {
      const a = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
      const left = a?.type === 'assignment' ? a.childForFieldName('left') : undefined;
      let right = a?.childForFieldName('right');
      if (left?.type !== 'identifier' || !right) continue;
      if (right.type === 'call' && /^(dataclasses\.)?field$|^(pydantic\.)?Field$/.test(dottedName(right.childForFieldName('function')) ?? '')) {
        const factory = this.kwarg(right, 'default_factory');
        right = (factory?.type === 'lambda' ? factory.childForFieldName('body') : undefined) ?? this.kwarg(right, 'default') ?? right.childForFieldName('arguments')?.namedChildren[0] ?? right;
      }
      // module constants are visible (`features = field(default_factory=lambda: list(BASE))`)
      const v = right ? (this.literalValue(right) ?? this.eval(right, new Map(this.globals))) : undefined;
      if (v && (v.kind === 'columns' || v.kind === 'string' || v.kind === 'dict')) out.set(left.text, v);
    }
    return out;
  }

  private readonly classAttributeCache = new Map<string, Map<string, Value>>();

  /** An instance of a same-file class (`cfg = TrainConfig()`), seen as its literal attributes. */
  private instanceValue(cls: string): DictValue | undefined {
    if (!this.classBodies.has(cls)) return undefined;
    const entries = new Map<string, Value | undefined>(this.classAttributes(cls));
    return entries.size ? { kind: 'dict', entries } : undefined;
  }

  /** The literal default of a parameter (`extra_terms=""`, `cols=("a", "b")`). */
  private defaultValue(id: SyntaxNode): Value | undefined {
    const p = id.parent;
    if (p?.type !== 'default_parameter' && p?.type !== 'typed_default_parameter') return undefined;
    const d = p.childForFieldName('value');
    if (!d) return undefined;
    // `def main(cfg=CONFIG)`: a module constant of configuration or names
    const named = d.type === 'identifier' ? this.globals.get(d.text) : undefined;
    return this.literalValue(d) ?? (isConfigurationValue(named) ? named : undefined);
  }

  private paramNames(fn: SyntaxNode): (SyntaxNode | undefined)[] {
    return (fn.childForFieldName('parameters')?.namedChildren ?? [])
      .filter((p): p is SyntaxNode => !!p)
      .map((p) => {
        if (p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern' || p.type === 'keyword_separator' || p.type === 'positional_separator') return undefined;
        return parameterIdentifier(p);
      });
  }

  /**
   * Walks a function body. Parameters are bound to `args` (by name) when given — a call site
   * being inlined — and otherwise to open frames of unknown columns. Returns the last value returned.
   */
  private analyzeFunction(fn: SyntaxNode, classEnv: Env | undefined, args?: Map<string, Value | undefined>, captureSelf = false): Value | undefined {
    const env: Env = new Map(this.globals);
    if (classEnv) for (const [k, v] of classEnv) env.set(k, v);
    this.paramNames(fn).forEach((id, index) => {
      if (!id || id.text === 'self' || id.text === 'cls') return;
      const bound = args?.get(id.text);
      if (bound) {
        env.set(id.text, bound);
        return;
      }
      // passed, but its value is not known here: not the columns other callers pass
      if (args?.has(id.text)) return;
      // an inlined call that leaves a parameter out gets its default, not another caller's value
      const constant = args ? this.defaultValue(id) : (this.paramConstants.get(id.id) ?? this.defaultValue(id));
      if (constant) {
        env.set(id.text, constant);
        return;
      }
      // `cfg: TrainConfig` (a same-file config class) holds its attributes, `cfg`/`settings`
      // are configuration objects: neither is a DataFrame whose columns could be discovered
      const annotated = annotationClass(id);
      const instance = annotated ? this.instanceValue(annotated) : undefined;
      if (instance) {
        env.set(id.text, instance);
        return;
      }
      if ((annotated && this.classBodies.has(annotated)) || CONFIG_PARAMETER.test(id.text)) return;
      let columns = this.seedColumns(id.id, new Map());
      const fromCallers = this.paramRoots.get(id.id) ?? [];
      if (fromCallers.length) {
        const withCallers = new Map(columns);
        for (const { root, gone } of fromCallers) {
          for (const [name, node] of this.discovered.get(root) ?? []) if (!withCallers.has(name) && !gone.has(name)) withCallers.set(name, { name, sourceName: name, origin: node });
        }
        columns = withCallers;
      }
      if (!this.discovered.has(id.id) || !this.calledParams.has(id.id)) {
        if (isFrameParameter(id)) {
          this.readsWholeFile('columns assumed from the file vocabulary');
          const withAssumed = new Map(columns);
          for (const [name, node] of this.vocabulary) if (!withAssumed.has(name)) withAssumed.set(name, { name, sourceName: name, origin: node, assumed: true });
          columns = withAssumed;
        }
      }
      env.set(id.text, {
        kind: 'frame',
        columns,
        open: true,
        removed: new Set(),
        dataframe: true,
        spark: false,
        root: id.id,
        param: index,
        maskedSinceParam: new Set(),
      });
    });
    const returns: Value[] = [];
    const body = fn.childForFieldName('body');
    if (body) this.walkBlock(body, env, returns);
    if (classEnv && !args) for (const [k, v] of env) if (k.startsWith('self.')) classEnv.set(k, v);
    if (captureSelf) {
      // a dataset class: the instance carries the matrices its __init__ stored on self
      // (tensors and arrays only: a stored DataFrame is indexed per item, by columns not known here)
      const frames = [...env].filter(([k, v]) => k.startsWith('self.') && v?.kind === 'frame' && !v.row && !v.dataframe).map(([, v]) => v as FrameValue);
      return frames.length ? { ...union(frames), dataframe: false } : undefined;
    }
    return returns[returns.length - 1];
  }

  /** A same-file class deriving from a dataset base (`class Readmit(Dataset)`). */
  private isDatasetClass(cls: string): boolean {
    const bases = this.classBodies.get(cls)?.childForFieldName('superclasses')?.namedChildren ?? [];
    return bases.some((b) => !!b && DATASET_BASES.test(this.imports.resolveNode(b) ?? b.text));
  }

  /** Evaluates a call of a same-file function by walking its body with the arguments bound. */
  private callFunction(qualifiedName: string, fn: SyntaxNode, offset: number, positional: (Value | undefined)[], keywords: Map<string, Value | undefined>, nodes?: { positional: SyntaxNode[]; keywords: Map<string, SyntaxNode>; site?: SyntaxNode }, captureSelf = false): Value | undefined {
    if (this.inlineStack.includes(fn.id) || this.inlineStack.length >= 4) return undefined;
    const site = nodes?.site;
    const args = new Map<string, Value | undefined>();
    // flags passed as literals (`build_frame(..., legacy=False)`) decide `if legacy:` in the body
    const flags = new Map<string, boolean>();
    this.paramNames(fn).forEach((id, i) => {
      if (!id) return;
      const byPosition = i - offset >= 0 && i - offset < positional.length;
      const node = nodes ? (byPosition ? nodes.positional[i - offset] : nodes.keywords.get(id.text)) : undefined;
      const truth = node ? constantTruth(node) : undefined;
      if (truth !== undefined) flags.set(id.text, truth);
      const v = byPosition ? positional[i - offset] : keywords.get(id.text);
      if (v || byPosition || keywords.has(id.text)) args.set(id.text, v);
      this.nextCalledParams.add(id.id);
      this.noteParamConstant(id.id, v);
      // the function, analysed on its own, sees the columns its callers pass (unmasked ones)
      if (v?.kind === 'frame' && !v.row) {
        if (v.root !== undefined && v.root !== id.id) {
          const gone = new Set([...v.removed, ...[...v.columns.values()].filter((c) => c.masked).map((c) => c.name)]);
          const list = this.nextParamRoots.get(id.id) ?? [];
          if (list.length < 8) list.push({ root: v.root, gone });
          this.nextParamRoots.set(id.id, list);
        }
        let m = this.nextDiscovered.get(id.id);
        if (!m) this.nextDiscovered.set(id.id, (m = new Map()));
        for (const c of v.columns.values()) if (!c.masked && !m.has(c.name)) m.set(c.name, c.origin);
      }
    });
    // the same function with the same argument shapes gives the same result; a budget bounds the rest
    const key = `${fn.id}${captureSelf ? 'S' : ''}|${[...args].map(([k, v]) => `${k}=${signature(v)}`).join(';')}|${[...flags].map(([k, t]) => `${k}:${t}`).join(';')}`;
    // the outermost call site (a call in a function analysed on its own) sees the helper's body
    // in its own environments: a sink inside the helper can be judged per caller
    if (this.siteRecording && site && !this.inlineStack.length) this.siteKeys.set(site.id, key);
    if (this.inlineCache.has(key)) {
      this.mergeSiteSnapshots(key);
      return this.inlineCache.get(key);
    }
    if (this.inlineBudget <= 0) return undefined;
    this.inlineBudget--;
    const wasRecording = this.recording;
    this.recording = false;
    this.inlineStack.push(fn.id);
    this.flagStack.push(flags);
    if (this.siteRecording) {
      this.keySnapshots.set(key, new Map());
      this.activeKeys.push(key);
    }
    try {
      const result = this.analyzeFunction(fn, this.classEnvOf(qualifiedName), args, captureSelf);
      this.inlineCache.set(key, result);
      return result;
    } finally {
      this.inlineStack.pop();
      this.flagStack.pop();
      this.recording = wasRecording;
      if (this.siteRecording) {
        this.activeKeys.pop();
        this.mergeSiteSnapshots(key);
      }
    }
  }

  /**
   * Environments of statements inside inlined calls, per inline cache key (pass 2 only), and the
   * key each outermost call site used: `valueAtSite` evaluates a helper's expression as one caller
   * sees it.
   */
  readonly keySnapshots = new Map<string, Map<number, Env>>();
  readonly siteKeys = new Map<number, string>();
  private readonly activeKeys: string[] = [];
  private siteRecording = false;

  /** A nested inlined walk's statements belong to the enclosing inlined walk too. */
  private mergeSiteSnapshots(key: string): void {
    const outer = this.activeKeys[this.activeKeys.length - 1];
    const inner = this.keySnapshots.get(key);
    if (!outer || !inner || outer === key) return;
    const into = this.keySnapshots.get(outer)!;
    for (const [k, v] of inner) if (!into.has(k)) into.set(k, v);
  }

  private seedColumns(root: number, columns: ReadonlyMap<string, ColumnFact>): ReadonlyMap<string, ColumnFact> {
    const found = this.discovered.get(root);
    if (!found) return columns;
    const out = new Map(columns);
    for (const [name, node] of found) if (!out.has(name)) out.set(name, { name, sourceName: name, origin: node });
    return out;
  }

  /** Column names this file reads, loads or selects on any frame (pass 1), for assumed columns. */
  private vocabulary: ReadonlyMap<string, SyntaxNode> = new Map();
  /**
   * The vocabulary the first pass found in this tree, in the order first seen, before any
   * VocabularySource replaced it: what an incremental analysis would merge across slices.
   */
  firstPassVocabulary: ReadonlyMap<string, SyntaxNode> = new Map();
  /** Where the first pass first saw each name of firstPassVocabulary. */
  firstPassVocabularySteps: ReadonlyMap<string, VocabularyStep> = new Map();
  /** Parameters some call in the file binds (their columns come from the callers, not assumed). */
  private calledParams = new Set<number>();
  private nextCalledParams = new Set<number>();
  /**
   * Configuration the callers pass to a parameter (a dict, a list of names, a string): the
   * function analysed on its own sees it (`fit(cfg, df)` called with `cfg = dict(DEFAULT_CFG)`,
   * `Trainer(CONFIG)` binding `__init__(self, cfg)`), so its feature lists are known at its sinks.
   */
  private paramConstants = new Map<number, Value>();
  private nextParamConstants = new Map<number, Value>();

  /**
   * Loads whose frames callers pass to a parameter, with the columns they removed or masked first:
   * columns discovered on that load anywhere in the file (another function reading `df[cols]`)
   * are columns of the parameter too, without a further pass.
   */
  private paramRoots = new Map<number, { root: number; gone: Set<string> }[]>();
  private nextParamRoots = new Map<number, { root: number; gone: Set<string> }[]>();

  private noteParamConstant(param: number, v: Value | undefined): void {
    if (!isConfigurationValue(v)) return;
    const prev = this.nextParamConstants.get(param);
    this.nextParamConstants.set(param, prev ? joinValues(prev, v) : v);
  }
  private nextVocabulary = new Map<string, SyntaxNode>();
  private nextVocabularySteps = new Map<string, VocabularyStep>();
  /** The step of the module walk under way (see VocabularyStep). */
  private step: VocabularyStep = { phase: 4, at: 0, seq: 0 };
  /** Where each key of `functions` was first defined (a later definition replaces the node, not the order). */
  private readonly functionFirstAt = new Map<string, number>();

  private enterStep(phase: number, at: number): void {
    this.step = { phase, at, seq: 0 };
  }

  private see(name: string, node: SyntaxNode): void {
    if (!this.nextVocabulary.has(name)) {
      this.nextVocabulary.set(name, node);
      this.nextVocabularySteps.set(name, { phase: this.step.phase, at: this.step.at, seq: this.step.seq });
    }
    this.step.seq++;
  }

  /**
   * Frames combined by a merge / join / concat. Several parts of unknown columns from different
   * sources make a new data identity (the combining call): a column first read on the result is
   * not credited to the first part's load (`claims.merge(policies)["policyholder_name"]` is not a
   * claims column). With one such part, new columns are that part's.
   */
  private merged(parts: FrameValue[], at: SyntaxNode): FrameValue {
    const u = union(parts);
    // one open part (the others' columns all known): a new column can only be that part's
    const open = parts.filter((p) => p.open);
    const openRoots = new Set(open.map((p) => p.root));
    if (openRoots.size < 2) return open.length ? { ...u, root: open[0].root, load: open[0].load ?? u.load } : u;
    return { ...u, root: at.id, columns: this.seedColumns(at.id, u.columns) };
  }

  private discover(frame: FrameValue, name: string, node: SyntaxNode): void {
    this.see(name, node);
    if (!frame.open || frame.root === undefined || frame.columns.has(name) || frame.removed.has(name)) return;
    let m = this.nextDiscovered.get(frame.root);
    if (!m) this.nextDiscovered.set(frame.root, (m = new Map()));
    if (!m.has(name)) m.set(name, node);
  }

  // -------------------------------------------------------------------------------------------
  // statements

  private walkBlock(block: SyntaxNode, env: Env, returns: Value[] | undefined): void {
    for (const stmt of block.namedChildren) if (stmt) this.statement(stmt, env, returns);
  }

  /** Column reads (`df["email"]`, `df[["a", "b"]]`) anywhere in a simple statement: discovery only. */
  private scanReads(node: SyntaxNode, env: Env): void {
    // An explicit stack, not recursion: statement depth is the input's, not ours.
    const stack: SyntaxNode[] = [node];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.type === 'block' || n.type === 'function_definition' || n.type === 'class_definition') continue;
      if (n.type === 'subscript') {
        const obj = n.childForFieldName('value');
        const key = n.childForFieldName('subscript');
        const name = dottedName(obj);
        const base = name ? env.get(name) : undefined;
        if (base?.kind === 'frame' && base.open && key) {
          const one = stringValue(key);
          let many = one !== undefined ? [{ value: one, node: key }] : stringList(key);
          if (!many && (key.type === 'identifier' || key.type === 'attribute' || key.type === 'binary_operator')) {
            const kv = this.eval(key, env);
            if (kv?.kind === 'columns' && !kv.base && !kv.records) many = kv.items;
          }
          for (const c of many ?? []) this.discover(base, c.value, c.node);
        }
      }
      const children = n.namedChildren;
      for (let i = children.length - 1; i >= 0; i--) {
        const c = children[i];
        if (c) stack.push(c);
      }
    }
  }

  private statement(stmt: SyntaxNode, env: Env, returns: Value[] | undefined): void {
    try {
      this.statementUnguarded(stmt, env, returns);
    } catch (e) {
      // Degrade per statement, never per file: a statement too deep to follow binds nothing.
      if (!(e instanceof RangeError)) throw e;
      this.skippedStatements++;
    }
  }

  /** Statements given up on because of stack exhaustion (reported by tests, not to users). */
  skippedStatements = 0;

  private statementUnguarded(stmt: SyntaxNode, env: Env, returns: Value[] | undefined): void {
    // one copy of the environment serves the statement's snapshot and its inlined call site's
    let copy: Env | undefined;
    if (this.recording || !this.snapshots.has(stmt.id)) this.snapshots.set(stmt.id, (copy = new Map(env)));
    if (this.siteRecording && this.activeKeys.length) this.keySnapshots.get(this.activeKeys[this.activeKeys.length - 1])!.set(stmt.id, copy ?? new Map(env));
    if (!this.recording) this.scanReads(stmt, env);
    switch (stmt.type) {
      case 'expression_statement': {
        const e = stmt.namedChildren[0];
        if (!e) return;
        if (e.type === 'assignment' || e.type === 'augmented_assignment') this.assignment(e, env);
        else if (e.type === 'call') this.callStatement(e, env);
        else if (e.type === 'conditional_expression') this.eval(e, env); // `fit(a) if fast else fit_all(a)`
        return;
      }
      case 'delete_statement': {
        for (const target of stmt.namedChildren) {
          const list = target?.type === 'expression_list' ? target.namedChildren : [target];
          for (const t of list) if (t?.type === 'subscript') this.removeColumns(t, env);
        }
        return;
      }
      case 'return_statement': {
        const e = stmt.namedChildren[0];
        if (e && returns) {
          const v = this.eval(e, env);
          if (v) returns.push(v);
        }
        return;
      }
      case 'for_statement': {
        const left = stmt.childForFieldName('left');
        const right = stmt.childForFieldName('right');
        if (left && right) this.bindLoop(left, right, env);
        const body = stmt.childForFieldName('body');
        if (body) this.walkBlock(body, env, returns);
        const alt = stmt.childForFieldName('alternative');
        if (alt) this.walkBlock(alt, env, returns);
        return;
      }
      case 'with_statement': {
        for (const item of stmt.descendantsOfType('with_item')) {
          const value = item?.childForFieldName('value');
          if (value?.type === 'as_pattern') {
            const target = value.childForFieldName('alias') ?? value.namedChildren[1];
            const inner = value.namedChildren[0];
            const name = target?.namedChildren[0]?.text ?? target?.text;
            if (inner && name) {
              const v = this.eval(inner, env);
              if (v) env.set(name, v);
            }
          }
        }
        const body = stmt.childForFieldName('body');
        if (body) this.walkBlock(body, env, returns);
        return;
      }
      case 'function_definition':
      case 'class_definition':
      case 'decorated_definition':
        return;
      case 'if_statement':
        this.ifStatement(stmt, env, returns);
        return;
      default: {
        // while / try / match: walk every block in order
        for (const b of blocksOf(stmt)) this.walkBlock(b, env, returns);
      }
    }
  }

  /**
   * Each branch runs on its own copy of the environment and the copies are joined afterwards, so
   * a drop in one branch (or under `if False:`) does not sanitise the path that skips it. A
   * condition that is a literal `False`/`0` (or `True`) decides the branch statically.
   */
  private ifStatement(stmt: SyntaxNode, env: Env, returns: Value[] | undefined): void {
    const branches: { condition?: SyntaxNode; body?: SyntaxNode }[] = [{ condition: stmt.childForFieldName('condition') ?? undefined, body: stmt.childForFieldName('consequence') ?? undefined }];
    let hasElse = false;
    for (const alt of stmt.childrenForFieldName('alternative')) {
      if (!alt) continue;
      if (alt.type === 'else_clause') hasElse = true;
      branches.push({ condition: alt.type === 'elif_clause' ? (alt.childForFieldName('condition') ?? undefined) : undefined, body: alt.childForFieldName('body') ?? alt.namedChildren.find((c) => c?.type === 'block') ?? undefined });
    }
    const before = new Map(env);
    const outcomes: Env[] = [];
    let decided = false;
    for (const b of branches) {
      const truth = b.condition ? (constantTruth(b.condition) ?? this.flagTruth(b.condition)) : true;
      if (truth === false) continue;
      const branchEnv = new Map(before);
      if (b.body) this.walkBlock(b.body, branchEnv, returns);
      outcomes.push(branchEnv);
      if (truth === true) {
        decided = true;
        break;
      }
    }
    if (!decided && !hasElse) outcomes.push(before);
    const joined = joinEnvs(outcomes.length ? outcomes : [before]);
    env.clear();
    for (const [k, v] of joined) env.set(k, v);
  }

  /** `if legacy:` / `if not legacy:` where the inlined call passed a literal for `legacy`. */
  private flagTruth(cond: SyntaxNode): boolean | undefined {
    const flags = this.flagStack[this.flagStack.length - 1];
    if (!flags?.size) return undefined;
    if (cond.type === 'identifier') return flags.get(cond.text);
    if (cond.type === 'not_operator') {
      const inner = cond.childForFieldName('argument');
      const t = inner ? this.flagTruth(inner) : undefined;
      return t === undefined ? undefined : !t;
    }
    return undefined;
  }

  private bindLoop(left: SyntaxNode, right: SyntaxNode, env: Env): void {
    // `for c in ["age", "tenure"]:` / `for c in FEATURES:`: the loop variable stands for every
    // name of the list at once, so `X[c] = df[c]` copies them all and `df.drop(columns=c)` drops
    // them all (the body runs once per name; the order does not matter to the column facts).
    if (left.type === 'identifier') {
      const iterable = this.eval(right, env);
      if (iterable?.kind === 'columns' && !iterable.records && namesOf(iterable).length) {
        env.set(left.text, iterable.base ? { kind: 'columns', items: namesOf(iterable).map((value) => ({ value, node: right })) } : iterable);
        return;
      }
    }
    // `for name, fn in FEATURE_SPECS.items():` / `for name in SPECS:`: the keys of a dict of
    // feature specs are the names the body builds (`X[name] = fn(df)`)
    const keysTarget = left.type === 'identifier' ? left : (left.type === 'pattern_list' || left.type === 'tuple_pattern') ? left.namedChildren[0] : undefined;
    const dict = this.loopedDict(right, left.type === 'identifier', env);
    if (keysTarget?.type === 'identifier' && dict) {
      env.set(keysTarget.text, { kind: 'columns', items: [...dict.entries.keys()].map((value) => ({ value, node: right })) });
      return;
    }
    // for _, row in df.iterrows():  /  for row in df.itertuples():
    if (right.type !== 'call') return;
    const fn = right.childForFieldName('function');
    if (fn?.type !== 'attribute') return;
    const method = fn.childForFieldName('attribute')?.text;
    const obj = fn.childForFieldName('object');
    if (!obj || !['iterrows', 'itertuples', 'toLocalIterator', 'collect', 'iter_rows', 'to_dicts'].includes(method ?? '')) return;
    const base = this.eval(obj, env);
    if (base?.kind !== 'frame') return;
    const row: FrameValue = { ...base, row: true, dataframe: false };
    const target = left.type === 'pattern_list' || left.type === 'tuple_pattern' ? left.namedChildren[left.namedChildren.length - 1] : left;
    if (target?.type === 'identifier') env.set(target.text, row);
  }

  /** The dict a loop walks the keys of: `D` or `D.keys()` (one target), `D.items()` (a pair). */
  private loopedDict(right: SyntaxNode, single: boolean, env: Env): DictValue | undefined {
    let object: SyntaxNode | null = right;
    if (right.type === 'call') {
      const fn = right.childForFieldName('function');
      const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
      if (!(method === 'items' && !single) && !(method === 'keys' && single)) return undefined;
      object = fn?.childForFieldName('object') ?? null;
    } else if (!single) return undefined;
    const v = object ? this.eval(object, env) : undefined;
    return v?.kind === 'dict' && v.entries.size ? v : undefined;
  }

  private callStatement(call: SyntaxNode, env: Env): void {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'attribute') {
      this.eval(call, env);
      return;
    }
    const method = fn.childForFieldName('attribute')?.text ?? '';
    const obj = fn.childForFieldName('object');
    const objName = dottedName(obj);
    const args = this.args(call);
    // in-place operations on a frame variable
    if (objName && obj) {
      const base = env.get(objName);
      if (base?.kind === 'frame' && this.kwarg(call, 'inplace')?.text === 'True') {
        const v = this.frameMethod(base, method, call, env);
        if (v?.kind === 'frame') env.set(objName, v);
        return;
      }
      if (base?.kind === 'frame' && method === 'pop') {
        const col = stringValue(args.positional[0]);
        if (col) env.set(objName, this.without(base, [col], call));
        return;
      }
      if (base?.kind === 'columns' && ['remove', 'append', 'extend', 'insert'].includes(method)) {
        const items = [...base.items];
        if (method === 'remove') {
          const col = stringValue(args.positional[0]);
          env.set(objName, { ...base, items: items.filter((i) => i.value !== col), literal: undefined, excluded: col && base.excluded ? new Set([...base.excluded, col]) : base.excluded });
        } else if (method === 'append' && args.positional[0]?.type === 'dictionary') {
          const keys = dictKeys(args.positional[0]);
          const known = new Set(items.map((i) => i.value));
          env.set(objName, { kind: 'columns', items: [...items, ...keys.filter((k) => !known.has(k.value))], records: true });
        } else if (method === 'append' || method === 'insert') {
          const el = args.positional[method === 'insert' ? 1 : 0];
          const s = stringValue(el);
          if (el && s !== undefined) env.set(objName, { ...base, items: [...items, { value: s, node: el }], literal: undefined });
        } else {
          const other = args.positional[0] ? this.eval(args.positional[0], env) : undefined;
          if (other?.kind === 'columns') env.set(objName, { ...base, items: [...items, ...other.items], literal: undefined });
        }
        return;
      }
    }
    this.eval(call, env);
  }

  private assignment(node: SyntaxNode, env: Env): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return;
    const op = node.type === 'augmented_assignment' ? (node.childForFieldName('operator')?.text ?? '+=') : '=';
    if (right.type === 'assignment') this.assignment(right, env); // a = b = value
    const valueNode = right.type === 'assignment' ? right.childForFieldName('right') : right;
    if (!valueNode) return;
    if (left.type === 'subscript') {
      this.assignColumn(left, valueNode, env);
      return;
    }
    const value = this.eval(valueNode, env);
    if (op === '+=') {
      const name = dottedName(left);
      const prev = name ? env.get(name) : undefined;
      if (name && prev?.kind === 'columns' && value?.kind === 'columns') env.set(name, { kind: 'columns', items: [...prev.items, ...value.items] });
      // `formula += " + " + extra_terms`: the text grows (a formula, a SELECT list)
      else if (name && prev?.kind === 'string' && value?.kind === 'string') env.set(name, { kind: 'string', value: prev.value + value.value, node: prev.node });
      return;
    }
    if (left.type === 'attribute' && left.childForFieldName('attribute')?.text === 'columns') {
      const objName = dottedName(left.childForFieldName('object'));
      const frame = objName ? env.get(objName) : undefined;
      if (objName && frame?.kind === 'frame') {
        const map = this.columnsAssignment(frame, valueNode, env);
        if (map) env.set(objName, this.renamed(frame, map, valueNode));
      }
    }
    this.bind(left, value, env);
  }

  private bind(left: SyntaxNode, value: Value | undefined, env: Env): void {
    if (left.type === 'identifier' || left.type === 'attribute') {
      const name = dottedName(left);
      if (!name) return;
      if (value) env.set(name, value);
      else env.delete(name);
      return;
    }
    if (left.type === 'pattern_list' || left.type === 'tuple_pattern' || left.type === 'list_pattern') {
      const targets = left.namedChildren.filter((c): c is SyntaxNode => !!c);
      targets.forEach((t, i) => this.bind(t, value?.kind === 'tuple' ? value.items[i] : undefined, env));
    }
  }

  /** `df["col"] = expr`, `df.loc[:, "col"] = expr`. */
  private assignColumn(target: SyntaxNode, valueNode: SyntaxNode, env: Env): void {
    const obj = target.childForFieldName('value');
    const name = dottedName(obj);
    if (!obj || !name) return;
    const base = env.get(name);
    const sub = target.childForFieldName('subscript');
    let colNode = sub;
    if (obj.type === 'attribute') return;
    if (sub?.type === 'slice' || !sub) return;
    if (target.namedChildren.length > 2) colNode = target.namedChildren[target.namedChildren.length - 1];
    let cols = colNode ? (stringValue(colNode) !== undefined ? [stringValue(colNode)!] : (stringList(colNode)?.map((s) => s.value) ?? [])) : [];
    // `X[keep] = df[keep]`, `X[c] = df[c]` in `for c in FEATURES:` (c holds the list: see bindLoop)
    if (!cols.length && colNode && ['identifier', 'attribute', 'subscript', 'binary_operator'].includes(colNode.type)) cols = namesOf(this.eval(colNode, env));
    if (!cols.length || base?.kind !== 'frame') return;
    const value = this.eval(valueNode, env);
    const masking = value?.kind === 'masked' || this.isMaskingExpr(valueNode, env) || isConstantOverwrite(valueNode);
    const columns = new Map(base.columns);
    const maskedSince = new Set(base.maskedSinceParam ?? []);
    for (const col of cols) {
      const prev = columns.get(col);
      if (masking) {
        columns.set(col, { ...(prev ?? { name: col, sourceName: col, origin: target }), masked: target });
        maskedSince.add(col);
      } else if (value?.kind === 'series' && isPlainCopy(valueNode)) {
        columns.set(col, { name: col, sourceName: value.column.sourceName, origin: value.column.origin, masked: value.column.masked });
      } else if (value?.kind === 'series' && !value.column.masked && (value.column.derivedFrom?.length || valueNode.type === 'binary_operator')) {
        // a new text column formatted from other columns keeps where its values came from
        columns.set(col, { name: col, sourceName: col, origin: target, derivedFrom: [value.column.sourceName, ...(value.column.derivedFrom ?? [])] });
        maskedSince.delete(col);
      } else if (value?.kind === 'frame' && value.columns.has(col)) {
        // several columns copied at once from another frame keep their origin and masking
        const from = value.columns.get(col)!;
        columns.set(col, { ...from, name: col });
      } else {
        const digest = this.unkeyedDigestIn(valueNode);
        // `df["email_sha"] = df["email"].map(lambda e: sha256(...))`: still the e-mail, digested without a key
        const hashed = digest ? this.chainSource(valueNode, env) : undefined;
        const derivedFrom = hashed && hashed.column.sourceName !== col ? [hashed.column.sourceName] : undefined;
        columns.set(col, { name: col, sourceName: prev && !prev.masked ? prev.sourceName : col, origin: prev?.origin ?? target, ...(digest ? { unkeyedHash: digest } : {}), ...(derivedFrom ? { derivedFrom } : {}) });
        maskedSince.delete(col);
      }
    }
    const removed = new Set(base.removed);
    for (const c of cols) removed.delete(c);
    env.set(name, { ...base, columns, removed, maskedSinceParam: maskedSince });
  }

  /** The column a method chain starts from (`df["email"].str.lower().map(f)` -> email), if any. */
  private chainSource(node: SyntaxNode, env: Env): SeriesValue | undefined {
    let n: SyntaxNode | null = node;
    for (let i = 0; n && i < 12; i++) {
      if (n.type === 'subscript' || n.type === 'identifier') {
        const v = this.eval(n, env);
        if (v?.kind === 'series') return v;
      }
      if (n.type === 'call') n = n.childForFieldName('function');
      else if (n.type === 'attribute') n = n.childForFieldName('object');
      else if (n.type === 'subscript') n = n.childForFieldName('value');
      else if (n.type === 'parenthesized_expression') n = n.namedChildren[0] ?? null;
      else return undefined;
    }
    return undefined;
  }

  private removeColumns(target: SyntaxNode, env: Env): void {
    const obj = target.childForFieldName('value');
    const name = dottedName(obj);
    const col = stringValue(target.childForFieldName('subscript'));
    if (!name || col === undefined) return;
    const base = env.get(name);
    if (base?.kind === 'frame') env.set(name, this.without(base, [col], target));
  }

  /** Removes columns; `node` (the drop/del/pop) also tells discovery the frame had them. */
  private without(base: FrameValue, cols: string[], node?: SyntaxNode): FrameValue {
    if (node) for (const c of cols) this.discover(base, c, node);
    // layers over the base, not copies: a chain of drops must stay linear (dataflow/layered.ts)
    const columns = LayeredMap.update(base.columns, cols.map((c) => [c, undefined] as const));
    return { ...base, columns, removed: LayeredSet.update(base.removed, cols) };
  }

  // -------------------------------------------------------------------------------------------
  // expressions

  private args(call: SyntaxNode): { positional: SyntaxNode[]; keywords: Map<string, SyntaxNode> } {
    const positional: SyntaxNode[] = [];
    const keywords = new Map<string, SyntaxNode>();
    const list = call.childForFieldName('arguments');
    for (const a of list?.namedChildren ?? []) {
      if (!a || a.type === 'comment') continue;
      if (a.type === 'keyword_argument') {
        const k = a.childForFieldName('name')?.text;
        const v = a.childForFieldName('value');
        if (k && v) keywords.set(k, v);
      } else if (a.type !== 'dictionary_splat' && a.type !== 'list_splat') positional.push(a);
    }
    return { positional, keywords };
  }

  private kwarg(call: SyntaxNode, name: string): SyntaxNode | undefined {
    return this.args(call).keywords.get(name);
  }

  /** Column names written in a node: "a", ["a", "b"], a variable holding a list. */
  private columnNames(node: SyntaxNode | undefined, env: Env): { value: string; node: SyntaxNode }[] | undefined {
    if (!node) return undefined;
    const s = stringValue(node);
    if (s !== undefined) return [{ value: s, node }];
    // `df.select(*out_cols)`: the starred list's names
    const v = this.eval(starredOperand(node) ?? node, env);
    if (v?.kind === 'columns' && !v.base) return v.items;
    if (v?.kind === 'string') return [{ value: v.value, node }];
    return undefined;
  }

  /** Nesting depth of `eval`: past MAX_EVAL_DEPTH an expression is an unknown value. */
  private evalDepth = 0;

  eval(node: SyntaxNode, env: Env): Value | undefined {
    // Depth tied to the input (10,000-term sums, 5,000 nested brackets) must not exhaust the
    // stack: the deep part of one expression becomes unknown, the rest of the file is analysed.
    if (this.evalDepth >= MAX_EVAL_DEPTH) return undefined;
    this.evalDepth++;
    try {
      return this.evalNode(node, env);
    } finally {
      this.evalDepth--;
    }
  }

  private evalNode(node: SyntaxNode, env: Env): Value | undefined {
    switch (node.type) {
      case 'identifier':
      case 'attribute': {
        const name = dottedName(node);
        if (name && env.has(name)) return env.get(name);
        if (node.type === 'attribute') return this.attributeValue(node, env);
        return undefined;
      }
      case 'parenthesized_expression': {
        const inner = node.namedChildren.find((c) => !!c && c.type !== 'comment');
        return inner ? this.eval(inner, env) : undefined;
      }
      case 'string':
      case 'concatenated_string': {
        const s = stringValue(node) ?? this.formattedText(node, env) ?? fstringText(node);
        return s === undefined ? undefined : { kind: 'string', value: s, node };
      }
      case 'expression_list':
        return { kind: 'tuple', items: node.namedChildren.map((c) => (c ? this.eval(c, env) : undefined)) };
      case 'set': {
        // `EXCLUDE = {"id", "email"}`: a set of column names
        const names = stringList(node);
        return names ? { kind: 'columns', items: names } : undefined;
      }
      case 'list':
      case 'tuple': {
        const els = node.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
        if (els.length && els.every((e) => e.type === 'dictionary')) {
          const seen = new Map<string, { value: string; node: SyntaxNode }>();
          for (const e of els) for (const k of dictKeys(e)) if (!seen.has(k.value)) seen.set(k.value, k);
          return { kind: 'columns', items: [...seen.values()], records: true };
        }
        const list = stringList(node);
        if (list) return { kind: 'columns', items: list, literal: node };
        // `[cfg["target"]]`, `[TARGET, "id"]`: names held by constants
        if (els.length && els.length <= 64) {
          // `["claim_id", *ID_COLS, TARGET]`: a starred list contributes its names
          const items: { value: string; node: SyntaxNode }[] = [];
          let known = true;
          for (const e of els) {
            const starred = starredOperand(e);
            const v = this.eval(starred ?? e, env);
            if (!starred && v?.kind === 'string') items.push({ value: v.value, node: e });
            else if (starred && v?.kind === 'columns' && !v.records && !v.base) items.push(...v.items);
            else {
              known = false;
              break;
            }
          }
          if (known) return { kind: 'columns', items };
        }
        if (node.type === 'tuple') return { kind: 'tuple', items: node.namedChildren.map((c) => (c ? this.eval(c, env) : undefined)) };
        return undefined;
      }
      case 'list_comprehension':
        return this.comprehension(node, env);
      case 'dictionary': {
        const entries = new Map<string, Value | undefined>();
        for (const pair of node.namedChildren) {
          if (pair?.type !== 'pair') continue;
          const k = stringValue(pair.childForFieldName('key'));
          const v = pair.childForFieldName('value');
          if (k !== undefined && v) entries.set(k, this.eval(v, env));
        }
        return entries.size ? { kind: 'dict', entries } : undefined;
      }
      case 'binary_operator': {
        const l = node.childForFieldName('left');
        const r = node.childForFieldName('right');
        const op = node.childForFieldName('operator')?.text;
        // a bare parameter (open frame of unknown columns) is an unknown value here
        const unknownParam = (v: Value | undefined): Value | undefined => (v?.kind === 'frame' && v.param !== undefined && v.columns.size === 0 ? undefined : v);
        const lv = unknownParam(l ? this.eval(l, env) : undefined);
        const rv = unknownParam(r ? this.eval(r, env) : undefined);
        if (op === '+' && lv?.kind === 'columns' && rv?.kind === 'columns' && !lv.base && !rv.base) return { kind: 'columns', items: [...lv.items, ...rv.items], partial: lv.partial || rv.partial };
        // `feature_cols + ["holder_postcode"]` with feature_cols unknown: at least the known names
        if (op === '+' && ((lv?.kind === 'columns' && !lv.base && !rv && r?.type !== 'string') || (rv?.kind === 'columns' && !rv.base && !lv && l?.type !== 'string'))) {
          const known = (lv ?? rv) as ColumnsValue;
          return { kind: 'columns', items: known.items, partial: true };
        }
        if ((lv?.kind === 'series' || rv?.kind === 'series') && (op === '+' || op === '%')) {
          // text built from several columns carries all of them
          const parts = [lv, rv].filter((v): v is SeriesValue => v?.kind === 'series' && !v.column.masked);
          const first = lv?.kind === 'series' ? lv : (rv as SeriesValue);
          const sources = [...new Set(parts.flatMap((p) => [p.column.sourceName, ...(p.column.derivedFrom ?? [])]))].filter((n) => n !== first.column.sourceName);
          return sources.length ? { ...first, column: { ...first.column, derivedFrom: sources } } : first;
        }
        if (op === '%' && l && (l.type === 'string' || lv?.kind === 'string')) {
          const t = lv?.kind === 'string' ? lv.value : fstringText(l);
          return t !== undefined ? { kind: 'string', value: t, node: l } : undefined;
        }
        if (op === '+' && lv?.kind === 'string' && rv?.kind === 'string') return { kind: 'string', value: lv.value + rv.value, node: lv.node };
        // `set(df.columns) - {"y", "id"}`, `FEATURES - EXCLUDED`: the names of the left but those
        if (op === '-' && lv?.kind === 'columns' && !lv.records && r) {
          const minus = new Set(r.type === 'set' ? r.namedChildren.map((c) => (c ? stringValue(c) : undefined)).filter((x): x is string => x !== undefined) : namesOf(rv));
          if (lv.base) return { ...lv, excluded: new Set([...(lv.excluded ?? []), ...minus]) };
          return { kind: 'columns', items: lv.items.filter((i) => !minus.has(i.value)), partial: lv.partial };
        }
        // `EXCLUDE | {"marital_status"}`: the names of both sets
        if (op === '|' && lv?.kind === 'columns' && rv?.kind === 'columns' && !lv.base && !rv.base && !lv.records && !rv.records) {
          const seen = new Set(lv.items.map((i) => i.value));
          return { kind: 'columns', items: [...lv.items, ...rv.items.filter((i) => !seen.has(i.value))], partial: lv.partial || rv.partial };
        }
        return undefined;
      }
      case 'subscript': {
        // `np.c_[X_num, df["age"].to_numpy(), sex]`: the columns of every part, side by side
        const obj = node.childForFieldName('value');
        if (obj && /^(numpy\.c_|numpy\.column_stack)$/.test(this.imports.resolveNode(obj) ?? '')) return this.stacked(node.namedChildren.slice(1).filter((c): c is SyntaxNode => !!c), env);
        return this.subscript(node, env);
      }
      case 'call':
        return this.call(node, env);
      case 'boolean_operator': {
        // `cfg or DropoutConfig()`, `features or DEFAULT_FEATURES`: the default when the first is unknown
        if (node.childForFieldName('operator')?.text !== 'or') return undefined;
        const l = node.childForFieldName('left');
        const r = node.childForFieldName('right');
        const lv = l ? this.eval(l, env) : undefined;
        const rv = r ? this.eval(r, env) : undefined;
        const unknownParam = lv?.kind === 'frame' && lv.param !== undefined && lv.columns.size === 0;
        return lv && !unknownParam ? (rv && rv.kind === lv.kind ? joinValues(lv, rv) : lv) : rv;
      }
      case 'conditional_expression': {
        // `a if cond else b`: either value (both calls are evaluated, so both callees see their arguments)
        const [a, , b] = node.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
        const av = a ? this.eval(a, env) : undefined;
        const bv = b ? this.eval(b, env) : undefined;
        return av && bv ? joinValues(av, bv) : (av ?? bv);
      }
      case 'comparison_operator': {
        // `emp["disability_status"] != "none"` is a flag derived from that column
        const first = node.namedChildren[0];
        const v = first ? this.eval(first, env) : undefined;
        if (v?.kind === 'series') return v;
        // `rng.random(len(df)) < 0.8`, `idx >= cutoff`: selects rows, not columns
        const ops = node.children.filter((c) => !!c && !c.isNamed).map((c) => c!.text);
        return ops.every((o) => ['<', '>', '<=', '>=', '==', '!='].includes(o)) ? { kind: 'rowmask' } : undefined;
      }
      default:
        return undefined;
    }
  }

  private attributeValue(node: SyntaxNode, env: Env): Value | undefined {
    const obj = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute')?.text;
    if (!obj || !attr) return undefined;
    const base = this.eval(obj, env) ?? (obj.type === 'identifier' ? this.instanceValue(obj.text) : undefined);
    // `cfg.features` on a config object, `TrainConfig.FEATURES` on the class
    if (base?.kind === 'dict') return base.entries.get(attr);
    // label encoding (`.astype("category").cat.codes`) keeps the values' meaning: not masking
    if (base?.kind === 'series' && ['cat', 'codes', 'values', 'array'].includes(attr)) return base;
    if (base?.kind !== 'frame') return undefined;
    if (attr === 'values' || attr === 'T') return { ...base, dataframe: false };
    if (['columns', 'shape', 'dtypes', 'index', 'size', 'ndim', 'empty', 'schema', 'loc', 'iloc', 'str', 'dt', 'cat', 'na', 'write', 'writeStream', 'rdd'].includes(attr)) return undefined;
    const col = base.columns.get(attr);
    if (col) return { kind: 'series', column: col, frame: base };
    if (base.row || base.open) {
      this.discover(base, attr, node);
      return { kind: 'series', column: { name: attr, sourceName: attr, origin: node }, frame: base };
    }
    return undefined;
  }

  private comprehension(node: SyntaxNode, env: Env): Value | undefined {
    // [c for c in df.columns if c not in ("id", "email")]  /  if c != "target"
    const body = node.childForFieldName('body');
    const forClause = node.namedChildren.find((c) => c?.type === 'for_in_clause');
    const ifClause = node.namedChildren.find((c) => c?.type === 'if_clause');
    // `[{"id": r["id"], "email": r["email"]} for r in rows]`, `[flatten(e) for e in entries]` of a
    // same-file function returning a dict literal: a list of records with those keys
    if (body?.type === 'dictionary') return { kind: 'columns', items: dictKeys(body), records: true };
    if (body?.type === 'call') {
      const v = this.eval(body, env);
      if (v?.kind === 'dict') return { kind: 'columns', items: [...v.entries.keys()].map((value) => ({ value, node: body })), records: true };
      return undefined;
    }
    if (!body || !forClause || body.type !== 'identifier') return undefined;
    const iter = forClause.childForFieldName('right');
    if (!iter) return undefined;
    let base: FrameValue | undefined;
    let items: { value: string; node: SyntaxNode }[] | undefined;
    if (iter.type === 'attribute' && iter.childForFieldName('attribute')?.text === 'columns') {
      const b = this.eval(iter.childForFieldName('object')!, env);
      if (b?.kind === 'frame') base = b;
    } else {
      const v = this.eval(iter, env);
      if (v?.kind === 'columns') {
        items = v.items;
        base = v.base;
      }
    }
    if (!base && !items) return undefined;
    const excluded = new Set<string>();
    const cond = ifClause?.namedChildren[0];
    if (cond?.type === 'comparison_operator') {
      const ops = cond.children.filter((c) => c && !c.isNamed).map((c) => c!.text).join(' ');
      const rhs = cond.namedChildren[1];
      // `[c for c in PROTECTED if c in X.columns]`: an existence check keeps the listed names
      // (dropping or selecting them is what the code means)
      if (items && ops === 'in' && rhs?.type === 'attribute' && rhs.childForFieldName('attribute')?.text === 'columns') return { kind: 'columns', items };
      const names = rhs ? (stringValue(rhs) !== undefined ? [stringValue(rhs)!] : (this.columnNames(rhs, env)?.map((n) => n.value) ?? stringList(rhs)?.map((n) => n.value))) : undefined;
      if (names && (ops === 'not in' || ops === '!=')) for (const n of names) excluded.add(n);
      else if (names && (ops === 'in' || ops === '==')) {
        const keep = new Set(names);
        if (items) return { kind: 'columns', items: items.filter((i) => keep.has(i.value)) };
        return { kind: 'columns', items: [...keep].map((value) => ({ value, node: rhs! })) };
      } else if (cond) return undefined;
    } else if (cond?.type === 'call') {
      // `[c for c in df.columns if c.startswith(("ethnicity_", "gender_"))]`: the one-hot columns of
      // those prefixes, known or not (a prefix stands for the columns it names)
      const affixes = this.affixFilter(cond, forClause.childForFieldName('left'));
      if (!affixes) return undefined;
      const known = [...(items ?? []), ...[...(base?.columns.keys() ?? [])].map((value) => ({ value, node: cond }))];
      const has = (name: string, affix: string): boolean => (affixes.suffix ? name.endsWith(affix) : name.startsWith(affix));
      const kept = known.filter((i) => affixes.values.some((a) => has(i.value, a.value)));
      const unseen = affixes.values.filter((a) => !kept.some((i) => has(i.value, a.value)));
      return { kind: 'columns', items: [...kept, ...unseen.map((a) => ({ value: affixes.suffix ? `*${a.value}` : `${a.value}*`, node: a.node }))] };
    } else if (cond) return undefined;
    if (items) return { kind: 'columns', items: items.filter((i) => !excluded.has(i.value)), base, excluded: base ? excluded : undefined };
    return { kind: 'columns', items: [], base, excluded };
  }

  /** `c.startswith("x_")` / `c.endswith(("_a", "_b"))` on the loop variable: the literal affixes. */
  private affixFilter(cond: SyntaxNode, loopVar: SyntaxNode | null): { suffix: boolean; values: { value: string; node: SyntaxNode }[] } | undefined {
    const fn = cond.childForFieldName('function');
    const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
    if ((method !== 'startswith' && method !== 'endswith') || loopVar?.type !== 'identifier' || fn?.childForFieldName('object')?.text !== loopVar.text) return undefined;
    const arg = cond.childForFieldName('arguments')?.namedChildren[0];
    const one = arg ? stringValue(arg) : undefined;
    const values = one !== undefined ? [{ value: one, node: arg! }] : arg?.type === 'tuple' ? stringList(arg) : undefined;
    return values?.length && values.every((v) => v.value.length > 0) ? { suffix: method === 'endswith', values } : undefined;
  }

  /** The frame with columns renamed (`rename`, `add_prefix`, `X.columns = [...]`); sources kept. */
  private renamed(base: FrameValue, map: Map<string, string>, at: SyntaxNode): FrameValue {
    const columns = new Map<string, ColumnFact>();
    for (const [k, c] of base.columns) {
      const to = map.get(k);
      columns.set(to ?? k, to ? { ...c, name: to } : c);
    }
    for (const [from, to] of map) {
      if (!base.columns.has(from) && base.open) {
        this.discover(base, from, at);
        columns.set(to, { name: to, sourceName: from, origin: at });
      }
    }
    return { ...base, columns, removed: new Set([...base.removed, ...[...map.keys()].filter((k) => !map.has(map.get(k)!))]) };
  }

  /**
   * `X.columns = [f"woe_{c}" for c in VARS]` (each name of a known list, reformatted) or
   * `X.columns = ["a", "b"]` over a frame of as many known columns: the renames it makes.
   */
  private columnsAssignment(frame: FrameValue, right: SyntaxNode, env: Env): Map<string, string> | undefined {
    const literal = stringList(right);
    if (literal) {
      const known = [...frame.columns.keys()];
      return !frame.open && known.length === literal.length ? new Map(known.map((k, i) => [k, literal[i].value])) : undefined;
    }
    if (right.type !== 'list_comprehension') return undefined;
    const body = right.childForFieldName('body');
    const forClause = right.namedChildren.find((c) => c?.type === 'for_in_clause');
    const loopVar = forClause?.childForFieldName('left');
    const iter = forClause?.childForFieldName('right');
    if (!body || !iter || loopVar?.type !== 'identifier' || right.namedChildren.some((c) => c?.type === 'if_clause')) return undefined;
    const v = iter.type === 'attribute' && iter.childForFieldName('attribute')?.text === 'columns' ? this.eval(iter.childForFieldName('object')!, env) : this.eval(iter, env);
    const names = v?.kind === 'frame' && !v.open ? [...v.columns.keys()] : v?.kind === 'columns' && !v.base ? v.items.map((i) => i.value) : undefined;
    // the body's text with the loop variable as the only field: `f"woe_{c}"`, `"woe_" + c`, `c + "_woe"`
    let format: ((name: string) => string) | undefined;
    if (body.type === 'string' && body.namedChildren.every((c) => c?.type !== 'interpolation' || c.namedChildren[0]?.text === loopVar.text)) {
      const scope = new Map(env);
      format = (name) => {
        scope.set(loopVar.text, { kind: 'string', value: name, node: loopVar });
        return this.formattedText(body, scope) ?? stringValue(body) ?? '';
      };
    } else if (body.type === 'binary_operator' && body.childForFieldName('operator')?.text === '+') {
      const l = body.childForFieldName('left');
      const r = body.childForFieldName('right');
      const ls = stringValue(l);
      const rs = stringValue(r);
      if (ls !== undefined && r?.text === loopVar.text) format = (name) => ls + name;
      else if (rs !== undefined && l?.text === loopVar.text) format = (name) => name + rs;
    }
    return names && format ? new Map(names.map((n) => [n, format(n)])) : undefined;
  }

  private select(base: FrameValue | undefined, cols: { value: string; node: SyntaxNode }[]): FrameValue {
    const columns = new Map<string, ColumnFact>();
    for (const c of cols) {
      this.see(c.value, c.node);
      const prev = base?.columns.get(c.value);
      if (base && !prev) this.discover(base, c.value, c.node);
      columns.set(c.value, prev ? { ...prev, origin: c.node, assumed: undefined } : { name: c.value, sourceName: c.value, origin: c.node });
    }
    return {
      kind: 'frame',
      columns,
      open: false,
      removed: new Set(),
      dataframe: base?.dataframe ?? true,
      spark: base?.spark ?? false,
      root: base?.root,
      load: base?.load,
      param: undefined,
      container: base?.container,
      row: base?.row,
      selected: true,
    };
  }

  private selectValue(base: FrameValue | undefined, v: ColumnsValue | undefined): FrameValue | undefined {
    if (!v || v.records) return undefined;
    if (v.base) {
      const b = v.base;
      const out = this.without(b, [...(v.excluded ?? [])]);
      return { ...out, dataframe: base?.dataframe ?? out.dataframe };
    }
    const sel = this.select(base, v.items);
    return v.partial ? { ...sel, open: true } : sel;
  }

  /** `pl.exclude("a", "b")` / `pl.exclude([...])` -> the excluded names; `pl.all()` -> none; else undefined. */
  private polarsAllBut(node: SyntaxNode, env: Env): string[] | undefined {
    if (node.type !== 'call') return undefined;
    const q = this.imports.resolveNode(node.childForFieldName('function')) ?? '';
    const args = node.childForFieldName('arguments')?.namedChildren.filter((a): a is SyntaxNode => !!a && a.type !== 'comment') ?? [];
    if (q === 'polars.all' && !args.length) return [];
    if (q !== 'polars.exclude') return undefined;
    const names: string[] = [];
    for (const a of args) {
      const list = this.columnNames(a, env) ?? stringList(a);
      if (!list) return undefined;
      names.push(...list.map((n) => n.value));
    }
    return names;
  }

  /** A frame loaded by a Hugging Face dataset loader (`load_dataset`, `load_from_disk`). */
  private isDatasetLoad(v: FrameValue): boolean {
    const fn = v.load?.childForFieldName('function');
    return !!fn && DATASET_LOADERS.test(this.imports.resolveNode(fn) ?? '');
  }

  private subscript(node: SyntaxNode, env: Env): Value | undefined {
    const obj = node.childForFieldName('value');
    if (!obj) return undefined;
    const subs = node.namedChildren.slice(1).filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
    // df.loc[:, cols] / df.loc[rows, "col"]
    if (obj.type === 'attribute' && ['loc', 'iloc', 'at'].includes(obj.childForFieldName('attribute')?.text ?? '')) {
      const b = this.eval(obj.childForFieldName('object')!, env);
      if (b && b.kind !== 'frame') return undefined;
      const base = b as FrameValue | undefined;
      const idx = subs.length === 1 && subs[0].type === 'expression_list' ? subs[0].namedChildren.filter((c): c is SyntaxNode => !!c) : subs;
      if (idx.length < 2) return base;
      const colSel = idx[1];
      const one = stringValue(colSel);
      if (one !== undefined) return base ? this.seriesOf(base, one, colSel) : undefined;
      const v = this.eval(colSel, env);
      if (v?.kind === 'columns') return this.selectValue(base, v);
      // `df.iloc[:, 1:-1]` / `df.loc[:, "a":"f"]`: which columns remain is positional, so unknown
      return colSel.type === 'slice' && colSel.text.trim() === ':' ? base : undefined;
    }
    const baseV = this.eval(obj, env);
    const sub = subs[0];
    if (!sub) return undefined;
    const one = stringValue(sub);
    if (one !== undefined) {
      if (baseV?.kind === 'dict') return baseV.entries.get(one);
      // `load_dataset(...)["train"]`: a split of a Hugging Face DatasetDict, not a column
      if (baseV?.kind === 'frame' && DATASET_SPLITS.has(one) && this.isDatasetLoad(baseV)) return baseV;
      if (baseV?.kind === 'frame') return this.seriesOf(baseV, one, sub);
      if (baseV === undefined && isRowLikeName(dottedName(obj) ?? '')) return { kind: 'series', column: { name: one, sourceName: one, origin: sub } };
      return undefined;
    }
    // `ds[0]`: one example (a row) of a Hugging Face dataset
    if (sub.type === 'integer' && baseV?.kind === 'frame' && this.isDatasetLoad(baseV)) return { ...baseV, row: true };
    const v = this.eval(sub, env);
    if (v?.kind === 'columns') {
      if (baseV && baseV.kind !== 'frame') return undefined;
      return this.selectValue(baseV, v);
    }
    // boolean mask / slice: same columns; an unknown key (`df[self.features]`) selects unknown columns
    if (baseV?.kind === 'frame') {
      // arrays: `X.values[:, :-1]` selects columns by position: unknown unless every column is kept
      if (sub.type === 'expression_list' || subs.length > 1) {
        const parts = sub.type === 'expression_list' ? sub.namedChildren.filter((c): c is SyntaxNode => !!c) : subs;
        return parts.length > 1 && parts[1].type === 'slice' && parts[1].text.trim() === ':' ? baseV : undefined;
      }
      if (sub.type === 'identifier' || sub.type === 'attribute' || sub.type === 'subscript') {
        // a boolean Series or row mask as the key filters rows (a column key would be a name)
        const key = this.eval(sub, env);
        return key?.kind === 'rowmask' || (key?.kind === 'series' && sub.type !== 'subscript') ? baseV : undefined;
      }
      if (sub.type === 'binary_operator' && sub.childForFieldName('operator')?.text === '+') return undefined; // a list concatenation
      return baseV;
    }
    if (baseV?.kind === 'columns' && sub.type === 'slice' && !baseV.base) {
      const parts = sub.text.split(':').map((x) => (x.trim() === '' ? undefined : Number(x.trim())));
      if (parts.some((x) => x !== undefined && !Number.isInteger(x))) return undefined;
      return { kind: 'columns', items: baseV.items.slice(parts[0] ?? 0, parts[1] ?? baseV.items.length) };
    }
    if (baseV?.kind === 'tuple') {
      const i = Number(sub.text);
      return Number.isInteger(i) ? baseV.items[i] : undefined;
    }
    return undefined;
  }

  private seriesOf(base: FrameValue, col: string, node: SyntaxNode): SeriesValue | undefined {
    const known = base.columns.get(col);
    if (known) return { kind: 'series', column: { ...known, assumed: undefined }, frame: base };
    if (base.removed.has(col)) return undefined;
    this.discover(base, col, node);
    return { kind: 'series', column: { name: col, sourceName: col, origin: node }, frame: base };
  }

  /** The unsalted digest call inside an expression (`x.map(lambda v: sha256(v.encode()))`), if any. */
  /** A column an expression (re)computes: masked, an unkeyed digest, or computed from the columns it reads. */
  private computedColumn(name: string, expr: SyntaxNode | undefined, prev: ColumnFact | undefined, call: SyntaxNode, env: Env): ColumnFact {
    if (expr && (this.isMaskingExpr(expr, env) || isConstantOverwrite(expr))) return { ...(prev ?? { name, sourceName: name, origin: call }), masked: call };
    const digest = expr ? this.unkeyedDigestIn(expr) : undefined;
    const reads = expr ? referencedColumns(expr).filter((n) => n !== name) : [];
    return { name, sourceName: prev && !prev.masked ? prev.sourceName : name, origin: prev?.origin ?? call, ...(digest ? { unkeyedHash: digest } : {}), ...(reads.length ? { computedFrom: reads } : {}) };
  }

  /** Matrices stacked column-wise: a frame of every part's columns (a 1-D series part is its column). */
  private stacked(parts: SyntaxNode[], env: Env): FrameValue | undefined {
    const frames: FrameValue[] = [];
    let unknown = false;
    for (const p of parts) {
      const v = this.eval(p, env);
      if (v?.kind === 'frame' && !v.row) frames.push(v);
      else if (v?.kind === 'series') frames.push({ kind: 'frame', columns: new Map([[v.column.name, v.column]]), open: false, removed: new Set(), dataframe: false, spark: false, root: v.frame?.root, load: v.frame?.load });
      else unknown = true;
    }
    if (!frames.length) return undefined;
    const u = union(frames);
    return { ...u, open: u.open || unknown, dataframe: false };
  }

  /** An f-string whose interpolations are all known strings (`f"y ~ {BASE_TERMS}"`), as text. */
  private formattedText(node: SyntaxNode, env: Env): string | undefined {
    if (node.type !== 'string' || !node.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
    let out = '';
    for (const c of node.namedChildren) {
      if (c?.type === 'string_content') out += c.text;
      else if (c?.type === 'interpolation') {
        const e = c.namedChildren[0];
        const v = e ? this.eval(e, env) : undefined;
        if (v?.kind !== 'string') return undefined;
        out += v.value;
      }
    }
    return out;
  }

  private unkeyedDigestIn(node: SyntaxNode): SyntaxNode | undefined {
    let found: SyntaxNode | undefined;
    walk(
      node,
      (n) => {
        if (found) return;
        const name = dottedName(n.childForFieldName('function'));
        if (name && maskingByName(this.imports.resolve(name)) === 'unkeyed-hash' && !hasKeyMaterial(n)) found = n;
      },
      CALLS,
    );
    return found;
  }

  private isMaskingExpr(node: SyntaxNode, env: Env): boolean {
    let found = false;
    const visit = (n: SyntaxNode): void => {
      if (found) return;
      if (n.type === 'call') {
        const f = n.childForFieldName('function');
        if (this.isMaskingCall(n)) found = true;
        const method = f?.type === 'attribute' ? (f.childForFieldName('attribute')?.text ?? '') : (f?.text ?? '');
        if (['apply', 'map', 'transform', 'applymap', 'map_elements', 'udf', 'pipe'].includes(method)) {
          for (const a of n.childForFieldName('arguments')?.namedChildren ?? []) {
            const an = a?.type === 'keyword_argument' ? a.childForFieldName('value') : a;
            if (an && (an.type === 'identifier' || an.type === 'attribute') && !env.has(an.text) && this.isMaskingRef(an)) found = true;
          }
        }
      }
    };
    walk(node, visit, CALLS);
    return found;
  }

  private call(node: SyntaxNode, env: Env): Value | undefined {
    const fn = node.childForFieldName('function');
    if (!fn) return undefined;
    const callee = dottedName(fn);
    const qualified = callee ? this.imports.resolve(callee) : undefined;
    const method = fn.type === 'attribute' ? (fn.childForFieldName('attribute')?.text ?? '') : fn.type === 'identifier' ? fn.text : '';
    const { positional, keywords } = this.args(node);

    if (qualified && TRACKER_FACTORIES.test(qualified)) return { kind: 'tracker' };
    // "SELECT ... FROM {t}".format(t=...) / textwrap.dedent("...") keep the SQL text
    if (fn.type === 'attribute' && method === 'format') {
      const obj = fn.childForFieldName('object');
      const v = obj ? this.eval(obj, env) : undefined;
      if (v?.kind === 'string') return v;
      const t = obj ? fstringText(obj) : undefined;
      return t !== undefined && obj ? { kind: 'string', value: t, node: obj } : undefined;
    }
    // `" + ".join(terms)` over a known name list: the text (a statsmodels formula, a SELECT list)
    if (fn.type === 'attribute' && method === 'join' && positional.length === 1) {
      const obj = fn.childForFieldName('object');
      const sep = obj ? stringValue(obj) : undefined;
      const v = sep !== undefined ? this.eval(positional[0], env) : undefined;
      if (sep !== undefined && obj && v?.kind === 'columns' && !v.base && !v.partial) return { kind: 'string', value: v.items.map((i) => i.value).join(sep), node: obj };
    }
    if (qualified && /^(textwrap\.dedent|inspect\.cleandoc|sqlalchemy\.text|sqlalchemy\.sql\.text)$/.test(qualified) && positional[0]) {
      return this.eval(positional[0], env);
    }

    // loads
    const load = this.load(node, fn, qualified, method, positional, keywords, env);
    if (load) return load;

    // masking calls
    if (this.isMaskingCall(node)) return { kind: 'masked', node };

    // a same-file config class instantiated with its defaults
    if (fn.type === 'identifier' && positional.length === 0 && keywords.size === 0) {
      const instance = this.instanceValue(fn.text);
      if (instance) return instance;
    }

    // fetch_adult(), fetch_openml("adult"): documented columns, as a Bunch (.data/.frame) or (X, y)
    const known = qualified ? knownDataset(qualified, stringValue(keywords.get('name') ?? positional[0]) ?? keywords.get('data_id')?.text) : undefined;
    if (known) {
      const columns = new Map<string, ColumnFact>();
      for (const c of known.columns) columns.set(c.name, { name: c.name, sourceName: c.source ?? c.name, origin: node });
      const frame: FrameValue = { kind: 'frame', columns, open: true, removed: new Set(), dataframe: true, spark: false, root: node.id, load: node };
      if (keywords.get('return_X_y')?.text === 'True') return { kind: 'tuple', items: [frame, undefined] };
      return { kind: 'dict', entries: new Map<string, Value | undefined>([['data', frame], ['frame', frame]]) };
    }

    // Dataset.from_pandas(df): the same columns in another container
    if (qualified && FRAME_CONVERSIONS.test(qualified) && (positional[0] ?? keywords.get('df'))) {
      const v = this.eval((positional[0] ?? keywords.get('df'))!, env);
      if (v?.kind === 'frame') return v;
    }

    // pd.DataFrame(...)
    if (qualified && /^(pandas|polars|modin\.pandas)\.DataFrame(\.from_records|\.from_dict)?$/.test(qualified)) {
      const colsKw = keywords.get('columns') ?? keywords.get('schema');
      const names = this.columnNames(colsKw, env);
      const data = positional[0] ?? keywords.get('data');
      if (names) return this.newFrame(names, node, false);
      if (data?.type === 'dictionary') {
        const items: { value: string; node: SyntaxNode }[] = [];
        for (const pair of data.namedChildren) {
          const k = pair?.type === 'pair' ? stringValue(pair.childForFieldName('key')) : undefined;
          if (pair && k !== undefined) items.push({ value: k, node: pair.childForFieldName('key')! });
        }
        return this.newFrame(items, node, false);
      }
      const v = data ? this.eval(data, env) : undefined;
      if (v?.kind === 'frame') return { ...v, dataframe: true };
      if (v?.kind === 'columns' && v.records) return this.newFrame(v.items, node, false);
      return { kind: 'frame', columns: new Map(), open: true, removed: new Set(), dataframe: true, spark: false, root: node.id };
    }
    if (qualified && /(^|\.)createDataFrame$/.test(qualified)) {
      const names = this.columnNames(positional[1] ?? keywords.get('schema'), env);
      return names ? this.newFrame(names, node, true) : undefined;
    }

    // merges / concatenation
    if (qualified && /^(pandas|polars)\.(merge|concat)$/.test(qualified)) {
      const parts: FrameValue[] = [];
      const first = positional[0];
      if (first?.type === 'list' || first?.type === 'tuple') {
        for (const el of first.namedChildren) {
          const v = el ? this.eval(el, env) : undefined;
          if (v?.kind === 'frame') parts.push(v);
        }
      } else for (const a of positional.slice(0, 2)) {
        const v = this.eval(a, env);
        if (v?.kind === 'frame') parts.push(v);
      }
      return parts.length ? this.merged(parts, node) : undefined;
    }
    if (qualified && /^pandas\.get_dummies$/.test(qualified)) {
      // `columns=[...]` names columns the input certainly has
      const v = positional[0] ?? keywords.get('data') ? this.eval((positional[0] ?? keywords.get('data'))!, env) : undefined;
      const named = this.columnNames(keywords.get('columns'), env) ?? [];
      // dummies of one column (`get_dummies(apps["nationality"], prefix="nat")`) encode that column
      if (v?.kind === 'series') {
        const sel = this.select(undefined, [{ value: v.column.name, node: v.column.origin }]);
        return { ...sel, columns: new Map([[v.column.name, v.column]]) };
      }
      if (v?.kind !== 'frame') return named.length ? { ...this.select(undefined, named), open: true } : undefined;
      const columns = new Map(v.columns);
      for (const n of named) if (!columns.has(n.value) && !v.removed.has(n.value)) columns.set(n.value, { name: n.value, sourceName: n.value, origin: n.node });
      return { ...v, columns };
    }
    // `np.hstack([X_num, age_col])`, `np.column_stack((a, b))`: the parts' columns side by side
    if (qualified && /^numpy\.(hstack|column_stack)$/.test(qualified) && positional[0] && ['list', 'tuple'].includes(positional[0].type)) {
      return this.stacked(positional[0].namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment'), env);
    }
    if (qualified && /^(numpy\.(array|asarray|hstack|column_stack|float32|float64|log|log1p|log2|log10|sqrt|exp|abs|clip|nan_to_num|sign|square|round|where|ascontiguousarray)|torch\.(tensor|from_numpy|Tensor|FloatTensor)|tensorflow\.(convert_to_tensor|constant)|scipy\.sparse\.csr_matrix)$/.test(qualified)) {
      const v = positional[0] ? this.eval(positional[0], env) : undefined;
      return v?.kind === 'frame' ? { ...v, dataframe: false } : undefined;
    }
    if (qualified && /(^|\.)train_test_split$/.test(qualified)) {
      const items: (Value | undefined)[] = [];
      for (const a of positional) {
        const v = this.eval(a, env);
        items.push(v, v);
      }
      return { kind: 'tuple', items };
    }
    // training-data containers: the matrix goes through unchanged
    const container = qualified ? TRAINING_CONTAINERS.get(qualified) : undefined;
    if (container) {
      const data = slotArgument(container, positional, keywords);
      const v = data ? this.eval(data, env) : undefined;
      if (v?.kind === 'frame') return { ...v, dataframe: false, container: v.container ?? node };
      if (v?.kind === 'tuple') {
        const f = v.items.find((i): i is FrameValue => i?.kind === 'frame');
        if (f) return { ...f, dataframe: false, container: f.container ?? node };
      }
      return undefined;
    }

    // sm.GLM(y, X) / sm.OLS(y, X): a model over the columns of X, trained by a later `.fit()`
    if (qualified && STATSMODELS_MODELS.test(qualified)) {
      const exog = keywords.get('exog') ?? positional[1];
      const x = exog ? this.eval(exog, env) : undefined;
      if (x?.kind === 'frame') return { kind: 'model', columns: [...x.columns.values()], passthrough: false, numericSelector: false };
    }
    if (qualified && /^statsmodels\.(api|tools\.tools|tools)\.add_constant$/.test(qualified) && positional[0]) return this.eval(positional[0], env);
    if (qualified && /^statsmodels\.formula\.api\.(ols|logit|glm|probit|poisson|mnlogit|mixedlm|gee|wls|quantreg|negativebinomial)$/.test(qualified)) {
      const f = positional[0] ?? keywords.get('formula');
      const text = f ? (stringValue(f) ?? (this.eval(f, env) as StringValue | undefined)?.value) : undefined;
      if (!f || typeof text !== 'string' || !text.includes('~')) return undefined;
      const rhs = text.slice(text.indexOf('~') + 1);
      const columns: ColumnFact[] = [];
      for (const m of rhs.matchAll(/Q\(\s*["']([^"']+)["']\s*\)|([A-Za-z_]\w*)(\s*\()?/g)) {
        const name = m[1] ?? (m[3] ? undefined : m[2]);
        if (!name || ['np', 'C', 'I', 'Q', 'log', 'exp', 'center', 'standardize', 'bs', 'cr', 'Treatment', 'Sum', 'Diff', 'Poly'].includes(name)) continue;
        if (!columns.some((c) => c.name === name)) columns.push({ name, sourceName: name, origin: f });
      }
      return { kind: 'model', columns, passthrough: false, numericSelector: false };
    }
    // hyper-parameter search over a feature-selecting estimator trains what the estimator trains on
    if (qualified && MODEL_SEARCH.test(qualified)) {
      const est = keywords.get('estimator') ?? positional[0];
      const v = est ? this.eval(est, env) : undefined;
      if (v?.kind === 'model') return v;
    }
    // (a same-file `def make_pipeline(cfg)` is that function, not sklearn's: it is followed below)
    if (qualified && /(^|\.)(ColumnTransformer|make_column_transformer|VectorAssembler|Pipeline|make_pipeline)$/.test(qualified) && !this.localFunction(fn)) {
      return this.modelValue(qualified, positional, keywords, env);
    }

    // `Trainer(CONFIG)`: the same-file class's __init__ sees its arguments (self.cfg = cfg)
    if (fn.type === 'identifier' && this.classBodies.has(fn.text)) {
      const init = this.functions.get(`${fn.text}.__init__`);
      if (init) {
        const kw = new Map<string, Value | undefined>();
        for (const [k, v] of keywords) kw.set(k, this.eval(v, env));
        const dataset = this.isDatasetClass(fn.text);
        const stored = this.callFunction(`${fn.text}.__init__`, init, 1, positional.map((a) => this.eval(a, env)), kw, { positional, keywords, site: node }, dataset);
        if (dataset) return stored;
        return this.instanceValue(fn.text);
      }
      // a dataclass / pydantic model: keyword arguments replace the field defaults
      const instance = this.instanceValue(fn.text);
      if (!keywords.size) return instance;
      const entries = new Map(instance?.entries ?? []);
      for (const [k, v] of keywords) entries.set(k, this.eval(v, env));
      return { kind: 'dict', entries };
    }

    // same-file functions
    const local = this.localFunction(fn);
    if (local) {
      const kw = new Map<string, Value | undefined>();
      for (const [k, v] of keywords) kw.set(k, this.eval(v, env));
      return this.callFunction(local.name, local.fn, local.offset, positional.map((a) => this.eval(a, env)), kw, { positional, keywords, site: node });
    }

    // methods on values
    if (fn.type === 'attribute') {
      const obj = fn.childForFieldName('object')!;
      const base = this.eval(obj, env);
      if (base?.kind === 'frame') return this.frameMethod(base, method, node, env);
      if (base?.kind === 'model' && ['transform', 'fit_transform'].includes(method) && positional[0]) {
        const x = this.eval(positional[0], env);
        return x?.kind === 'frame' ? modelFeatures(base, x) : undefined;
      }
      // a Spark ML model's transform (`champion.transform(test)`, loaded or fitted) keeps every
      // input column and adds its outputs (prediction, probability)
      if (base === undefined && method === 'transform' && positional.length === 1) {
        const x = this.eval(positional[0], env);
        if (x?.kind === 'frame' && x.spark) return { ...x, open: true };
      }
      if (base?.kind === 'series') {
        if (['copy', 'astype', 'fillna', 'str', 'lower', 'upper', 'strip', 'head', 'tail', 'tolist', 'to_list', 'to_numpy', 'unique', 'values', 'dropna', 'sample', 'iloc', 'item'].includes(method)) return base;
        if (['apply', 'map', 'transform'].includes(method) && this.isMaskingExpr(node, env)) return { kind: 'masked', node };
        return undefined;
      }
      if (base?.kind === 'columns' && ['copy', 'tolist', 'to_list'].includes(method)) return base;
      if (obj.type === 'attribute' && obj.childForFieldName('attribute')?.text === 'columns') {
        // df.columns.drop([...]) / df.columns.difference([...]) / df.columns.tolist()
        const frame = this.eval(obj.childForFieldName('object')!, env);
        if (frame?.kind !== 'frame') return undefined;
        if (['drop', 'difference'].includes(method)) {
          const names = this.columnNames(positional[0], env);
          return names ? { kind: 'columns', items: [], base: frame, excluded: new Set(names.map((n) => n.value)) } : undefined;
        }
        if (['tolist', 'to_list', 'copy'].includes(method)) return { kind: 'columns', items: [], base: frame, excluded: new Set() };
        return undefined;
      }
      if (['transform', 'fit_transform'].includes(method) && positional[0]) {
        const v = this.eval(positional[0], env);
        if (v?.kind === 'frame') return { ...v, dataframe: false };
      }
      if ((method === 'merge' || method === 'join') && positional[0]) {
        // unknown left side: the result has at least the right side's columns
        const other = this.eval(positional[0], env);
        return other?.kind === 'frame' && !other.row ? { ...other, open: true, selected: false } : undefined;
      }
    }
    // `dict(DEFAULT_CFG)`, `copy.deepcopy(cfg)`, `cfg.copy()`: the same configuration
    if (positional[0] && positional.length === 1 && ((fn.type === 'identifier' && fn.text === 'dict') || (qualified && /^copy\.(deepcopy|copy)$/.test(qualified)))) {
      const v = this.eval(positional[0], env);
      if (v?.kind === 'dict' || qualified?.startsWith('copy.')) return v;
    }
    if (fn.type === 'attribute' && method === 'copy' && positional.length === 0) {
      const v = this.eval(fn.childForFieldName('object')!, env);
      if (v?.kind === 'dict') return v;
    }
    if (fn.type === 'identifier' && ['list', 'set', 'sorted', 'tuple', 'frozenset'].includes(fn.text) && positional[0]) {
      const p = positional[0];
      if (p.type === 'attribute' && p.childForFieldName('attribute')?.text === 'columns') {
        const frame = this.eval(p.childForFieldName('object')!, env);
        if (frame?.kind === 'frame') return { kind: 'columns', items: [], base: frame, excluded: new Set() };
      }
      const v = this.eval(p, env);
      return v?.kind === 'columns' ? v : undefined;
    }
    // `blob.upload_from_string(df.to_csv(index=False))`, `put_object(Body=df.to_json())`: an export
    // rendered in memory and handed to an unknown call is still an export of the frame. An S3
    // upload's body is PII005's: it judges the upload with its encryption settings.
    if (fn.type === 'attribute' && S3_UPLOADS[method] && keywords.has('Body')) return undefined;
    for (const a of [...positional, ...keywords.values()]) {
      const f = a.type === 'call' ? a.childForFieldName('function') : undefined;
      if (f?.type === 'attribute' && IN_MEMORY_EXPORTS.has(f.childForFieldName('attribute')?.text ?? '')) this.eval(a, env);
    }
    return undefined;
  }

  private localFunction(fn: SyntaxNode): { name: string; fn: SyntaxNode; offset: number } | undefined {
    if (fn.type === 'identifier') {
      const f = this.functions.get(fn.text);
      return f ? { name: fn.text, fn: f, offset: 0 } : undefined;
    }
    if (fn.type === 'attribute' && ['self', 'cls'].includes(fn.childForFieldName('object')?.text ?? '')) {
      // String(): a missing attribute looked for `.undefined`, as the scan this index replaced did.
      const key = this.methodByName.get(String(fn.childForFieldName('attribute')?.text));
      const f = key === undefined ? undefined : this.functions.get(key);
      if (key !== undefined && f) return { name: key, fn: f, offset: 1 };
    }
    return undefined;
  }

  private newFrame(items: { value: string; node: SyntaxNode }[], node: SyntaxNode, spark: boolean, load?: SyntaxNode): FrameValue {
    const columns = new Map<string, ColumnFact>();
    for (const i of items) columns.set(i.value, { name: i.value, sourceName: i.value, origin: i.node });
    return { kind: 'frame', columns, open: false, removed: new Set(), dataframe: true, spark, root: node.id, load };
  }

  private load(
    node: SyntaxNode,
    fn: SyntaxNode,
    qualified: string | undefined,
    method: string,
    positional: SyntaxNode[],
    keywords: Map<string, SyntaxNode>,
    env: Env,
  ): FrameValue | undefined {
    let spark = false;
    let sqlNode: SyntaxNode | undefined;
    let sourceNode: SyntaxNode | undefined;
    let columnsNode: SyntaxNode | undefined;
    if (qualified && READ_METHODS.has(method) && FRAME_LIBS.test(qualified)) {
      if (/read_sql|read_gbq|read_database/.test(method)) sqlNode = positional[0] ?? keywords.get('sql') ?? keywords.get('query');
      else sourceNode = positional[0] ?? keywords.get('filepath_or_buffer') ?? keywords.get('path') ?? keywords.get('source') ?? keywords.get('io');
      if (method === 'read_sql_table') {
        sourceNode = sqlNode;
        sqlNode = undefined;
      }
      columnsNode = keywords.get('usecols') ?? keywords.get('columns') ?? keywords.get('names');
    } else if (qualified && DATASET_LOADERS.test(qualified)) {
      sourceNode = keywords.get('data_files') ?? positional[0] ?? keywords.get('path');
    } else if (fn.type === 'attribute' && SPARK_READ_METHODS.has(method) && /(^|\.)read(Stream)?\b/.test(fn.text)) {
      spark = true;
      sourceNode = positional[0] ?? keywords.get('path');
      // spark.read.format("jdbc").option("query", "SELECT ...") / .option("dbtable", "(SELECT ...) t")
      for (let cur: SyntaxNode | null = fn.childForFieldName('object'); cur; ) {
        if (cur.type === 'call') {
          const f = cur.childForFieldName('function');
          const a = cur.childForFieldName('arguments')?.namedChildren.filter((x): x is SyntaxNode => !!x && x.type !== 'comment') ?? [];
          if (f?.type === 'attribute' && f.childForFieldName('attribute')?.text === 'option' && ['query', 'dbtable'].includes(stringValue(a[0]) ?? '')) {
            // the query may be a variable or a parameter (`.option("query", query)` in a reader helper)
            const literal = a[1] ? stringValue(a[1]) : undefined;
            const known = a[1] && literal === undefined ? this.eval(a[1], env) : undefined;
            const v = literal ?? (known?.kind === 'string' ? known.value : undefined);
            if (v && /\bselect\b/i.test(v)) sqlNode = a[1];
            else if (v && !sourceNode) sourceNode = a[1];
          }
          cur = f?.type === 'attribute' ? f.childForFieldName('object') : null;
        } else if (cur.type === 'attribute') cur = cur.childForFieldName('object');
        else break;
      }
      if (method === 'jdbc') {
        const table = keywords.get('table') ?? positional[1];
        const t = table ? stringValue(table) : undefined;
        if (t && /^\s*\(?\s*select\b/i.test(t)) sqlNode = table;
        else sourceNode = table;
      }
    } else if (fn.type === 'attribute' && (method === 'sql' || method === 'table') && /spark|session|sql_?context|hive|sqlctx/i.test(fn.childForFieldName('object')?.text ?? '')) {
      spark = true;
      if (method === 'sql') sqlNode = positional[0] ?? keywords.get('sqlQuery');
      else sourceNode = positional[0];
    } else if (fn.type === 'attribute' && ['get_pandas_df', 'get_df', 'get_polars_df'].includes(method) && (positional[0] ?? keywords.get('sql'))) {
      // Airflow database hooks: `PostgresHook(...).get_pandas_df("SELECT ...", parameters=[ds])`
      sqlNode = positional[0] ?? keywords.get('sql');
    } else if (fn.type === 'attribute' && ['to_dataframe', 'df', 'fetch_df', 'fetchdf', 'pl', 'to_pandas', 'fetch_pandas_all', 'as_pandas'].includes(method)) {
      // BigQuery `client.query(sql).to_dataframe()`, DuckDB `con.execute(sql).df()`, Snowflake `cur.execute(sql).fetch_pandas_all()`
      for (let cur: SyntaxNode | null = fn.childForFieldName('object'); cur; ) {
        if (cur.type === 'call') {
          const f = cur.childForFieldName('function');
          const m = f?.type === 'attribute' ? f.childForFieldName('attribute')?.text : f?.text;
          const first = cur.childForFieldName('arguments')?.namedChildren.find((a) => a?.type !== 'keyword_argument' && a?.type !== 'comment');
          if (m && ['query', 'execute', 'sql', 'run_query', 'raw_sql'].includes(m.split('.').pop() ?? '') && first) {
            sqlNode = first;
            break;
          }
          cur = f?.type === 'attribute' ? f.childForFieldName('object') : null;
        } else if (cur.type === 'attribute') cur = cur.childForFieldName('object');
        else break;
      }
      if (!sqlNode) return undefined;
    } else return undefined;
    // sqlalchemy.text("SELECT ...")
    if (sqlNode?.type === 'call' && /(^|\.)text$/.test(sqlNode.childForFieldName('function')?.text ?? '')) {
      sqlNode = sqlNode.childForFieldName('arguments')?.namedChildren.find((a) => !!a && a.type !== 'comment') ?? sqlNode;
    }

    let sql: string | undefined;
    let items: { value: string; node: SyntaxNode }[] | undefined;
    let open = true;
    if (sqlNode) {
      const v = this.eval(sqlNode, env);
      sql = v?.kind === 'string' ? v.value : stringValue(sqlNode) ?? fstringText(sqlNode);
      const parsed = sql ? parseSelectColumns(sql) : undefined;
      const anchor = v?.kind === 'string' ? v.node : sqlNode;
      if (parsed) {
        items = parsed.columns.map((value) => ({ value, node: anchor }));
        open = parsed.star;
      }
      if (!sourceNode) sourceNode = undefined;
    }
    if (columnsNode) {
      const names = this.columnNames(columnsNode, env);
      if (names) {
        items = names;
        open = false;
      }
    }
    if (sourceNode && stringValue(sourceNode) === undefined) {
      const v = this.eval(sourceNode, env);
      if (v?.kind === 'string') sourceNode = v.node;
    }
    const columns = new Map<string, ColumnFact>();
    const frame: FrameValue = {
      kind: 'frame',
      columns,
      open,
      removed: new Set(),
      dataframe: true,
      spark,
      root: node.id,
      load: node,
    };
    for (const i of items ?? []) {
      columns.set(i.value, { name: i.value, sourceName: i.value, origin: i.node });
      this.see(i.value, i.node);
    }
    const seeded: FrameValue = open ? { ...frame, columns: this.seedColumns(node.id, frame.columns) } : frame;
    if (this.recording || !this.loads.has(node.id)) {
      let stmt = node;
      while (stmt.parent && stmt.parent.type !== 'block' && stmt.parent.type !== 'module') stmt = stmt.parent;
      let scope: SyntaxNode | undefined;
      for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition') {
        scope = p;
        break;
      }
      this.loads.set(node.id, { call: node, statement: stmt, scope, frame: seeded, source: sourceNode, sql, requested: new Set((items ?? []).map((i) => i.value)) });
    }
    return seeded;
  }

  frameMethod(base: FrameValue, method: string, call: SyntaxNode, env: Env): Value | undefined {
    const { positional, keywords } = this.args(call);
    switch (method) {
      case 'randomSplit': {
        // `train, test = df.randomSplit([0.8, 0.2])`: each part has the frame's columns
        const weights = positional[0] ?? keywords.get('weights');
        const n = weights?.type === 'list' || weights?.type === 'tuple' ? weights.namedChildren.filter((c) => !!c && c.type !== 'comment').length : 0;
        return n > 0 && n <= 16 ? { kind: 'tuple', items: Array.from({ length: n }, () => base) } : undefined;
      }
      case 'drop': {
        const colsKw = keywords.get('columns');
        const axis = keywords.get('axis')?.text;
        let names: { value: string; node: SyntaxNode }[] | undefined;
        if (colsKw) names = this.columnNames(colsKw, env);
        else if (axis === '1' || axis === '"columns"' || axis === "'columns'") names = this.columnNames(positional[0] ?? keywords.get('labels'), env);
        else if (base.spark || (!axis && positional.length > 0 && positional.every((p) => stringValue(p) !== undefined) && !base.dataframe)) {
          names = positional.flatMap((p) => this.columnNames(p, env) ?? []);
        } else if (base.spark === false && positional.length && !axis && keywords.size === 0) {
          // polars drop("a", "b") / drop(["a"]) also drops columns
          const lib = this.frameLib(base);
          if (lib === 'polars') names = positional.flatMap((p) => this.columnNames(p, env) ?? []);
        }
        if (!names) return base;
        return this.without(base, names.map((n) => n.value), call);
      }
      case 'select_dtypes': {
        const inc = (keywords.get('include') ?? positional[0])?.text ?? '';
        const exc = keywords.get('exclude')?.text ?? '';
        const numeric = /number|float|int|bool/.test(inc) || /object|str|category/.test(exc);
        if (!numeric) return base;
        const keep = [...base.columns.keys()].filter((c) => NUMERIC_HINT.test(c));
        const removed = [...base.columns.keys()].filter((c) => !keep.includes(c));
        return this.without(base, removed);
      }
      case 'rename':
      case 'withColumnRenamed': {
        const map = new Map<string, string>();
        if (method === 'withColumnRenamed') {
          const a = stringValue(positional[0]);
          const b = stringValue(positional[1]);
          if (a !== undefined && b !== undefined) map.set(a, b);
        } else {
          const dict = keywords.get('columns') ?? (keywords.get('axis') ? positional[0] : undefined);
          if (dict?.type === 'dictionary') {
            for (const pair of dict.namedChildren) {
              if (pair?.type !== 'pair') continue;
              const a = stringValue(pair.childForFieldName('key'));
              const b = stringValue(pair.childForFieldName('value'));
              if (a !== undefined && b !== undefined) map.set(a, b);
            }
          }
        }
        return map.size ? this.renamed(base, map, call) : base;
      }
      case 'add_prefix':
      case 'add_suffix': {
        // `X.add_prefix("woe_")`: every known column, renamed
        const affix = stringValue(positional[0] ?? keywords.get(method === 'add_prefix' ? 'prefix' : 'suffix'));
        if (affix === undefined) return base;
        const map = new Map([...base.columns.keys()].map((k) => [k, method === 'add_prefix' ? affix + k : k + affix] as [string, string]));
        return this.renamed(base, map, call);
      }
      case 'filter': {
        const items = keywords.get('items');
        if (items) {
          const names = this.columnNames(items, env);
          return names ? this.select(base, names) : base;
        }
        return base;
      }
      case 'select_columns': {
        // Hugging Face datasets
        const names = this.columnNames(positional[0] ?? keywords.get('column_names'), env);
        return names ? this.select(base, names) : base;
      }
      case 'remove_columns': {
        const names = this.columnNames(positional[0] ?? keywords.get('column_names'), env);
        return names ? this.without(base, names.map((n) => n.value), call) : base;
      }
      case 'select':
      case 'selectExpr': {
        const items: { value: string; node: SyntaxNode }[] = [];
        const masked = new Map<string, SyntaxNode>();
        const hashed = new Map<string, { digest: SyntaxNode; from: string[] }>();
        let star = false;
        const addExpr = (p: SyntaxNode): void => {
          const s = stringValue(p);
          if (s !== undefined) {
            if (s === '*') star = true;
            else {
              const alias = /\s+as\s+(\w+)\s*$/i.exec(s);
              items.push({ value: alias ? alias[1] : s.trim(), node: p });
              if (isMaskingName(s.split('(')[0] ?? '')) masked.set(alias ? alias[1] : s, p);
            }
            return;
          }
          const list = this.columnNames(p, env);
          if (list && p.type !== 'call') {
            items.push(...list);
            return;
          }
          const col = sparkColumn(p);
          if (col) {
            items.push({ value: col.name, node: p });
            if (this.isMaskingExpr(p, env)) masked.set(col.name, p);
            else {
              // `F.sha2(F.col("card_number"), 256).alias("card_h")`: the card number, digested without a key
              const digest = this.unkeyedDigestIn(p);
              const from = digest ? referencedColumns(p).filter((n) => n !== col.name) : [];
              if (digest && from.length) hashed.set(col.name, { digest, from });
            }
          }
        };
        // polars `select(pl.exclude([...]))` / `select(pl.all())`: every column but the excluded ones
        const polarsAll = positional.length === 1 ? this.polarsAllBut(positional[0], env) : undefined;
        if (polarsAll) return this.without(base, polarsAll, call);
        // every argument in order, a known `*out_cols` included (positional leaves starred ones out)
        for (const p of call.childForFieldName('arguments')?.namedChildren ?? []) {
          if (p && (positional.includes(p) || (p.type === 'list_splat' && this.columnNames(p, env)))) addExpr(p);
        }
        if (star) return base;
        const sel = this.select(base, items);
        const columns = new Map(sel.columns);
        for (const [k, n] of masked) {
          const c = columns.get(k);
          if (c) columns.set(k, { ...c, masked: n });
        }
        for (const [k, h] of hashed) {
          const c = columns.get(k);
          const sources = h.from.map((f) => base.columns.get(f)?.sourceName ?? f);
          if (c) columns.set(k, { ...c, unkeyedHash: h.digest, derivedFrom: sources });
        }
        return { ...sel, columns };
      }
      case 'withColumn':
      case 'with_column': {
        const name = stringValue(positional[0]);
        if (name === undefined) return base;
        const columns = new Map(base.columns);
        columns.set(name, this.computedColumn(name, positional[1], columns.get(name), call, env));
        return { ...base, columns };
      }
      case 'with_columns': {
        // polars: each expression names its output (`pl.col("a").alias("b")`, `b=expr`)
        const items: [string, SyntaxNode][] = [];
        for (const p of positional) {
          for (const e of p.type === 'list' ? p.namedChildren : [p]) {
            const name = e ? expressionOutputName(e) : undefined;
            if (e && name !== undefined) items.push([name, e]);
          }
        }
        for (const [k, v] of keywords) items.push([k, v]);
        if (!items.length) return base;
        const columns = new Map(base.columns);
        for (const [name, expr] of items) columns.set(name, this.computedColumn(name, expr, columns.get(name), call, env));
        return { ...base, columns };
      }
      case 'assign': {
        const columns = new Map(base.columns);
        for (const [k, v] of keywords) {
          const masking = this.isMaskingExpr(v, env);
          const prev = columns.get(k);
          // `assign(has_disability=(emp["disability_status"] != "none").astype(int))` derives from that column
          const from = masking ? undefined : this.eval(v, env);
          const derivedFrom = from?.kind === 'series' && !from.column.masked && from.column.name !== k ? [from.column.sourceName, ...(from.column.derivedFrom ?? [])] : undefined;
          columns.set(k, masking ? { ...(prev ?? { name: k, sourceName: k, origin: v }), masked: v } : { name: k, sourceName: k, origin: prev?.origin ?? v, ...(derivedFrom ? { derivedFrom } : {}) });
        }
        return { ...base, columns };
      }
      case 'merge':
      case 'join': {
        const other = positional[0] ? this.eval(positional[0], env) : undefined;
        return other?.kind === 'frame' ? this.merged([base, other], call) : { ...base, open: true };
      }
      case 'groupby':
      case 'groupBy':
      case 'group_by': {
        const keys = this.columnNames(positional[0] ?? keywords.get('by'), env) ?? [];
        return this.select(base, keys);
      }
      case 'agg':
      case 'aggregate': {
        // named aggregation after a groupby: `agg(device_id=("device_id", "first"), n=("event", "size"))`.
        // first/last/min/max/mean keep the values' meaning (one device ID, one location per group);
        // counts and sums are new numbers, judged by their own name
        if (!keywords.size) return undefined;
        const columns = new Map(base.columns);
        for (const [k, v] of keywords) {
          const parts = v.type === 'tuple' ? v.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment') : [];
          const src = stringValue(parts[0]);
          const fn = stringValue(parts[1]) ?? parts[1]?.text.split('.').pop() ?? '';
          if (src === undefined) return undefined;
          const keeps = !COUNTING_AGGREGATES.has(fn);
          columns.set(k, { name: k, sourceName: keeps ? src : k, origin: v });
        }
        return { ...base, columns, open: false, selected: true };
      }
      case 'pipe': {
        const f = positional[0];
        const local = f?.type === 'identifier' ? this.functions.get(f.text) : undefined;
        if (local && f) {
          const kw = new Map<string, Value | undefined>();
          for (const [k, v] of keywords) kw.set(k, this.eval(v, env));
          return this.callFunction(f.text, local, 0, [base, ...positional.slice(1).map((a) => this.eval(a, env))], kw) ?? base;
        }
        return base;
      }
      case 'iterrows':
      case 'itertuples':
        return undefined;
      default: {
        if (PASS_METHODS.has(method)) return base;
        if (ARRAY_METHODS.has(method)) return { ...base, dataframe: false };
        if (['pop'].includes(method)) {
          const col = stringValue(positional[0]);
          return col ? this.seriesOf(base, col, positional[0]) : undefined;
        }
        if (method === 'get') {
          const col = stringValue(positional[0]);
          return col ? this.seriesOf(base, col, positional[0]) : undefined;
        }
        const toFileOnly = ['to_html', 'to_latex', 'to_markdown'].includes(method) && (positional.length > 0 || keywords.has('buf'));
        if (toFileOnly || ['to_csv', 'to_parquet', 'to_json', 'to_excel', 'to_sql', 'to_pickle', 'to_feather', 'to_hdf', 'to_orc', 'to_xml', 'to_stata', 'write_csv', 'write_parquet', 'write_json', 'write_excel', 'write_database', 'write_ndjson', 'write_delta', 'write_avro', 'to_gbq', 'to_delta', 'push_to_hub', 'save_to_disk'].includes(method)) {
          this.recordWrite(call, base, positional[0] ?? keywords.get('path') ?? keywords.get('repo_id') ?? keywords.get('dataset_path') ?? keywords.get('path_or_buf') ?? keywords.get('buf') ?? keywords.get('name') ?? keywords.get('file'), env);
        }
        return undefined;
      }
    }
  }

  private frameLib(base: FrameValue): string | undefined {
    const load = base.load;
    if (!load) return undefined;
    const fn = load.childForFieldName('function');
    const q = fn ? this.imports.resolveNode(fn) : undefined;
    return q?.split('.')[0];
  }

  recordWrite(call: SyntaxNode, frame: FrameValue, pathNode: SyntaxNode | undefined, env: Env): void {
    if (!this.recording) return;
    let path: string | undefined;
    if (pathNode) {
      const v = stringValue(pathNode) !== undefined ? stringValue(pathNode) : undefined;
      if (v !== undefined) path = v;
      else {
        const e = this.eval(pathNode, env);
        if (e?.kind === 'string') path = e.value;
      }
    }
    this.writes.push({ call, frame, path });
  }
}

/** A short description of a value's shape, for the inlining cache. */
function signature(v: Value | undefined): string {
  if (!v) return '-';
  switch (v.kind) {
    case 'frame':
      return `F${v.open ? 'o' : 'c'}${v.row ? 'r' : ''}${v.spark ? 's' : ''}${v.dataframe ? 'd' : ''}${v.root ?? ''}:${[...v.columns.values()].map((c) => `${c.name}<${c.sourceName}${c.masked ? '#' : ''}${c.assumed ? '?' : ''}`).join(',')}/${[...v.removed].join(',')}`;
    case 'series':
      return `S${v.column.sourceName}${v.column.masked ? '#' : ''}`;
    case 'columns':
      return `L${v.items.map((i) => i.value).join(',')}${v.base ? `/${signature(v.base)}` : ''}${v.records ? 'r' : ''}`;
    case 'string':
      return `s${v.value.length}`;
    case 'dict':
      // configuration instances differ by their entries (`TrainConfig()` vs `TrainConfig(features=BLIND)`)
      return `D{${[...v.entries].map(([k, e]) => `${k}=${signature(e)}`).join(';')}}`;
    default:
      return v.kind;
  }
}
