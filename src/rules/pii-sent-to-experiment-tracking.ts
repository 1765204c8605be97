import type { Rule } from '../engine/rule';
import type { SyntaxNode } from '../engine/parser';
import { dataframeFacts, type Value } from '../engine/facts/dataframes';
import { piiValuesIn, sensitiveColumns } from '../engine/pii/sinks';
import { stringValue } from '../engine/ast';

const MLFLOW = /^mlflow\.(log_param|log_params|log_dict|log_table|log_text|log_artifact|log_input|set_tag|set_tags|log_figure_noop)$/;
const RUN_METHODS = new Set(['log', 'log_param', 'log_params', 'log_parameter', 'log_parameters', 'log_table', 'log_text', 'log_dict', 'log_other', 'log_others', 'log_dataframe_profile', 'log_artifact', 'log_asset', 'log_input', 'set_tag', 'set_tags', 'log_dataset', 'upload', 'add_tags', 'log_table_noop']);
const RUN_RECEIVER = /^(run|wandb_run|experiment|exp|comet_exp|comet_experiment|neptune_run|task|logger_run|self\.run|self\.experiment|self\.wandb_run)$/;

function basename(p: string): string {
  return p.replace(/\\/g, '/').split('/').pop() ?? p;
}

// The rule page is generated from `meta.docs` (`mlguard rules --write-docs docs/rules`): one source.
export const piiSentToExperimentTracking: Rule = {
  meta: {
    id: 'PII004',
    name: 'pii-sent-to-experiment-tracking',
    family: 'PII',
    defaultSeverity: 'warning',
    confidence: 'medium',
    title: 'Personal data sent to experiment tracking',
    fixAvailability: 'none',
    docs: {
      what: 'Finds MLflow, Weights & Biases, Comet and Neptune logging calls (log_param(s), log_dict, log_table, log_text, log_input, set_tag(s), log_artifact of a file written from personal data, wandb.log of wandb.Table(dataframe=df)) that receive a personal-data value or a DataFrame that still holds personal-data columns.',
      why: 'Experiment trackers are shared or hosted stores outside the dataset\'s access control and retention; logging personal data there is a disclosure to a processor or to every project member (GDPR Art. 5(1)(f), Art. 28, Art. 32, Art. 44 for hosted services outside the EEA).',
      example: {
        bad: 'wandb.log({"predictions": wandb.Table(dataframe=scored[["email", "score"]])})',
        good: 'wandb.log({"predictions": wandb.Table(dataframe=scored[["customer_id", "score"]])})',
      },
      fixSafety: 'No automatic fix: log aggregates, a sample with identifiers dropped, or pseudonymous keys instead.',
    },
    references: {
      cwe: ['CWE-359'],
      gdpr: ['Art. 5(1)(c)', 'Art. 5(1)(f)', 'Art. 28', 'Art. 32', 'Art. 44'],
      nist: ['Map', 'Manage'],
      stride: ['Information disclosure'],
    },
  },
  check(ctx) {
    const df = dataframeFacts(ctx.facts);
    for (const call of ctx.facts.calls) {
      const q = call.qualified ?? '';
      const m = call.method ?? '';
      let tracking = MLFLOW.test(q) || /^(wandb\.log|wandb\.run\.log|wandb\.log_artifact|wandb\.save)$/.test(q) || /^(mlflow\.tracking\.MlflowClient\.\w+)$/.test(q);
      if (!tracking && call.receiver && RUN_METHODS.has(m)) {
        // neptune: run["data/sample"].upload(...) / run["eval/examples"].log(...)
        const recvNode = call.receiver.type === 'subscript' ? (call.receiver.childForFieldName('value') ?? call.receiver) : call.receiver;
        const rv = df.valueAt(recvNode);
        tracking = rv?.kind === 'tracker' || RUN_RECEIVER.test(recvNode.text);
      }
      if (!tracking) continue;
      const reasons: { node: SyntaxNode; text: string }[] = [];
      const checkValue = (node: SyntaxNode): void => {
        if (node.type === 'dictionary') {
          for (const pair of node.namedChildren) {
            const v = pair?.type === 'pair' ? pair.childForFieldName('value') : undefined;
            if (v) checkValue(v);
          }
          return;
        }
        const v: Value | undefined = df.valueAt(node);
        // a wrapper around a frame (neptune File.as_html(df), comet's helpers): look inside
        if (!v && node.type === 'call' && /(as_html|as_pickle|from_content|from_pandas|Table|Dataset|DataFrame)$/.test(node.childForFieldName('function')?.text ?? '')) {
          for (const a of node.childForFieldName('arguments')?.namedChildren ?? []) if (a && a.type !== 'comment') checkValue(a.type === 'keyword_argument' ? (a.childForFieldName('value') ?? a) : a);
          return;
        }
        if (v?.kind === 'frame' && !v.row) {
          const cols = sensitiveColumns([...v.columns.values()], ctx.config, 'tracking', v);
          if (cols.length) reasons.push({ node, text: `a table with ${[...new Set(cols.map((c) => `\`${c.column.name}\``))].join(', ')} (${[...new Set(cols.map((c) => c.match.label))].join('; ')})` });
          return;
        }
        const path = v?.kind === 'string' ? v.value : stringValue(node);
        if (path !== undefined && (m === 'log_artifact' || m === 'save' || m === 'log_asset' || m === 'upload')) {
          const w = df.writes.find((x) => x.path !== undefined && (x.path === path || basename(x.path) === basename(path)));
          if (w) {
            const cols = sensitiveColumns([...w.frame.columns.values()], ctx.config, 'tracking', w.frame);
            if (cols.length) reasons.push({ node, text: `file "${basename(path)}" written with ${[...new Set(cols.map((c) => `\`${c.column.name}\``))].join(', ')}` });
            return;
          }
          // the raw personal-data file this script reads
          const load = df.loads.find((l) => {
            const src = l.source ? stringValue(l.source) : undefined;
            return src !== undefined && (src === path || basename(src) === basename(path));
          });
          if (load) {
            const cols = sensitiveColumns([...load.frame.columns.values()], ctx.config, 'tracking', load.frame);
            if (cols.length) reasons.push({ node, text: `file "${basename(path)}" holding ${[...new Set(cols.map((c) => `\`${c.column.name}\``))].join(', ')}` });
          }
          return;
        }
        for (const u of piiValuesIn(node, ctx.facts, ctx.config, 'tracking')) reasons.push({ node: u.node, text: `\`${u.name}\` (${u.match.label})` });
      };
      for (const a of call.args) checkValue(a);
      for (const [k, v] of call.kwargs) if (!['artifact_file', 'artifact_path', 'key', 'step', 'commit', 'name', 'context'].includes(k)) checkValue(v);
      if (!reasons.length) continue;
      ctx.report({
        node: call.node,
        message: `Personal data is sent to experiment tracking here: ${[...new Set(reasons.map((r) => r.text))].join('; ')}. Trackers are shared or hosted stores outside the dataset's controls (GDPR Art. 5(1)(f), Art. 28, Art. 32): log aggregates or drop the identifiers first.`,
        related: reasons.filter((r) => r.node.startIndex !== call.node.startIndex).map((r) => ({ node: r.node, message: r.text })),
      });
    }
  },
};
