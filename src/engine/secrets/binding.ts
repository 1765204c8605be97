// What a string literal is bound to, read from the AST around it: the variable, attribute,
// keyword argument, dict key, `os.environ[...]` key, env-lookup default, parameter default or
// comparison operand that gives the literal its meaning. Shared by the SEC rules (to decide
// whether a literal is a secret, to name it in messages and to derive the fix's variable name).
import { PROVIDER_ENV_PREFIX } from '../models/secrets';
import { credentialConfigKey } from './config-keys';
import { envNameFor } from './names';
import type { SyntaxNode } from '../parser';
import type { CallFact, FileFacts } from '../facts';
import { dottedName, stringValue } from '../ast';

export type BindingKind =
  | 'variable'
  | 'attribute'
  | 'subscript'
  | 'environ'
  | 'keyword'
  | 'dict-key'
  | 'parameter'
  | 'env-default'
  | 'get-default'
  | 'option-default'
  | 'comparison'
  | 'config-key'
  | 'positional';

export interface Binding {
  kind: BindingKind;
  /** The name that gives the literal its meaning (`api_key`, `DB_PASSWORD`, `--token`). */
  name: string;
  /** How to show it in a message: `self.api_key`, `password=`, `os.getenv("API_KEY", ...)`. */
  display: string;
  /** The literal itself, widened over enclosing parentheses. */
  node: SyntaxNode;
  /** The call the literal is an argument of (keyword, positional and default kinds). */
  call?: CallFact;
  /** For assignments: the whole assignment node; for keyword arguments: the keyword_argument node. */
  owner?: SyntaxNode;
  /** For attributes: the object's dotted name (`stripe` in `stripe.api_key`). */
  object?: string;
  /** For positional arguments: the index. */
  index?: number;
}

const ENV_GETTERS = new Set(['os.getenv', 'os.environ.get', 'os.environ.setdefault']);

export function callIndex(facts: FileFacts): Map<number, CallFact> {
  return facts.memo('sec:callByNode', () => new Map(facts.calls.map((c) => [c.node.id, c])));
}

/**
 * The value of a plain string literal; unlike ast.stringValue, comments between the parts of an
 * implicit concatenation are skipped (`("-----BEGIN ...\n"  # comment\n "...")`).
 */
export function literalValue(node: SyntaxNode): string | undefined {
  if (node.type !== 'concatenated_string') return stringValue(node);
  let out = '';
  for (const part of node.namedChildren) {
    if (!part || part.type === 'comment') continue;
    const v = stringValue(part);
    if (v === undefined) return undefined;
    out += v;
  }
  return out;
}

/** Name of an assignment target / comparison operand: identifier, attribute, or subscript with a string key. */
function targetName(node: SyntaxNode, facts: FileFacts): { kind: BindingKind; name: string; display: string; object?: string } | undefined {
  if (node.type === 'identifier') return { kind: 'variable', name: node.text, display: node.text };
  if (node.type === 'attribute') {
    const attr = node.childForFieldName('attribute')?.text;
    if (!attr) return undefined;
    const obj = node.childForFieldName('object');
    const objName = dottedName(obj);
    return { kind: 'attribute', name: attr, display: objName ? `${objName}.${attr}` : attr, object: objName };
  }
  if (node.type === 'subscript') {
    const key = stringValue(node.childForFieldName('subscript'));
    if (key === undefined) return undefined;
    const value = node.childForFieldName('value');
    const isEnviron = facts.imports.resolveNode(value) === 'os.environ';
    const shown = value && value.text.length <= 40 ? value.text : '…';
    return { kind: isEnviron ? 'environ' : 'subscript', name: key, display: `${shown}["${key}"]` };
  }
  return undefined;
}

/** Calls that only wrap their value: `SecretStr("...")`, `Field(default="...")`; the name is the wrapper's. */
const WRAPPERS = new Set(['SecretStr', 'SecretBytes', 'Secret', 'Field', 'field']);

function wrapped(call: CallFact, node: SyntaxNode, facts: FileFacts): Binding | undefined {
  const outer = bindingOf(call.node, facts);
  if (!outer || outer.kind === 'positional') return undefined;
  return { ...outer, node, call: undefined, owner: undefined };
}

