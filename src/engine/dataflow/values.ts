// The value domain of the DataFrame data-flow: what an expression may hold (a frame with known
// columns, one column, a list of column names, a masked value, a model that selects columns...), the
// environment that maps names to values, and the facts the interpreter hands to rules.
import type { SyntaxNode } from '../parser';
import { NUMERIC_HINT } from '../models/frames';

export interface ColumnFact {
  /** Current column name. */
  name: string;
  /** Name the data had when it entered (differs after a rename); classify this one. */
  sourceName: string;
  /** Where the column entered: usecols/SELECT/list element, first access, or assignment. */
  origin: SyntaxNode;
  /** The statement that replaced the values by a hashing/pseudonymising/redacting call. */
  masked?: SyntaxNode;
  /**
   * Source names of other columns whose values were concatenated or formatted into this one
   * (`df["text"] = df["name"] + " <" + df["email"] + ">: " + df["body"]`): free text that carries
   * identifiers into training data or exports.
   */
  derivedFrom?: string[];
  /**
   * Source names of the columns an expression column was computed from (`(pl.col("gender") ==
   * "F").alias("gender_code")`, `F.when(F.col("race") == ...)`): it carries their protected
   * attributes to FAIR, but is not itself the identifier it read (a domain is not the e-mail).
   */
  computedFrom?: string[];
  /** Replaced by an unsalted digest (`sha256(email)`): still personal data, said so in messages. */
  unkeyedHash?: SyntaxNode;
  /**
   * Not seen on this frame: assumed because the frame is a DataFrame parameter that no call in the
   * file binds, and the file handles a dataset with this column elsewhere. Only the FAIR rule uses
   * assumed columns (an "everything but the target" model trains on them).
   */
  assumed?: boolean;
}

export interface FrameValue {
  kind: 'frame';
  /** Known columns, by current name. */
  columns: ReadonlyMap<string, ColumnFact>;
  /** May hold columns that are not known. */
  open: boolean;
  /** Columns known to be removed (so discovery does not bring them back). */
  removed: ReadonlySet<string>;
  /** pandas/polars/spark DataFrame (has `.drop(columns=...)`); false for arrays, tensors, DMatrix. */
  dataframe: boolean;
  spark: boolean;
  /** Row of a frame (`for _, row in df.iterrows()`). */
  row?: boolean;
  /** Produced by an explicit column selection (`df[["name", "email"]]`, Spark `select`). */
  selected?: boolean;
  /** Identity of the underlying data for column discovery (load call or parameter node id). */
  root?: number;
  /** The load call that produced the data, when known. */
  load?: SyntaxNode;
  /** Index of the function parameter the frame came from (function summaries). */
  param?: number;
  /** Columns masked since the parameter entered (function summaries). */
  maskedSinceParam?: Set<string>;
  /** The value already went through a training-data container (DMatrix, Dataset, Pool). */
  container?: SyntaxNode;
}

/** One column's values (`df["email"]`, `row.email`, a variable assigned from them). */
export interface SeriesValue {
  kind: 'series';
  column: ColumnFact;
  frame?: FrameValue;
}

/** A list of column names (`features = ["age", "email"]`). */
export interface ColumnsValue {
  kind: 'columns';
  items: { value: string; node: SyntaxNode }[];
  /** `[c for c in df.columns if c not in drop]`: all columns of `base` except `excluded`. */
  base?: FrameValue;
  excluded?: Set<string>;
  /** The list literal, when the names were written as one (for fixes). */
  literal?: SyntaxNode;
  /** A list of records (`[{"name": ..., "email": ...}]`, `rows.append({...})`): items are the keys. */
  records?: boolean;
  /** Only some of the names are known (`unknown_cols + ["postcode"]`). */
  partial?: boolean;
}

export interface TupleValue {
  kind: 'tuple';
  items: (Value | undefined)[];
}

/** Output of a masking call (hash, pseudonymise, encrypt, redact). */
export interface MaskedValue {
  kind: 'masked';
  node: SyntaxNode;
}

/** An experiment-tracking run (wandb.init(), mlflow.start_run(), comet Experiment, neptune run). */
export interface TrackerValue {
  kind: 'tracker';
}

/** A boolean row selector (`mask = rng.random(len(df)) < 0.8`): `X[mask]` keeps every column of X. */
export interface RowMaskValue {
  kind: 'rowmask';
}

