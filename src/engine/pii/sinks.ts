// Sinks shared by the PII and FAIR rules: where a feature matrix reaches model training, where a
// value reaches a log line or print, where a value reaches experiment tracking; and which
// personal-data columns / values are involved. Built on the DataFrame facts.
import type { SyntaxNode } from '../parser';
import type { CallFact, FileFacts } from '../facts';
import { dottedName, stringList, stringValue, walk } from '../ast';
import type { MlguardConfig } from '../config';
import { dataframeFacts, modelFeatures, type ColumnFact, type FrameValue, type Value } from '../facts/dataframes';
import { maskingCall } from '../models/masking';
import { LOADER_TRAINER_FIT, LOADER_TRAINERS, LOOP_DATA_SOURCES, TRAINING_CONTAINERS, TRAINING_FUNCTIONS, TRAINING_LOOP_METHODS, slotArgument } from '../models/training';
import { constructedNames } from '../constructed-objects';
import { liftHelperSinks } from './caller-sinks';
import { dumpedFields } from './record-classes';
import { classReported, classifyPii, classifyProtected, tokenize, type PiiMatch, type PiiSink, type ProtectedMatch } from './names';

export interface TrainingSink {
  call: CallFact;
  /** The argument holding the feature matrix (or the inputCols list). */
  arg: SyntaxNode;
  /** Columns known to reach training (masked ones included; callers filter). */
  columns: ColumnFact[];
  /** The frame value, when the features came as a DataFrame/array. */
  frame?: FrameValue;
}

/** Estimator receivers that transform data rather than train a model. */
const TRANSFORMER_RECEIVER = /(scaler|encoder|imputer|vectori[sz]er|tokeni[sz]er|transformer|pca|svd|normali[sz]er|binari[sz]er|discreti[sz]er|^le$|^ohe$|^enc$|^(le|ohe|enc)_|_(le|ohe|enc)$|^sc$|^ss$|^mm$|label_?enc|one_?hot|preprocess|selector|kbins|poly|tfidf|countvec|lda_topic|umap|tsne|explainer)/i;

const CV = /(^|\.)(cross_val_score|cross_validate|cross_val_predict|learning_curve|validation_curve|permutation_test_score)$/;
const STATSMODELS = /^statsmodels\.(api|discrete\.discrete_model|regression\.linear_model)\.(OLS|Logit|Probit|GLM|WLS|MNLogit|Poisson)$/;

function frameColumns(v: Value | undefined): { columns: ColumnFact[]; frame?: FrameValue } | undefined {
  if (v?.kind === 'frame' && !v.row) return { columns: [...v.columns.values()], frame: v };
  return undefined;
}

/** Every call in the file where a feature matrix reaches model training. */
export function trainingSinks(facts: FileFacts): TrainingSink[] {
  return facts.memo('pii.trainingSinks', () => {
    const df = dataframeFacts(facts);
    const out: TrainingSink[] = [];
    const valueAt = (n: SyntaxNode): Value | undefined => df.valueAt(n);
    for (const call of facts.calls) {
      const sink = sinkOf(facts, call, valueAt);
      if (sink) out.push(sink);
    }
    // a hand-written loop (`loss.backward()`): the tensors built from frames in its scope are the training data
    for (const scope of loopScopes(facts)) {
      for (const call of facts.callsInScope(scope)) {
        const data = LOOP_DATA_SOURCES.get(call.qualified ?? '');
        const sink = data ? frameSink(call, slotArgument(data, call.args, call.kwargs), valueAt) : undefined;
        if (sink) out.push(sink);
      }
    }
    // a sink inside a same-file helper, as each caller's arguments make it
    const atSite = (sink: TrainingSink, site: CallFact): TrainingSink | undefined | null => {
      let unfollowed = false;
      const valueAtSite = (n: SyntaxNode): Value | undefined => {
        const v = df.valueAtSite(n, site.node);
        if (v === null) unfollowed = true;
        return v ?? undefined;
      };
      const again = LOOP_DATA_SOURCES.has(sink.call.qualified ?? '') ? frameSink(sink.call, sink.arg, valueAtSite) : sinkOf(facts, sink.call, valueAtSite);
      return unfollowed ? null : again;
    };
    return liftHelperSinks(facts, df, out, atSite);
  });
}