/** The binding of a string literal, or undefined when nothing names it. */
export function bindingOf(literal: SyntaxNode, facts: FileFacts): Binding | undefined {
  let node = literal;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const parent = node.parent;
  if (!parent) return undefined;
  switch (parent.type) {
    case 'assignment': {
      const right = parent.childForFieldName('right');
      if (!right || right.id !== node.id) return undefined;
      const left = parent.childForFieldName('left');
      const t = left && targetName(left, facts);
      return t ? { ...t, node, owner: parent } : undefined;
    }
    case 'expression_list': {
      // a, b = "x", "y"
      const assign = parent.parent;
      if (assign?.type !== 'assignment' || assign.childForFieldName('right')?.id !== parent.id) return undefined;
      const left = assign.childForFieldName('left');
      if (!left || (left.type !== 'pattern_list' && left.type !== 'tuple_pattern')) return undefined;
      const i = parent.namedChildren.findIndex((c) => c?.id === node.id);
      const target = left.namedChildren[i];
      const t = target && targetName(target, facts);
      return t ? { ...t, node } : undefined;
    }
    case 'keyword_argument': {
      if (parent.childForFieldName('value')?.id !== node.id) return undefined;
      const name = parent.childForFieldName('name')?.text;
      const call = parent.parent?.parent ? callIndex(facts).get(parent.parent.parent.id) : undefined;
      if (!name) return undefined;
      if (call && name === 'value') {
        // .config(key="spark.hadoop.fs.s3a.secret.key", value="..."), conf.set("fs.azure.account.key...", value="...")
        const key = stringValue(call.kwargs.get('key') ?? call.args[0]);
        if (key !== undefined && credentialConfigKey(key)) return { kind: 'config-key', name: key, display: `${call.callee ?? call.method ?? 'set'}("${key}", …)`, node, call, owner: parent };
      }
      if (call && name === 'default' && call.method && WRAPPERS.has(call.method)) return wrapped(call, node, facts);
      if (call && name === 'default') {
        if (call.qualified && ENV_GETTERS.has(call.qualified)) {
          const key = stringValue(call.args[0]);
          if (key !== undefined) return { kind: 'env-default', name: key, display: `${call.callee}("${key}", default=…)`, node, call, owner: parent };
        }
        // argparse / click: parser.add_argument("--api-key", default="...")
        const option = call.args.map((a) => stringValue(a)).find((v) => v !== undefined && v.startsWith('-'));
        if (option !== undefined) return { kind: 'option-default', name: option, display: `${call.callee ?? 'option'}("${option}", default=…)`, node, call, owner: parent };
      }
      return { kind: 'keyword', name, display: `${name}=`, node, call, owner: parent };
    }
    case 'pair': {
      if (parent.childForFieldName('value')?.id !== node.id) return undefined;
      const key = stringValue(parent.childForFieldName('key'));
      return key === undefined ? undefined : { kind: 'dict-key', name: key, display: `"${key}":`, node, owner: parent };
    }
    case 'default_parameter':
    case 'typed_default_parameter': {
      if (parent.childForFieldName('value')?.id !== node.id) return undefined;
      const name = parent.childForFieldName('name')?.text;
      return name ? { kind: 'parameter', name, display: `parameter \`${name}\``, node, owner: parent } : undefined;
    }
    case 'argument_list': {
      const call = parent.parent ? callIndex(facts).get(parent.parent.id) : undefined;
      if (!call) return undefined;
      const index = call.args.findIndex((a) => a.id === node.id);
      if (index < 0) return undefined;
      if (index === 0 && call.method && WRAPPERS.has(call.method)) return wrapped(call, node, facts);
      if (index === 1) {
        const key = stringValue(call.args[0]);
        // .config("spark.hadoop.fs.s3a.secret.key", "..."), spark.conf.set(...), hadoopConfiguration().set(...), .option(...)
        if (key !== undefined && credentialConfigKey(key)) {
          return { kind: 'config-key', name: key, display: `${call.callee ?? call.method ?? 'set'}("${key}", …)`, node, call, index };
        }
        if (key !== undefined && call.qualified === 'os.putenv') {
          return { kind: 'environ', name: key, display: `${call.callee}("${key}", …)`, node, call, index, owner: call.node };
        }
        if (key !== undefined && call.qualified && ENV_GETTERS.has(call.qualified)) {
          return { kind: 'env-default', name: key, display: `${call.callee}("${key}", …)`, node, call, index };
        }
        if (key !== undefined && (call.method === 'get' || call.method === 'setdefault' || call.method === 'getenv')) {
          return { kind: 'get-default', name: key, display: `${call.callee ?? call.method}("${key}", …)`, node, call, index };
        }
      }
      return { kind: 'positional', name: '', display: `argument ${index + 1} of ${call.callee ?? 'a call'}`, node, call, index };
    }
    case 'tuple': {
      // SparkConf().setAll([("spark.hadoop.fs.s3a.secret.key", "..."), ...])
      const items = parent.namedChildren.filter((c) => c && c.type !== 'comment');
      const key = items.length === 2 && items[1]?.id === node.id ? stringValue(items[0]) : undefined;
      return key !== undefined && credentialConfigKey(key) ? { kind: 'config-key', name: key, display: `("${key}", …)`, node, owner: parent } : undefined;
    }
    case 'comparison_operator': {
      const ops = parent.children.filter((c) => c && !c.isNamed).map((c) => c!.type);
      if (parent.namedChildCount !== 2 || !ops.every((o) => o === '==' || o === '!=')) return undefined;
      const other = parent.namedChildren.find((c) => c && c.id !== node.id);
      const t = other && targetName(other, facts);
      return t ? { kind: 'comparison', name: t.name, display: `comparison with ${t.display}`, node, owner: parent } : undefined;
    }
  }
  return undefined;
}

