// Syntax helpers of the data-flow: shapes of nodes the interpreter asks about (parameters that
// conventionally hold a dataset, plain copies, constant overwrites, f-string text, Spark columns).
import type { SyntaxNode } from '../parser';
import { dottedName, stringValue, walk } from '../ast';

export function dictKeys(dict: SyntaxNode): { value: string; node: SyntaxNode }[] {
  const out: { value: string; node: SyntaxNode }[] = [];
  for (const pair of dict.namedChildren) {
    if (pair?.type !== 'pair') continue;
    const key = pair.childForFieldName('key');
    const k = stringValue(key);
    if (key && k !== undefined) out.push({ value: k, node: key });
  }
  return out;
}

/** The class named by a parameter's annotation (`cfg: TrainConfig`), when it is a plain name. */
export function annotationClass(id: SyntaxNode): string | undefined {
  const param = id.parent;
  if (param?.type !== 'typed_parameter' && param?.type !== 'typed_default_parameter') return undefined;
  const t = param.childForFieldName('type');
  const name = t?.type === 'type' ? t.namedChildren[0] : t;
  return name?.type === 'identifier' ? name.text : undefined;
}

/**
 * A parameter that conventionally holds the file's dataset (`df`, `data`, `train_df`), not
 * annotated as something else, and not the input of a generic estimator wrapper (`def fit(self, X)`).
 */
export function isFrameParameter(id: SyntaxNode): boolean {
  const param = id.parent;
  const annotation = param?.type === 'typed_parameter' || param?.type === 'typed_default_parameter' ? param.childForFieldName('type')?.text : undefined;
  if (annotation && !/DataFrame/.test(annotation)) return false;
  let fn: SyntaxNode | null = id.parent;
  while (fn && fn.type !== 'function_definition') fn = fn.parent;
  if (/^(fit|partial_fit|transform|fit_transform|predict|predict_proba|score)$/.test(fn?.childForFieldName('name')?.text ?? '')) return false;
  return /^(df|data|frame|dataset|raw|raw_df|\w+_df|df_\w+)$/.test(id.text);
}

export function isRowLikeName(name: string): boolean {
  return /^(row|r|rec|record|item|entry|customer|patient|user|person|client|member|applicant|employee|cust|sample|example|obj|data|payload|doc|document)$/i.test(name.split('.').pop() ?? '');
}

export function isConstantOverwrite(node: SyntaxNode): boolean {
  if (['none', 'integer', 'float', 'true', 'false'].includes(node.type)) return true;
  // Spark / polars literal columns: `F.lit("<redacted>")`, `pl.lit(None)`
  if (node.type === 'call' && /(^|\.)lit$/.test(dottedName(node.childForFieldName('function')) ?? '')) {
    const args = node.childForFieldName('arguments')?.namedChildren.filter((a) => !!a && a.type !== 'comment') ?? [];
    return args.length === 1 && !!args[0] && isConstantOverwrite(args[0]);
  }
  if (node.type === 'string') return stringValue(node) !== undefined;
  const d = dottedName(node);
  return d === 'np.nan' || d === 'numpy.nan' || d === 'pd.NA' || d === 'float.nan';
}

export function isPlainCopy(node: SyntaxNode): boolean {
  if (node.type === 'subscript' || node.type === 'identifier' || node.type === 'attribute') return true;
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    const m = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
    const obj = fn?.type === 'attribute' ? fn.childForFieldName('object') : undefined;
    if (m && obj && ['astype', 'lower', 'upper', 'strip', 'fillna', 'copy', 'title'].includes(m)) {
      const inner = obj.type === 'attribute' && obj.childForFieldName('attribute')?.text === 'str' ? obj.childForFieldName('object') : obj;
      return !!inner && isPlainCopy(inner);
    }
  }
  return false;
}

/** The list a starred argument or element unpacks (`*out_cols` -> `out_cols`); undefined for anything else. */
export function starredOperand(node: SyntaxNode): SyntaxNode | undefined {
  return node.type === 'list_splat' ? (node.namedChildren.find((c) => !!c && c.type !== 'comment') ?? undefined) : undefined;
}

/** An f-string's literal text with each field replaced by `placeholder` (`f"{d}/users_{q}"` -> `x/users_x`). */
export function fstringText(node: SyntaxNode, placeholder = 'x'): string | undefined {
  if (node.type !== 'string') return undefined;
  return node.namedChildren.map((c) => (c?.type === 'string_content' ? c.text : c?.type === 'interpolation' ? placeholder : '')).join('');
}

/** Spark column expression -> output name: F.col("a"), col("a").alias("b"), F.sha2(F.col("a"), 256).alias("a"). */
export function sparkColumn(node: SyntaxNode): { name: string } | undefined {
  if (node.type !== 'call') return undefined;
  const fn = node.childForFieldName('function');
  const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
  const args = node.childForFieldName('arguments')?.namedChildren ?? [];
  if (method === 'alias' || method === 'name') {
    const n = stringValue(args[0]);
    return n !== undefined ? { name: n } : undefined;
  }
  if (method && /(^|\.)(col|column)$/.test(method)) {
    const n = stringValue(args[0]);
    return n !== undefined ? { name: n } : undefined;
  }
  // F.sha2(F.col("email"), 256) without alias: Spark names it "sha2(email, 256)"; not the column
  return undefined;
}

const CALL_TYPES: ReadonlySet<string> = new Set(['call']);
/** How code conventionally names `pyspark.sql.functions`. */
const SPARK_FUNCTIONS_OBJECT = /^(F|sf|psf|fn|func|functions|pyspark\.sql\.functions)$/;

/** Column names a Spark / polars expression reads (`F.col("a")`, `pl.col("b")`, `col("c")`), in order. */
export function referencedColumns(node: SyntaxNode): string[] {
  const out: string[] = [];
  walk(node, (n) => {
    const fn = n.childForFieldName('function');
    const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
    const args = n.childForFieldName('arguments')?.namedChildren ?? [];
    if (name && /^(col|column)$/.test(name)) {
      const s = stringValue(args[0]);
      if (s !== undefined && !out.includes(s)) out.push(s);
      return;
    }
    // Spark SQL functions take column names as strings: `F.hash("holder_nationality")`
    if (fn?.type === 'attribute' && SPARK_FUNCTIONS_OBJECT.test(fn.childForFieldName('object')?.text ?? '')) {
      for (const a of args) {
        const s = a ? stringValue(a) : undefined;
        if (s !== undefined && /^[A-Za-z_]\w*$/.test(s) && !out.includes(s)) out.push(s);
      }
    }
  }, CALL_TYPES);
  return out;
}

/**
 * The output name of a polars expression: its `alias`/`name`, else (as polars does) the first
 * column it reads (`pl.col("x").fill_null(0)` is still "x").
 */
export function expressionOutputName(node: SyntaxNode): string | undefined {
  return sparkColumn(node)?.name ?? referencedColumns(node)[0];
}