function frameSink(call: CallFact, arg: SyntaxNode | undefined, valueOf: (n: SyntaxNode) => Value | undefined): TrainingSink | undefined {
  if (!arg) return undefined;
  const fc = frameColumns(valueOf(arg));
  return fc ? { call, arg, columns: fc.columns, frame: fc.frame } : undefined;
}

/** The training sink a call is, with values read through `valueOf` (one environment or one caller's). */
function sinkOf(facts: FileFacts, call: CallFact, valueOf: (n: SyntaxNode) => Value | undefined): TrainingSink | undefined {
  const q = call.qualified ?? '';
  const m = call.method ?? '';
  // a DMatrix / lgb.Dataset / Pool carries the matrix to the call that trains on it
  // (xgb.train, lgb.train, CatBoost fit): that call is the sink, not the container
  if (TRAINING_CONTAINERS.has(q)) return undefined;
  const trains = TRAINING_FUNCTIONS.get(q);
  if (trains) return frameSink(call, slotArgument(trains, call.args, call.kwargs), valueOf);
  if (CV.test(q)) return frameSink(call, call.kwargs.get('X') ?? call.args[1], valueOf);
  if (STATSMODELS.test(q)) {
    // `glm = sm.GLM(y, X)`: the later `glm.fit()` is where the model trains (a model value)
    if (call.node.parent?.type === 'assignment') return undefined;
    return frameSink(call, call.kwargs.get('exog') ?? call.args[1], valueOf);
  }
  if (/(^|\.)(Trainer|SFTTrainer|Seq2SeqTrainer)$/.test(q)) return frameSink(trainCallOf(facts, call), call.kwargs.get('train_dataset'), valueOf);
  if (!['fit', 'partial_fit', 'fit_generator', 'fit_resample_noop'].includes(m) || !call.receiver) return undefined;
  const recv = call.receiver.text;
  // `Trainer(cfg).fit(df)` of a same-file class: its own body (analysed) holds the real sink
  if (ownMethodCall(facts, call.receiver, m)) return undefined;
  // the receiver's name (`scaler.fit(X)`); a constructed receiver is judged by its class below, not
  // by its argument text (`Pipeline(stages=[..., scaler, lr]).fit(df)` trains)
  if (call.receiver.type !== 'call' && TRANSFORMER_RECEIVER.test(recv.split('.').pop() ?? recv)) return undefined;
  if (call.receiver.type === 'call') {
    const inner = dottedName(call.receiver.childForFieldName('function')) ?? '';
    if (TRANSFORMER_RECEIVER.test(inner.split('.').pop() ?? '')) return undefined;
    // `sm.Logit(y, X).fit()`: the constructor above is already this training's sink
    if (STATSMODELS.test(facts.imports.resolve(inner))) return undefined;
  }
  // `trainer.fit(model, DataLoader(ds))`: a Lightning trainer trains on its loaders
  if (isLoaderTrainer(facts, call.receiver)) return frameSink(call, slotArgument(LOADER_TRAINER_FIT, call.args, call.kwargs), valueOf);
  const arg = call.kwargs.get('X') ?? call.kwargs.get('x') ?? call.kwargs.get('dataset') ?? call.args[0];
  // a ColumnTransformer / VectorAssembler pipeline / formula trains on its own input columns only
  const model = valueOf(call.receiver);
  if (model?.kind === 'model') {
    const x = arg ? valueOf(arg) : undefined;
    const frame = modelFeatures(model, x?.kind === 'frame' ? x : { kind: 'frame', columns: new Map(), open: true, removed: new Set(), dataframe: true, spark: false });
    return { call, arg: arg ?? call.node, columns: [...frame.columns.values()], frame: { ...frame, dataframe: false } };
  }
  return frameSink(call, arg, valueOf);
}

