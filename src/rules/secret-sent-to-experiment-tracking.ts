import type { Rule, RuleContext } from '../engine/rule';
import type { SyntaxNode } from '../engine/parser';
import { dottedName, stringValue } from '../engine/ast';
import { classifySecretName, isPlaceholder } from '../engine/secrets';
import { lastAssignedValue } from '../engine/last-assignment';
import { argparseNamespaces, argparseOptions, trackedPayloads, type TrackedPayload } from '../engine/models/tracking';

/** Help text that says what a secret-named option is for; `A token to use as initializer word` is a vocabulary token. */
const CREDENTIAL_HELP = /auth|hub|api|access|credential|password|passphrase|secret|login|push|upload|private|account|sign|bearer|service/i;

const TRIVIAL_VALUES = new Set(['none', 'true', 'false', 'integer', 'float']);
const NAMESPACE_WRAPPERS = new Set(['vars', 'dict', 'asdict', 'copy', 'deepcopy']);

interface Hit {
  node: SyntaxNode;
  what: string;
  related?: { node: SyntaxNode; message: string };
  /** A literal secret value on the line, masked in every output. */
  secret?: string;
}

function trivial(value: SyntaxNode | undefined): boolean {
  if (!value) return false;
  if (TRIVIAL_VALUES.has(value.type)) return true;
  const s = stringValue(value);
  return s !== undefined && (s === '' || isPlaceholder(s));
}

/** The secret name a value expression carries (`hf_token`, `args.api_key`, `cfg["password"]`). */
function secretNameOf(value: SyntaxNode): string | undefined {
  let name: string | undefined;
  if (value.type === 'identifier') name = value.text;
  else if (value.type === 'attribute') name = value.childForFieldName('attribute')?.text;
  else if (value.type === 'subscript') name = stringValue(value.childForFieldName('subscript'));
  return name !== undefined && classifySecretName(name) ? name : undefined;
}

function isEnvironment(node: SyntaxNode, ctx: RuleContext): boolean {
  const q = ctx.facts.imports.resolve(dottedName(node) ?? '');
  return q === 'os.environ';
}

/** A whole argparse namespace (`args`, `vars(args)`, `args.__dict__`, `dict(vars(args))`). */
function namespaceOf(node: SyntaxNode, ctx: RuleContext): string | undefined {
  if (node.type === 'call') {
    const fn = dottedName(node.childForFieldName('function'))?.split('.').pop() ?? '';
    const first = node.childForFieldName('arguments')?.namedChildren.find((a) => a && a.type !== 'comment' && a.type !== 'keyword_argument');
    return NAMESPACE_WRAPPERS.has(fn) && first ? namespaceOf(first, ctx) : undefined;
  }
  if (node.type === 'attribute' && node.childForFieldName('attribute')?.text === '__dict__') return namespaceOf(node.childForFieldName('object')!, ctx);
  return (node.type === 'identifier' || node.type === 'attribute') && argparseNamespaces(ctx.facts).has(node.text) ? node.text : undefined;
}

/**
 * `if args.report_to == "wandb" and args.hub_token is not None: raise ...`: the file refuses this
 * option for W&B, which protects a W&B-only sink (not accelerate's other trackers).
 */
function refusedForWandb(ctx: RuleContext, ns: string, dest: string): boolean {
  return ctx.facts.memo(`tracking.refused.${ns}.${dest}`, () =>
    ctx.root.descendantsOfType('if_statement').some((i) => {
      const cond = i?.childForFieldName('condition')?.text ?? '';
      return cond.includes(`${ns}.${dest}`) && cond.includes('wandb') && /\braise\b/.test(i?.childForFieldName('consequence')?.text ?? '');
    }),
  );
}

