// Asset extraction: what data, models, endpoints and secrets a Python file touches, read from the
// engine's call facts (qualified callee names) and from the findings the rules reported.
// Pure: takes a parsed tree's facts, never reads files.
import type { FileFacts, CallFact } from '../engine/facts';
import { stringValue } from '../engine/ast';
import type { LineIndex } from '../engine/positions';
import type { Finding } from '../engine/types';
import type { Asset, AssetKind, CodeRef } from './types';

const DATASET_CALLS: RegExp[] = [
  /^(pandas|polars|dask\.dataframe|modin\.pandas)\.(read_[a-z_]+|scan_[a-z_]+)$/,
  /(^|\.)read\.(csv|parquet|json|orc|table|load|text|jdbc|format)$/,
  /^(pyspark\..*|.*spark)\.(table|sql)$/,
  /^datasets\.load_dataset$/,
  /^numpy\.(load|loadtxt|genfromtxt)$/,
  /^sqlalchemy\..*\.execute$/,
];
const SQL_CALLS = /(^|\.)(read_sql(_query|_table)?|sql|execute|query)$/;
const MODEL_CALLS: RegExp[] = [
  /^mlflow(\.[a-z_]+)*\.(load_model|log_model|register_model|save_model|download_artifacts)$/,
  /(^|\.)(transition_model_version_stage|create_registered_model|create_model_version|delete_registered_model|set_registered_model_alias)$/,
  /^(torch|joblib|pickle|cloudpickle|dill|skops\.io|onnx)\.(load|loads)$/,
  /^(tensorflow\.)?keras\.models\.load_model$/,
  /^(transformers\.|sentence_transformers\.).*from_pretrained$/,
  /(^|\.)from_pretrained$/,
  /^huggingface_hub\.(hf_hub_download|snapshot_download)$/,
  /^(bentoml|mlflow\.models)\.(serve|build_docker)$/,
];
const TRACKING_CALLS = /^(mlflow\.set_tracking_uri|mlflow\.set_registry_uri|wandb\.init|mlflow\.tracking\.MlflowClient|mlflow\.MlflowClient)$/;
const URL = /\b(?:https?|grpcs?|postgres(?:ql)?|mysql|mongodb(?:\+srv)?|redis|s3|gs|abfss?|jdbc:[a-z]+):\/\/[^\s'"]+/i;

export interface FileAssets {
  path: string;
  assets: Asset[];
}

function ref(path: string, lines: LineIndex, offset: number): CodeRef {
  const p = lines.position(offset);
  return { path, line: p.line, column: p.column };
}

/** First string argument (positional or under one of the keywords). */
function firstString(call: CallFact, keywords: string[]): string | undefined {
  for (const k of keywords) {
    const v = stringValue(call.kwargs.get(k));
    if (v !== undefined) return v;
  }
  for (const a of call.args) {
    const v = stringValue(a);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Module-level `NAME = "literal"` constants of the file, to name assets read through them. */
function moduleConstants(facts: FileFacts): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of facts.assignments) {
    if (a.scope || a.operator !== '=' || a.left.type !== 'identifier') continue;
    const v = stringValue(a.right);
    if (v !== undefined) out.set(a.left.text, v);
  }
  return out;
}

/**
 * A readable name when the argument is not a literal: a module constant's value, else the call as
 * written plus its function (`pandas.read_csv(path) in train_challenger()`).
 */
function describeCall(call: CallFact, q: string, constants: Map<string, string>, opened: Map<string, string>): string {
  const a = call.args[0];
  if (a?.type === 'identifier' && constants.has(a.text)) return constants.get(a.text)!;
  if (a?.type === 'identifier' && opened.has(a.text)) return opened.get(a.text)!;
  const args = (a?.text ?? '…').replace(/\s+/g, ' ').slice(0, 40);
  const fn = call.scope?.childForFieldName('name')?.text;
  return `${q}(${args})${fn ? ` in ${fn}()` : ''}`;
}

/** `with open("m.pkl", "rb") as fh:` → fh ↦ m.pkl (a file handle is named by the file). */
function openedFiles(facts: FileFacts): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of facts.calls) {
    if (c.callee !== 'open' || c.node.parent?.type !== 'as_pattern') continue;
    const file = stringValue(c.args[0]);
    const alias = c.node.parent.childForFieldName('alias')?.text ?? c.node.parent.namedChildren[1]?.text;
    if (file !== undefined && alias && /^[A-Za-z_]\w*$/.test(alias)) out.set(alias, file);
  }
  return out;
}