const GENERIC = new Set(['api', 'key', 'token', 'auth', 'authorization', 'secret', 'access', 'bearer']);

function isGenericName(name: string): boolean {
  const words = name.split(/[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])/).map((w) => w.toLowerCase()).filter(Boolean);
  return words.length > 0 && words.every((w) => GENERIC.has(w) || w === 'apikey');
}

/** The provider prefix implied by the binding's call or module attribute (`openai.api_key`, `OpenAI(api_key=)`). */
export function providerPrefix(binding: Binding, facts: FileFacts): string | undefined {
  let root: string | undefined;
  if (binding.kind === 'attribute' && binding.object) root = facts.imports.resolve(binding.object).split('.')[0];
  else if (binding.kind === 'keyword' && binding.call?.qualified) root = binding.call.qualified.split('.')[0];
  return root ? PROVIDER_ENV_PREFIX[root] : undefined;
}

/**
 * The environment variable a fix should read: from the bound name (UPPER_SNAKE), prefixed with
 * the provider for generic names (`openai.api_key` -> OPENAI_API_KEY), or `fallback` when the
 * name is generic and no provider is known from the code (`token = "ghp_..."` -> GITHUB_TOKEN).
 */
export function envNameForBinding(binding: Binding | undefined, facts: FileFacts, fallback: string, envNameFor: (n: string) => string): string {
  if (!binding || !binding.name || binding.kind === 'positional') return fallback;
  const own = envNameFor(binding.name);
  if (!isGenericName(binding.name)) return own;
  const prefix = providerPrefix(binding, facts);
  if (prefix) return own.startsWith(`${prefix}_`) ? own : `${prefix}_${own}`;
  return fallback;
}

/** Names that say nothing about which credential they hold. */
const GENERIC_CONSTANT = /^_?(?:key|secret|token|password|passwd|pw|pwd|k|s|value|val)$/i;

/**
 * The environment variable for a constant (`SIGNING`, `self.issuer_key`) whose literal a fix
 * replaces: its own name, so two constants never collapse into one variable; `fallback` for
 * generic names (`key`).
 */
export function envNameForConstant(name: string, fallback: string): string {
  const own = name.split('.').pop() ?? '';
  return own && !GENERIC_CONSTANT.test(own) ? envNameFor(own) : fallback;
}