/** `trainer = Trainer(...)` ... `trainer.train()`: training happens (and reviewers look) at `.train()`. */
function trainCallOf(facts: FileFacts, ctor: CallFact): CallFact {
  const parent = ctor.node.parent;
  const target = parent?.type === 'assignment' && parent.childForFieldName('right')?.id === ctor.node.id ? parent.childForFieldName('left') : undefined;
  if (target?.type !== 'identifier') return ctor;
  const train = facts.callsInScope(ctor.scope).find((c) => c.method === 'train' && c.receiver?.text === target.text && c.node.startIndex > ctor.node.startIndex);
  return train ?? ctor;
}

const LOADER_TRAINER_FACTORY = { key: 'loader-trainers', names: LOADER_TRAINERS };

function isLoaderTrainer(facts: FileFacts, receiver: SyntaxNode): boolean {
  if (receiver.type === 'call') return LOADER_TRAINERS.some((n) => n === facts.imports.resolveNode(receiver.childForFieldName('function')));
  const name = dottedName(receiver);
  return !!name && constructedNames(facts, LOADER_TRAINER_FACTORY).has(name);
}

/** Scopes (functions, or the module as undefined) that run a hand-written training loop. */
function loopScopes(facts: FileFacts): (SyntaxNode | undefined)[] {
  const out = new Map<number, SyntaxNode | undefined>();
  for (const call of facts.calls) if (TRAINING_LOOP_METHODS.has(call.method ?? '') && call.receiver && !call.args.length) out.set(call.scope?.id ?? -1, call.scope);
  return [...out.values()];
}

/** Method names of the classes defined in this file, by class name. */
function fileClassMethods(facts: FileFacts): Map<string, Set<string>> {
  return facts.memo('pii.fileClassMethods', () => {
    const out = new Map<string, Set<string>>();
    for (const f of facts.functions) {
      let p = f.node.parent;
      if (p?.type === 'decorated_definition') p = p.parent;
      const cls = p?.type === 'block' ? p.parent : undefined;
      const name = cls?.type === 'class_definition' ? cls.childForFieldName('name')?.text : undefined;
      if (!name) continue;
      const set = out.get(name) ?? new Set<string>();
      set.add(f.name);
      out.set(name, set);
    }
    return out;
  });
}

/** True when receiver is an instance of a same-file class that defines `method` itself. */
function ownMethodCall(facts: FileFacts, receiver: SyntaxNode, method: string): boolean {
  const classes = fileClassMethods(facts);
  if (!classes.size) return false;
  const classOf = (n: SyntaxNode): string | undefined => (n.type === 'call' && n.childForFieldName('function')?.type === 'identifier' ? n.childForFieldName('function')?.text : undefined);
  let cls = classOf(receiver);
  if (!cls && receiver.type === 'identifier') {
    for (const a of facts.assignments) if (a.left.type === 'identifier' && a.left.text === receiver.text && a.right && classes.has(classOf(a.right) ?? '')) cls = classOf(a.right);
  }
  return !!cls && !!classes.get(cls)?.has(method);
}

export interface ClassifiedColumn {
  column: ColumnFact;
  match: PiiMatch;
}

function contextName(frame: FrameValue | undefined, fallback?: string): string | undefined {
  const load = frame?.load;
  const src = load ? load.text.slice(0, 200) : undefined;
  return [fallback, src].filter(Boolean).join(' ') || undefined;
}

/** True when the match is a finding at this sink under the project's `[tool.mlguard.pii.report]`. */
export function reportedAt(match: PiiMatch | undefined, config: MlguardConfig, sink: PiiSink): match is PiiMatch {
  return !!match && classReported(match.cls, config.pii.report[sink]);
}