/** Tables named in FROM / JOIN clauses of a SQL string. */
export function sqlTables(sql: string): string[] {
  const out: string[] = [];
  const re = /\b(?:from|join)\s+(["`[]?[A-Za-z_][\w.$"`[\]]*)/gi;
  for (const m of sql.matchAll(re)) {
    const t = m[1].replace(/["`[\]]/g, '');
    if (!out.includes(t) && !/^(select|lateral|unnest)$/i.test(t)) out.push(t);
  }
  return out;
}

/** The host (and scheme) of a URL, without credentials, path or query. */
export function endpointName(url: string): string {
  const m = /^([a-z][a-z0-9+.:-]*):\/\/(?:[^@/\s]*@)?([^/\s?#]+)/i.exec(url);
  return m ? `${m[1].toLowerCase()}://${m[2].toLowerCase()}` : url;
}

/** Name tokens that mark a dataset as bought or received from a third party (credit bureaus, brokers...). */
const THIRD_PARTY = new Set(['bureau', 'bureaus', 'experian', 'equifax', 'transunion', 'schufa', 'crif', 'vendor', 'vendors', 'broker', 'brokers', 'purchased', 'acxiom', 'external', 'partner', 'partners', 'thirdparty']);

/** Whether a dataset name denotes third-party data (`table bureau_scores`, `s3://x/experian/…`). */
export function isThirdPartyData(name: string): boolean {
  const tokens = name.toLowerCase().split(/[^a-z0-9]+/);
  return tokens.some((t, i) => THIRD_PARTY.has(t) || (t === 'third' && tokens[i + 1] === 'party'));
}

function add(map: Map<string, Asset>, kind: AssetKind, name: string, r: CodeRef): void {
  if (kind === 'dataset' && isThirdPartyData(name)) kind = 'third-party-data';
  const id = `${kind}:${name}`;
  let a = map.get(id);
  if (!a) {
    a = { id, kind, name, refs: [] };
    map.set(id, a);
  }
  if (!a.refs.some((x) => x.path === r.path && x.line === r.line && x.cell === r.cell)) a.refs.push(r);
}

/** Quoted names in a finding message (`'email'`, "ssn"): the columns PII rules name. */
function quotedNames(message: string): string[] {
  const out: string[] = [];
  for (const m of message.matchAll(/[`'"‘“]([^`'"’”\n]{1,80})[`'"’”]/g)) if (!out.includes(m[1])) out.push(m[1]);
  return out;
}

/**
 * Assets of one file. `facts` and `lines` come from the parsed file; `findings` are the file's
 * findings (unsuppressed or not: a suppressed finding still shows that the asset exists).
 */
export function extractAssets(path: string, facts: FileFacts, lines: LineIndex, findings: readonly Finding[], extra?: { personalColumns?: { name: string; offset: number }[] }): Asset[] {
  const map = new Map<string, Asset>();
  const constants = moduleConstants(facts);
  const opened = openedFiles(facts);
  for (const call of facts.calls) {
    const q = call.qualified ?? call.callee;
    if (!q) continue;
    const r = ref(path, lines, call.node.startIndex);
    if (SQL_CALLS.test(q) && (/sql|spark|sqlalchemy|pandas|duckdb|cursor|conn|engine|session/i.test(q) || /read_sql/.test(q))) {
      const sql = firstString(call, ['sql', 'query', 'sqlQuery']);
      const tables = sql ? sqlTables(sql) : [];
      if (tables.length) {
        for (const t of tables) add(map, 'dataset', `table ${t}`, r);
        continue;
      }
      if (/read_sql_table/.test(q)) {
        const t = firstString(call, ['table_name']);
        if (t) add(map, 'dataset', `table ${t}`, r);
        continue;
      }
    }
    if (DATASET_CALLS.some((re) => re.test(q))) {
      const name = firstString(call, ['filepath_or_buffer', 'path', 'io', 'source', 'file', 'fname', 'tableName', 'table_name']);
      if (name !== undefined) add(map, 'dataset', URL.test(name) ? name.replace(/\/\/[^@/]*@/, '//') : name, r);
      else if (/read_sql|\.sql$/.test(q) === false) add(map, 'dataset', describeCall(call, q, constants, opened), r);
      continue;
    }
    if (MODEL_CALLS.some((re) => re.test(q))) {
      // pickle.load(open("m.pkl", "rb")): the file opened is the model
      const openedInline = call.args[0]?.type === 'call' ? stringValue(call.args[0].childForFieldName('arguments')?.namedChildren[0]) : undefined;
      const name =
        firstString(call, ['model_uri', 'name', 'registered_model_name', 'pretrained_model_name_or_path', 'repo_id', 'f', 'filename']) ??
        openedInline ??
        describeCall(call, q, constants, opened);
      add(map, 'model', name, r);
      const registered = stringValue(call.kwargs.get('registered_model_name'));
      if (registered && registered !== name) add(map, 'model', registered, r);
    }
    if (TRACKING_CALLS.test(q)) {
      const uri = firstString(call, ['uri', 'tracking_uri', 'host']);
      if (uri && URL.test(uri)) add(map, 'endpoint', endpointName(uri), r);
    }
    // Any URL passed to any call is an external endpoint (requests, clients, connectors...).
    for (const a of [...call.args, ...call.kwargs.values()]) {
      const v = stringValue(a);
      const m = v ? URL.exec(v) : null;
      if (m && !/^(s3|gs|abfss?):/i.test(m[0])) add(map, 'endpoint', endpointName(m[0]), ref(path, lines, a.startIndex));
    }
  }
  for (const f of findings) {
    const r: CodeRef = { path, line: f.span.line, column: f.span.column, ruleId: f.ruleId };
    if (f.cell) r.cell = f.cell.index;
    if (f.family === 'SEC') {
      // The snippet and message are already masked by the engine; name the secret by its place.
      add(map, 'secret', `${f.ruleName} (${path}:${f.span.line})`, r);
    } else if (f.family === 'PII') {
      const names = quotedNames(f.message);
      if (names.length) for (const n of names) add(map, 'personal-data', n, r);
      else add(map, 'personal-data', `personal data (${path}:${f.span.line})`, r);
    }
  }
  for (const c of extra?.personalColumns ?? []) add(map, 'personal-data', c.name, ref(path, lines, c.offset));
  return [...map.values()];
}

/** Merges per-file assets into workspace assets (same id → one asset, refs concatenated). */
export function mergeAssets(files: readonly Asset[][]): Asset[] {
  const map = new Map<string, Asset>();
  for (const list of files)
    for (const a of list) {
      const existing = map.get(a.id);
      if (existing) existing.refs.push(...a.refs.filter((r) => !existing.refs.some((x) => x.path === r.path && x.line === r.line && x.cell === r.cell)));
      else map.set(a.id, { ...a, refs: [...a.refs] });
    }
  const order: AssetKind[] = ['dataset', 'third-party-data', 'personal-data', 'model', 'endpoint', 'secret'];
  return [...map.values()].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.name.localeCompare(b.name));
}
