// Library knowledge: where experiment trackers store run parameters and configuration (MLflow
// params and tags, Weights & Biases config), and what a payload sent there contains. Used by the
// rules that look for secrets (SEC005) in what a run records.
import type { SyntaxNode } from '../parser';
import type { CallFact, FileFacts } from '../facts';
import { dottedName, stringValue } from '../ast';
import { stringOrConstant } from '../constants';
import { receiverConstruction, type Factory } from '../constructed-objects';
import { lookupTable } from '../lookup-table';

/** A call that records one key and one value: `mlflow.log_param("lr", 0.1)`. */
interface KeyValueSink {
  shape: 'key-value';
  keyIndex: number;
  valueIndex: number;
  keyKeyword: string;
  valueKeyword: string;
}

/** A call that records a mapping: `mlflow.log_params(d)`, `wandb.init(config=d)`. */
interface MappingSink {
  shape: 'mapping';
  index?: number;
  keyword: string;
}

type Sink = KeyValueSink | MappingSink;

const KV = (keyIndex: number, valueIndex: number, valueKeyword = 'value'): KeyValueSink => ({ shape: 'key-value', keyIndex, valueIndex, keyKeyword: 'key', valueKeyword });

/** Qualified module functions. (SEC005's `requires` lists what every sink here names: keep it in step.) */
const MODULE_SINKS = lookupTable<Sink>({
  'mlflow.log_param': KV(0, 1),
  'mlflow.set_tag': KV(0, 1),
  'mlflow.log_params': { shape: 'mapping', index: 0, keyword: 'params' },
  'mlflow.set_tags': { shape: 'mapping', index: 0, keyword: 'tags' },
  'wandb.init': { shape: 'mapping', keyword: 'config' },
  'wandb.config.update': { shape: 'mapping', index: 0, keyword: 'd' },
  'wandb.config.setdefaults': { shape: 'mapping', index: 0, keyword: 'd' },
});

/** Methods on a tracking client or run object (`MlflowClient().log_param(run_id, k, v)`, `run.config.update(d)`). */
const CLIENT_METHODS = lookupTable<Sink>({
  log_param: KV(1, 2),
  set_tag: KV(1, 2),
  log_params: { shape: 'mapping', index: 0, keyword: 'params' },
});

/** Methods whose name alone says "tracker config", on any receiver: accelerate's `accelerator.init_trackers(name, config)`. */
const TRACKER_METHODS = lookupTable<Sink>({
  init_trackers: { shape: 'mapping', index: 1, keyword: 'config' },
});

/** Receivers that are an MLflow client or a W&B run (by what they were built with, or by name). */
const CLIENT_FACTORY: Factory = { key: 'tracking-client', names: ['mlflow.tracking.MlflowClient', 'mlflow.MlflowClient', 'mlflow.client.MlflowClient', 'wandb.init'] };
const RUN_NAME = /^(run|wandb_run|self\.run|self\.wandb_run|client|mlflow_client|self\.client)$/;
/** `wandb.config` itself, or `<run>.config`. */
const CONFIG_OBJECT = /^(wandb\.config|wandb\.run\.config|run\.config|wandb_run\.config|self\.run\.config|self\.wandb_run\.config)$/;

/** Where a value is recorded by a tracker. */
export interface TrackedPayload {
  /** The call or assignment that records it. */
  sink: SyntaxNode;
  /** Human name of the sink for messages (`mlflow.log_param`, `wandb.config[...] =`). */
  sinkName: string;
  /** A recorded key with its value (`log_param("token", v)`, `config["token"] = v`). */
  key?: { name: string; node: SyntaxNode; value?: SyntaxNode };
  /** A recorded mapping (`log_params(d)`, `init(config=d)`). */
  mapping?: SyntaxNode;
}

function sinkOf(call: CallFact, facts: FileFacts): Sink | undefined {
  const q = call.qualified ?? '';
  const direct = MODULE_SINKS[q];
  if (direct) return direct;
  const method = call.method ?? '';
  if (!call.receiver) return undefined;
  const receiver = dottedName(call.receiver) ?? '';
  if ((method === 'update' || method === 'setdefaults') && CONFIG_OBJECT.test(facts.imports.resolve(receiver))) return { shape: 'mapping', index: 0, keyword: 'd' };
  const trackerSink = TRACKER_METHODS[method];
  if (trackerSink) return trackerSink;
  const clientSink = CLIENT_METHODS[method];
  if (!clientSink) return undefined;
  if (RUN_NAME.test(receiver) || receiverConstruction(call, facts, CLIENT_FACTORY)) return clientSink;
  return undefined;
}