/** Personal-data columns reported at `sink` among columns, masked ones excluded. */
export function sensitiveColumns(columns: ColumnFact[], config: MlguardConfig, sink: PiiSink, frame?: FrameValue, context?: string, skip?: (m: PiiMatch) => boolean): ClassifiedColumn[] {
  const out: ClassifiedColumn[] = [];
  const ctxName = contextName(frame, context);
  for (const column of columns) {
    if (column.masked || column.assumed) continue;
    // A renamed bare `name` is qualified by its new name (`rename(columns={"name": "PRODUCT_NAME"})`).
    const context = column.name !== column.sourceName ? [ctxName, column.name].filter(Boolean).join(' ') : ctxName;
    const opts = { extraNames: config.pii.extraNames, allow: config.pii.allow, context };
    if (config.pii.allow.length && !classifyPii(column.name, opts) && classifyPii(column.name, { ...opts, allow: [] })) continue;
    const own = classifyPii(column.sourceName, opts);
    // free text formatted from identifiers (`name + " <" + email + ">"`) carries them
    const match = reportedAt(own, config, sink) ? own : column.derivedFrom?.map((n) => classifyPii(n, opts)).find((m) => reportedAt(m, config, sink));
    if (!reportedAt(match, config, sink) || skip?.(match)) continue;
    const label = column.unkeyedHash
      ? `${match.label}, hashed without a key: an unsalted digest is reversible by dictionary, not pseudonymisation`
      : column.derivedFrom && match !== own
        ? `${match.label}, formatted into free text`
        : match.label;
    out.push({ column, match: label === match.label ? match : { ...match, label } });
  }
  return out;
}

export interface ProtectedColumn {
  column: ColumnFact;
  match: ProtectedMatch;
}