function mappingHits(node: SyntaxNode, ctx: RuleContext, depth = 0, wandbOnly = false): Hit[] {
  const hits: Hit[] = [];
  if (depth > 4) return hits;
  if (node.type === 'dictionary') {
    for (const item of node.namedChildren) {
      if (!item) continue;
      if (item.type === 'dictionary_splat') {
        const inner = item.namedChildren[0];
        if (inner) hits.push(...mappingHits(inner, ctx, depth + 1));
        continue;
      }
      if (item.type !== 'pair') continue;
      const key = stringValue(item.childForFieldName('key'));
      const value = item.childForFieldName('value');
      if (!value || trivial(value)) continue;
      if (key !== undefined && classifySecretName(key)) hits.push({ node: item, what: `key "${key}"`, secret: stringValue(value) });
      else {
        const name = secretNameOf(value);
        if (name) hits.push({ node: value, what: `\`${value.text}\`` });
        else if (value.type === 'dictionary') hits.push(...mappingHits(value, ctx, depth + 1));
      }
    }
    return hits;
  }
  if (isEnvironment(node, ctx)) return [{ node, what: 'the whole environment (`os.environ`), with every token and password set in it' }];
  const ns = namespaceOf(node, ctx);
  if (ns) {
    for (const o of argparseOptions(ctx.facts)) {
      if (o.isFlag || !classifySecretName(o.dest) || (o.help !== undefined && !CREDENTIAL_HELP.test(o.help))) continue;
      if (wandbOnly && refusedForWandb(ctx, ns, o.dest)) continue;
      hits.push({ node, what: `the whole \`${ns}\` namespace, including its \`--${o.dest}\` option`, related: { node: o.node, message: `\`${o.dest}\` is defined here` } });
    }
    return hits;
  }
  if (node.type === 'call') {
    const fn = dottedName(node.childForFieldName('function')) ?? '';
    if (fn === 'dict') {
      for (const a of node.childForFieldName('arguments')?.namedChildren ?? []) {
        if (!a || a.type === 'comment') continue;
        if (a.type === 'keyword_argument') {
          const name = a.childForFieldName('name')?.text ?? '';
          const value = a.childForFieldName('value');
          if (classifySecretName(name) && !trivial(value ?? undefined)) hits.push({ node: a, what: `key "${name}"`, secret: stringValue(value) });
        } else if (a.type === 'dictionary_splat') {
          const inner = a.namedChildren[0];
          if (inner) hits.push(...mappingHits(inner, ctx, depth + 1));
        } else hits.push(...mappingHits(a, ctx, depth + 1));
      }
    }
    return hits;
  }
  if (node.type === 'identifier') {
    // A dict built just before in the same scope: `params = {...}; mlflow.log_params(params)`.
    const assigned = lastAssignedValue(ctx.facts, node.text, node.startIndex);
    // Reported at the sink's argument, pointing at where the secret entered the dict.
    if (assigned && (assigned.type === 'dictionary' || assigned.type === 'call')) {
      return mappingHits(assigned, ctx, depth + 1, wandbOnly).map((h) => ({ node, what: `\`${node.text}\`, which holds ${h.what}`, related: { node: h.node, message: `${h.what} is put in \`${node.text}\` here` } }));
    }
  }
  return hits;
}

function payloadHits(p: TrackedPayload, ctx: RuleContext): Hit[] {
  if (p.key) {
    if (trivial(p.key.value)) return [];
    if (classifySecretName(p.key.name)) return [{ node: p.key.node, what: `key "${p.key.name}"`, secret: p.key.value ? stringValue(p.key.value) : undefined }];
    const name = p.key.value ? secretNameOf(p.key.value) : undefined;
    return name && p.key.value ? [{ node: p.key.value, what: `\`${p.key.value.text}\`` }] : [];
  }
  return p.mapping ? mappingHits(p.mapping, ctx, 0, p.sinkName.startsWith('wandb.')) : [];
}