/** Every place the file records a key or a mapping in an experiment tracker. */
export function trackedPayloads(facts: FileFacts): TrackedPayload[] {
  return facts.memo('tracking.payloads', () => {
    const out: TrackedPayload[] = [];
    for (const call of facts.calls) {
      const sink = sinkOf(call, facts);
      if (!sink) continue;
      const sinkName = call.callee ?? call.method ?? 'tracking call';
      if (sink.shape === 'key-value') {
        const keyNode = call.kwargs.get(sink.keyKeyword) ?? call.args[sink.keyIndex];
        const name = stringOrConstant(keyNode, facts, call.scope);
        if (keyNode && name !== undefined) out.push({ sink: call.node, sinkName, key: { name, node: keyNode, value: call.kwargs.get(sink.valueKeyword) ?? call.args[sink.valueIndex] } });
      } else {
        const mapping = call.kwargs.get(sink.keyword) ?? (sink.index !== undefined ? call.args[sink.index] : undefined);
        if (mapping) out.push({ sink: call.node, sinkName, mapping });
      }
    }
    // wandb.config["token"] = v, wandb.config.token = v, run.config["token"] = v
    for (const a of facts.assignments) {
      if (a.operator !== '=' || !a.right) continue;
      const left = a.left;
      let object: SyntaxNode | null = null;
      let keyNode: SyntaxNode | null = null;
      let name: string | undefined;
      if (left.type === 'subscript') {
        object = left.childForFieldName('value');
        keyNode = left.childForFieldName('subscript');
        name = keyNode ? stringOrConstant(keyNode, facts, a.scope) : undefined;
      } else if (left.type === 'attribute') {
        object = left.childForFieldName('object');
        keyNode = left.childForFieldName('attribute');
        name = keyNode?.text;
      }
      const objectName = object ? facts.imports.resolve(dottedName(object) ?? '') : '';
      if (!object || !keyNode || name === undefined || !CONFIG_OBJECT.test(objectName)) continue;
      out.push({ sink: a.node, sinkName: `${dottedName(object)}[...] =`, key: { name, node: keyNode, value: a.right } });
    }
    return out;
  });
}

/** Argparse namespaces in the file: the variable bound to `.parse_args()` / `.parse_known_args()[0]`. */
export function argparseNamespaces(facts: FileFacts): Set<string> {
  return facts.memo('tracking.namespaces', () => {
    const names = new Set<string>();
    for (const a of facts.assignments) {
      const r = a.right;
      if (!r) continue;
      const call = r.type === 'subscript' ? r.childForFieldName('value') : r.type === 'call' ? r : null;
      const method = call?.type === 'call' ? call.childForFieldName('function')?.childForFieldName('attribute')?.text : undefined;
      if (method !== 'parse_args' && method !== 'parse_known_args') continue;
      const target = a.left.type === 'pattern_list' || a.left.type === 'tuple_pattern' ? a.left.namedChildren[0] : a.left;
      if (target && (target.type === 'identifier' || target.type === 'attribute')) names.add(target.text);
    }
    return names;
  });
}

/** Options added with `parser.add_argument("--hub-token", ...)`: their namespace attribute and node. */
export function argparseOptions(facts: FileFacts): { dest: string; node: SyntaxNode; isFlag: boolean; help?: string }[] {
  return facts.memo('tracking.options', () => {
    const out: { dest: string; node: SyntaxNode; isFlag: boolean; help?: string }[] = [];
    for (const call of facts.calls) {
      if (call.method !== 'add_argument') continue;
      const dest = stringValue(call.kwargs.get('dest')) ?? call.args.map((n) => stringValue(n)).find((s) => s?.startsWith('--')) ?? call.args.map((n) => stringValue(n)).find((s) => s !== undefined && !s.startsWith('-'));
      if (!dest) continue;
      const action = stringValue(call.kwargs.get('action'));
      out.push({ dest: dest.replace(/^-+/, '').replace(/-/g, '_'), node: call.node, isFlag: action === 'store_true' || action === 'store_false' || action === 'count', help: stringValue(call.kwargs.get('help')) });
    }
    return out;
  });
}