export interface StringValue {
  kind: 'string';
  value: string;
  node: SyntaxNode;
}

/**
 * A feature-selecting estimator: sklearn `ColumnTransformer`/`make_column_transformer`, Spark
 * `VectorAssembler`, or a `Pipeline`/`make_pipeline` that starts with one. Training it on a frame
 * uses only these columns (plus the rest when `remainder="passthrough"`).
 */
export interface ModelValue {
  kind: 'model';
  /** Named input columns (Spark indexer outputs already mapped back to their input column). */
  columns: ColumnFact[];
  /** `remainder="passthrough"`: the other columns of the training frame are used too. */
  passthrough: boolean;
  /** A `make_column_selector(dtype_include=number)` step: numeric columns of the frame are used. */
  numericSelector: boolean;
  /** Columns an earlier pipeline step drops (a same-file identifier-dropping transformer). */
  drops?: Set<string>;
}

/** A dict literal with string keys (`GROUPS = {"numeric": [...], "categorical": [...]}`). */
export interface DictValue {
  kind: 'dict';
  entries: Map<string, Value | undefined>;
}

export type Value = FrameValue | SeriesValue | ColumnsValue | TupleValue | MaskedValue | TrackerValue | StringValue | ModelValue | DictValue | RowMaskValue;

export interface LoadFact {
  call: SyntaxNode;
  /** Statement of the load. */
  statement: SyntaxNode;
  /** Enclosing function_definition, undefined at module level. */
  scope?: SyntaxNode;
  /** The frame as loaded, with columns discovered later in the scope. */
  frame: FrameValue;
  /** Path or table literal (`"customers.csv"`), when written as a string. */
  source?: SyntaxNode;
  /** SQL text when the load runs a query. */
  sql?: string;
  /** Columns the load itself asks for (usecols=, columns=, its SELECT list), not found by later uses. */
  requested: ReadonlySet<string>;
}

export interface WriteFact {
  call: SyntaxNode;
  frame: FrameValue;
  /** Path written, when a literal or a variable holding one. */
  path?: string;
}

export interface DataframeFacts {
  /** Value of an expression node in the environment before its statement ran. */
  valueAt(node: SyntaxNode): Value | undefined;
  /**
   * Value of an expression inside a same-file helper as the call `site` (a call of the helper,
   * in a function analysed on its own) makes it; `null` when that call was not followed.
   */
  valueAtSite(node: SyntaxNode, site: SyntaxNode): Value | undefined | null;
  loads: LoadFact[];
  writes: WriteFact[];
  /** Functions whose body masks values (e.g. `def anonymise(v): return sha256(...)`), by name. */
  maskingFunctions: Set<string>;
}

/** Columns present and not masked. */
export function liveColumns(frame: FrameValue): ColumnFact[] {
  return [...frame.columns.values()].filter((c) => !c.masked);
}

export type Env = Map<string, Value>;

/** The column names a value denotes: a list of names, or all names of a frame but the excluded ones. */
export function namesOf(v: Value | undefined): string[] {
  if (v?.kind === 'string') return [v.value];
  if (v?.kind !== 'columns' || v.records) return [];
  if (v.base) return [...v.base.columns.keys()].filter((c) => !v.excluded?.has(c));
  return v.items.map((i) => i.value);
}

/** The columns a feature-selecting model uses from frame x. */
export function modelFeatures(model: ModelValue, x: FrameValue): FrameValue {
  const columns = new Map<string, ColumnFact>();
  for (const c of model.columns) {
    const known = x.columns.get(c.sourceName) ?? x.columns.get(c.name);
    columns.set(c.name, known ? { ...known, origin: c.origin, assumed: undefined } : c);
  }
  for (const [k, c] of x.columns) {
    if (columns.has(k) || model.drops?.has(k)) continue;
    if (model.passthrough || (model.numericSelector && NUMERIC_HINT.test(k))) columns.set(k, c);
  }
  return { ...x, columns, open: false, selected: true, dataframe: false };
}

export function union(parts: FrameValue[]): FrameValue {
  const columns = new Map<string, ColumnFact>();
  for (const p of parts) for (const [k, c] of p.columns) if (!columns.has(k)) columns.set(k, c);
  const first = parts[0];
  return {
    kind: 'frame',
    columns,
    open: parts.some((p) => p.open),
    removed: new Set(),
    dataframe: true,
    spark: first.spark,
    root: first.root,
    load: first.load,
  };
}