// The rule page is generated from `meta.docs` (`mlguard rules --write-docs docs/rules`): one source.
export const secretSentToExperimentTracking: Rule = {
  meta: {
    id: 'SEC005',
    name: 'secret-sent-to-experiment-tracking',
    family: 'SEC',
    defaultSeverity: 'error',
    confidence: 'medium',
    title: 'Token or password recorded as an experiment-tracking parameter, tag or config',
    fixAvailability: 'none',
    docs: {
      what: 'Reports MLflow and Weights & Biases calls that record a secret as run data: `mlflow.log_param(key, value)` / `set_tag` (and `MlflowClient().log_param(run_id, key, value)`) whose key or value variable has a secret name, `mlflow.log_params` / `set_tags` / `wandb.init(config=...)` / `wandb.config.update(...)` / `run.config.update(...)` with a dict key or value with a secret name (judged by the same classifier as SEC002: `hf_token`, `api_key`, `db_password`; not `max_tokens` or `pad_token`), `wandb.config["api_key"] = ...`, a whole argparse namespace (`vars(args)`, `args.__dict__`, `args`) when the file defines a secret option (`--hub_token`; not `store_true` flags, nor options whose help text shows a vocabulary token such as `--initializer_token`), and the whole `os.environ`. accelerate\'s `accelerator.init_trackers(name, config)` counts as a tracker config (it forwards the config to W&B, MLflow, Comet...). A guard that refuses the option with `report_to == "wandb"` (`if ...: raise`) protects a W&B sink (`wandb.init`, `wandb.config`), which is then not reported; it does not protect accelerate\'s other trackers (TensorBoard, MLflow, Comet...), so `init_trackers` is still reported. Values that are `None`, booleans, numbers, empty strings or placeholders are not secrets.',
      why: 'Run parameters and configs are stored in plain text on the tracking server, shown to everyone with access to the project or workspace, exported with runs and kept for the project\'s lifetime: a token recorded there is disclosed to far more people than its owner and outlives any rotation of the source (CWE-532 sensitive information in logs, CWE-200; MITRE ATLAS AML.T0055 unsecured credentials; GDPR Art. 32 when it guards personal data).',
      example: {
        bad: 'import argparse\nimport os\n\nimport mlflow\nimport wandb\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--hub_token", help="Token to push to the Hub")\nargs = parser.parse_args()\nwandb.init(project="churn", config=vars(args))\nmlflow.log_param("hf_token", os.environ["HF_TOKEN"])',
        good: 'import argparse\n\nimport wandb\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--hub_token", help="Token to push to the Hub")\nargs = parser.parse_args()\nSECRET_OPTIONS = {"hub_token"}\nwandb.init(project="churn", config={k: v for k, v in vars(args).items() if k not in SECRET_OPTIONS})',
      },
      fixSafety: 'No automatic fix: drop the secret keys from the payload (or log only whether a token was set); which keys to keep is the author\'s call. Rotate any token already recorded: deleting a run does not remove it from exports and backups.',
    },
    references: {
      cwe: ['CWE-532', 'CWE-200'],
      gdpr: ['Art. 32'],
      nist: ['Manage'],
      stride: ['Information disclosure'],
      atlas: ['AML.T0055 Unsecured Credentials'],
    },
  },
  // Every sink of models/tracking.ts names one of these in the source: its method (log_param(s),
  // set_tag(s), init_trackers), a wandb import, or a run's `.config` (prefilter).
  requires: ['log_param', 'set_tag', 'wandb', 'init_trackers', 'run.config'],
  check(ctx) {
    for (const p of trackedPayloads(ctx.facts)) {
      for (const hit of payloadHits(p, ctx)) {
        ctx.report({
          node: hit.node,
          message: `A secret is recorded by \`${p.sinkName}\`: ${hit.what}. Run parameters and configs are stored in plain text and shown to everyone with access to the project (CWE-532): leave tokens and passwords out of what the run records, and rotate any already logged.`,
          related: hit.related ? [hit.related] : [],
          secrets: hit.secret ? [hit.secret] : undefined,
        });
      }
    }
  },
};