export function protectedColumns(columns: ColumnFact[], config: MlguardConfig): ProtectedColumn[] {
  const out: ProtectedColumn[] = [];
  for (const column of columns) {
    const opts = { extraAttributes: config.fairness.extraAttributes, allow: config.fairness.allow };
    const match =
      classifyProtected(column.sourceName, opts) ??
      (column.name !== column.sourceName ? classifyProtected(column.name, opts) : undefined) ??
      [...(column.derivedFrom ?? []), ...(column.computedFrom ?? [])].map((n) => classifyProtected(n, opts)).find((m) => !!m);
    if (match && !config.fairness.allow.some((a) => tokenize(a).join('_') === tokenize(column.name).join('_'))) out.push({ column, match });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// PII values inside an expression (logging, printing, tracking)

/** Methods and functions that reduce a column to an aggregate: no individual's value shows. */
const AGGREGATES = new Set([
  'mean', 'median', 'sum', 'count', 'nunique', 'std', 'var', 'min', 'max', 'describe',
  'isna', 'isnull', 'notna', 'notnull', 'any', 'all', 'duplicated', 'memory_usage', 'corr', 'cov',
  'quantile', 'hist', 'plot', 'info', 'len', 'agg', 'aggregate', 'size', 'groupby', 'str_len',
  'n_unique', 'null_count', 'approx_count_distinct', 'countDistinct', 'type', 'isinstance', 'id',
  'unique', 'value_counts', 'nunique', 'bool', 'mask', 'redact', 'anonymize', 'anonymise', 'pseudonymize', 'pseudonymise', 'hmac', 'encrypt', 'startswith', 'endswith', 'contains', 'match', 'fullmatch',
  'isdigit', 'isalpha', 'isnumeric', 'between', 'isin', 'eq', 'ne', 'lt', 'gt', 'le', 'ge', 'equals',
]);
/** Calls whose result shows their arguments. */
/** String operations whose result is derived, not the value (`email.str.split("@")` is a domain). */
const DERIVED = new Set(['split', 'rsplit', 'partition', 'rpartition', 'extract', 'extractall', 'slice', 'find', 'rfind', 'index', 'zfill_noop', 'nbytes', 'encode_noop']);
const PASS_THROUGH = new Set(['hexdigest', 'digest', 'encode', 'decode', 'str', 'repr', 'format', 'list', 'tuple', 'set', 'sorted', 'dict', 'dumps', 'pformat', 'join', 'zip', 'enumerate', 'f', 'print', 'to_dict', 'to_json', 'to_string', 'tolist', 'to_list', 'head', 'tail', 'sample', 'lower', 'upper', 'strip', 'title', 'iloc', 'loc', 'get', 'astype', 'to_records', 'collect', 'show', 'take', 'first', 'limit', 'values', 'item']);
const SKIP_ATTRIBUTES = new Set(['shape', 'dtype', 'dtypes', 'columns', 'size', 'ndim', 'nbytes', 'empty', 'name', 'index', 'hasnans', 'is_unique']);
/** Configuration, environment and request mappings: their keys name settings, not a person's data. */
function nonDataObject(objName: string | undefined): boolean {
  return !!objName && (NON_DATA_OBJECT.test(objName.split('.').pop() ?? '') || /^(os\.environ|sys\.argv|request\.(args|form|json))$/.test(objName));
}
const NON_DATA_OBJECT = /^(config|cfg|conf|settings|setting|args|arguments|opts|options|params|hparams|hyperparams|parameters|env|environ|os|headers|secrets|credentials|creds|st|app|request_args|flags|FLAGS|template|templates|schema|form|field|fields|cls|model|models|module|column|col|columns|feature|features|dataset|tokenizer|self\.config|self\.args|self\.settings|ui|widget|smtp|mail|email|server|sender)$/i;

const MAX_VISIT_DEPTH = 1000;

export interface PiiValueUse {
  node: SyntaxNode;
  /** Column or attribute name. */
  name: string;
  match: PiiMatch;
}

function strongSensitive(name: string, config: MlguardConfig, sink: PiiSink, context?: string): PiiMatch | undefined {
  const m = classifyPii(name, { extraNames: config.pii.extraNames, allow: config.pii.allow, context });
  return reportedAt(m, config, sink) ? m : undefined;
}

/**
 * Personal-data values read inside `expr` (print/log arguments, f-string fields, tracking values):
 * `df["email"]`, `row.ssn`, `row["phone"]`, `df[["name", "email"]]`, a variable assigned from them,
 * or a variable/parameter whose own name is unambiguous personal data (`email`, `patient_name`).
 * Aggregates (`.nunique()`, `.value_counts()`, `len(...)`), shapes and masked values are not values.
 */
export function piiValuesIn(expr: SyntaxNode, facts: FileFacts, config: MlguardConfig, sink: PiiSink): PiiValueUse[] {
  const df = dataframeFacts(facts);
  const out: PiiValueUse[] = [];
  /** Reports the frame's first known (not assumed) personal-data column at n; true when there was one. */
  const reportFrame = (n: SyntaxNode, v: FrameValue): boolean => {
    const cols = sensitiveColumns([...v.columns.values()].filter((c) => !c.assumed), config, sink, v);
    if (cols.length) out.push({ node: n, name: cols[0].column.sourceName, match: cols[0].match });
    return cols.length > 0;
  };
  /** Reports the first strongly personal name (a record key, a record class field) at n. */
  const reportFirstStrong = (n: SyntaxNode, names: Iterable<string>): void => {
    for (const name of names) {
      const m = strongSensitive(name, config, sink);
      if (m?.strength === 'strong') {
        out.push({ node: n, name, match: m });
        return;
      }
    }
  };
  /** True when n is a whole frame (reported if it is a selection of personal-data columns). */
  const selection = (n: SyntaxNode): boolean => {
    const v = df.valueAt(n);
    if (v?.kind !== 'frame') return false;
    // a whole row of loaded data (`print(row)`, `log.info(ds[0])`) shows its identifiers too
    if (v.row) return !!v.load && n.type !== 'attribute' && reportFrame(n, v);
    if (v.param !== undefined && v.open && v.columns.size === 0) return false; // a parameter of unknown type
    // a whole frame is reported when it is an explicit selection, or loaded data whose known
    // columns hold identifiers (`print(cohort.head())` shows them); a frame of unknown origin is not
    if ((!v.selected || v.open) && !v.load) return true;
    reportFrame(n, v);
    return true;
  };
  /** A tracked column value (`df["email"]`, a variable holding it): reported unless masked. */
  const reportSeries = (n: SyntaxNode, column: ColumnFact, frame: FrameValue | undefined): void => {
    if (column.masked) return;
    const m = strongSensitive(column.sourceName, config, sink);
    // a bare `name` read from a parameter of unknown type (`spec["name"]` of a JSON dict) names a
    // thing as often as a person: only a frame known to be loaded data makes it personal data
    if (m && m.strength === 'weak' && !frame?.load) return;
    if (m) out.push({ node: n, name: column.sourceName, match: m });
  };
  // Depth is the input's (a 10,000-term sum): past MAX_VISIT_DEPTH the rest of that expression
  // is not searched, instead of the rule giving up on the whole file.
  let depth = 0;
  const visit = (n: SyntaxNode): void => {
    if (depth >= MAX_VISIT_DEPTH) return;
    depth++;
    try {
      visitNode(n);
    } finally {
      depth--;
    }
  };
  const visitNode = (n: SyntaxNode): void => {
    switch (n.type) {
      case 'call': {
        const fn = n.childForFieldName('function');
        const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.type === 'identifier' ? fn.text : undefined;
        const full = dottedName(fn) ?? '';
        const masking = maskingCall(n);
        if (masking === 'masks' || (name && (AGGREGATES.has(name) || DERIVED.has(name)))) return;
        // an unsalted digest of a value is that value, reversible by dictionary (models/masking)
        if (masking === 'unkeyed-hash' && full) {
          for (const a of n.childForFieldName('arguments')?.namedChildren ?? []) if (a) visit(a);
          return;
        }
        if (selection(n)) return;
        // `asdict(claimant)`, `application.model_dump()`: every field of a same-file record class
        const fields = df.valueAt(n) === undefined ? dumpedFields(n, facts) : undefined;
        if (fields) {
          reportFirstStrong(n, fields.map((f) => f.name));
          return;
        }
        // `body.get("email")` reads that key like `body["email"]`
        if (name === 'get' && fn?.type === 'attribute') {
          const obj = fn.childForFieldName('object');
          const key = stringValue(n.childForFieldName('arguments')?.namedChildren[0]);
          const objName = dottedName(obj);
          const base = obj ? df.valueAt(obj) : undefined;
          const m = key !== undefined && base?.kind !== 'columns' && base?.kind !== 'dict' && !nonDataObject(objName) && objName !== 'kwargs' ? strongSensitive(key, config, sink, objName) : undefined;
          if (m && (m.strength === 'strong' || isRowLike(objName))) {
            out.push({ node: n, name: key!, match: m });
            return;
          }
        }
        if (fn?.type === 'attribute') {
          const obj = fn.childForFieldName('object');
          if (obj) visit(obj);
        }
        // the result of an arbitrary function is not its arguments (`print(evaluate(model, df))`);
        // formatting and container builders pass their arguments through
        if (!name || !PASS_THROUGH.has(name)) return;
        for (const a of n.childForFieldName('arguments')?.namedChildren ?? []) if (a) visit(a.type === 'keyword_argument' ? (a.childForFieldName('value') ?? a) : a);
        return;
      }
      case 'attribute': {
        const attr = n.childForFieldName('attribute')?.text ?? '';
        const obj = n.childForFieldName('object');
        if (SKIP_ATTRIBUTES.has(attr)) return;
        if (obj && ['str', 'dt', 'values', 'iloc', 'loc', 'at', 'iat'].includes(attr)) return visit(obj);
        if (!obj) return;
        const objName = dottedName(obj);
        if (objName && (facts.imports.resolve(objName) !== objName || NON_DATA_OBJECT.test(objName))) return;
        if (objName && facts.imports.has(objName.split('.')[0]) && facts.imports.localFor(objName.split('.')[0]) !== undefined) return;
        const v = df.valueAt(n);
        if (v?.kind === 'series') {
          reportSeries(n, v.column, v.frame);
          return;
        }
        if (v?.kind === 'masked') return;
        const m = strongSensitive(attr, config, sink, objName);
        if (m && ((m.strength === 'strong' && !AMBIGUOUS_AS_VARIABLE.has(attr.toLowerCase())) || isRowLike(objName)) && !assignedFromConfig(n)) out.push({ node: n, name: attr, match: m });
        else visit(obj);
        return;
      }
      case 'subscript': {
        const obj = n.childForFieldName('value');
        if (selection(n)) return;
        const objName = dottedName(obj);
        if (nonDataObject(objName)) return;
        const v = df.valueAt(n);
        if (v?.kind === 'masked') return;
        if (v?.kind === 'series') {
          if (!v.column.masked) {
            const m = strongSensitive(v.column.sourceName, config, sink, objName);
            if (m) out.push({ node: n, name: v.column.sourceName, match: m });
          }
          return;
        }
        if (v?.kind === 'frame' && !v.open) {
          const cols = sensitiveColumns([...v.columns.values()], config, sink, v, objName);
          const sub = n.childForFieldName('subscript');
          if (cols.length && sub && (sub.type === 'list' || stringList(sub) || sub.type === 'identifier' || sub.type === 'expression_list')) {
            out.push({ node: n, name: cols[0].column.sourceName, match: cols[0].match });
            return;
          }
        }
        const key = n.childForFieldName('subscript');
        const s = stringValue(key);
        if (s !== undefined && obj && v === undefined) {
          const base = df.valueAt(obj);
          const m = strongSensitive(s, config, sink, objName);
          if (m && (base?.kind === 'frame' || isRowLike(objName) || m.strength === 'strong') && base?.kind !== 'columns') {
            out.push({ node: n, name: s, match: m });
            return;
          }
        }
        if (obj) visit(obj);
        return;
      }
      case 'identifier': {
        if (n.parent?.type === 'keyword_argument' && n.parent.childForFieldName('name')?.id === n.id) return;
        const v = df.valueAt(n);
        if (v?.kind === 'series') {
          reportSeries(n, v.column, v.frame);
          return;
        }
        if (selection(n)) return;
        // a list of records (`rows.append({"name": ..., "ip": ...})`) holds the values of its keys
        if (v?.kind === 'columns' && v.records) {
          const held = v.items.filter((k) => {
            const value = k.node.parent?.type === 'pair' ? k.node.parent.childForFieldName('value') : undefined;
            return !(value && (maskingCall(value) === 'masks' || ['string', 'integer', 'float', 'none', 'true', 'false'].includes(value.type)));
          });
          reportFirstStrong(n, held.map((k) => k.value));
          return;
        }
        // bound to a frame, list of names, string literal, masked value... (a bare parameter is unknown)
        if (v && !(v.kind === 'frame' && v.param !== undefined && v.columns.size === 0)) return;
        if (facts.imports.localFor(n.text) !== undefined || facts.imports.bindsLocal(n.text)) return;
        const m = strongSensitive(n.text, config, sink);
        if (m && m.strength === 'strong' && !AMBIGUOUS_AS_VARIABLE.has(n.text.toLowerCase()) && !assignedFromConfig(n)) out.push({ node: n, name: n.text, match: m });
        return;
      }
      case 'string': {
        for (const c of n.namedChildren) {
          if (c?.type !== 'interpolation') continue;
          const e = c.childForFieldName('expression') ?? c.namedChildren[0];
          if (e) visit(e);
        }
        return;
      }
      case 'keyword_argument': {
        const v = n.childForFieldName('value');
        if (v) visit(v);
        return;
      }
      case 'lambda':
      case 'list_comprehension':
      case 'generator_expression':
      case 'dictionary_comprehension':
      case 'set_comprehension':
      case 'comparison_operator':
      case 'boolean_operator':
      case 'not_operator':
        return;
      default:
        for (const c of n.namedChildren) if (c) visit(c);
    }
  };
  visit(expr);
  return out;
}

function isRowLike(name: string | undefined): boolean {
  if (!name) return false;
  const last = name.split('.').pop() ?? '';
  return /^(row|r|rec|record|records|item|entry|customer|customers|patient|patients|user|users|person|people|client|clients|member|members|applicant|applicants|employee|employees|cust|subscriber|account_holder|borrower|df|data|frame|.*_df|df_.*|.*_row|row_.*|.*_record|batch)$/i.test(last);
}

/**
 * True when the variable or attribute (`email`, `self.admin_email`) is only ever assigned from
 * literals, the environment or configuration in this file (`email = os.environ["SENDER"]`):
 * an operator address, not a data subject's.
 */
function assignedFromConfig(target: SyntaxNode): boolean {
  // Asked per logged value; one scan per file and name, not one per call site.
  const perTree = configAssignedCache.get(target.tree) ?? new Map<string, boolean>();
  configAssignedCache.set(target.tree, perTree);
  const cached = perTree.get(target.text);
  if (cached !== undefined) return cached;
  const result = computeAssignedFromConfig(target);
  perTree.set(target.text, result);
  return result;
}

/**
 * Column names that are personal data in a table but, as a plain variable or attribute, usually
 * mean something else in Python (`fname` a file name, `fullname` a qualified module name): as a
 * column (`row["fname"]`, `df.fname`) they still count.
 */
const AMBIGUOUS_AS_VARIABLE: ReadonlySet<string> = new Set(['fname', 'lname', 'fullname']);

const ASSIGNMENTS: ReadonlySet<string> = new Set(['assignment']);
const configAssignedCache = new WeakMap<object, Map<string, boolean>>();

function computeAssignedFromConfig(target: SyntaxNode): boolean {
  let root: SyntaxNode = target;
  while (root.parent) root = root.parent;
  const name = target.text;
  let config = false;
  let other = false;
  const fromConfig = (r: SyntaxNode): boolean => {
    if (['string', 'concatenated_string', 'integer', 'none'].includes(r.type)) return true;
    if (r.type === 'call') {
      const f = r.childForFieldName('function')?.text ?? '';
      if (/(^|\.)(getuser|getlogin|gethostname|current_user)$/.test(f)) return true; // the operator, not a data subject
      return /(^|\.)(getenv|get_env|environ\.get|config\.get|cfg\.get|settings\.get|get_secret|get_config|get)$/.test(f) && /environ|getenv|config|cfg|settings|secret|env/i.test(f + (r.childForFieldName('arguments')?.text ?? ''));
    }
    if (r.type === 'subscript' || r.type === 'attribute') return /^(os\.environ|environ|config|cfg|conf|settings|secrets|env|args|params|self\.config|self\.settings|CONFIG|SETTINGS)\b/.test(r.text);
    if (r.type === 'boolean_operator') return r.namedChildren.every((c) => !c || fromConfig(c));
    return false;
  };
  const visit = (n: SyntaxNode): void => {
    if (n.type === 'assignment') {
      const l = n.childForFieldName('left');
      const r = n.childForFieldName('right');
      if (l && r && l.text === name && (l.type === 'identifier' || l.type === 'attribute')) {
        if (fromConfig(r)) config = true;
        else other = true;
      }
    }
  };
  walk(root, visit, ASSIGNMENTS);
  return config && !other;
}

// ---------------------------------------------------------------------------------------------
// labels for messages

export function describeColumns(cols: { column: ColumnFact; label: string }[]): string {
  const names = [...new Set(cols.map((c) => `\`${c.column.name}\``))];
  const labels = [...new Set(cols.map((c) => c.label))];
  return `${names.join(', ')} (${labels.join('; ')})`;
}

export function isAuditLike(call: CallFact): boolean {
  return /audit/i.test(call.callee ?? call.function.text);
}
