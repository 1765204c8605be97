import type { Rule } from '../engine/rule';
import type { SyntaxNode } from '../engine/parser';
import { dataframeFacts, type FrameValue } from '../engine/facts/dataframes';
import { piiValuesIn, sensitiveColumns } from '../engine/pii/sinks';
import { fileWrites } from '../engine/pii/file-writes';
import { pseudonymiseFix } from '../engine/pii/fixes';
import { dottedName } from '../engine/ast';
import type { Fix } from '../engine/types';

const SPARK_WRITE = new Set(['csv', 'parquet', 'json', 'orc', 'save', 'saveAsTable', 'insertInto', 'text', 'jdbc', 'avro', 'delta', 'append', 'overwrite', 'create', 'createOrReplace', 'start', 'toTable']);

/** For `df.write.mode(...).parquet(p)`: the `df` node. */
function sparkWriteReceiver(fn: SyntaxNode): SyntaxNode | undefined {
  let cur: SyntaxNode | null = fn;
  while (cur) {
    if (cur.type === 'attribute') {
      const attr = cur.childForFieldName('attribute')?.text;
      const obj = cur.childForFieldName('object');
      if (attr === 'write' || attr === 'writeTo' || attr === 'writeStream') return obj ?? undefined;
      if (attr === 'writeTo' && obj) return obj;
      cur = obj;
    } else if (cur.type === 'call') cur = cur.childForFieldName('function');
    else return undefined;
  }
  return undefined;
}

// The rule page is generated from `meta.docs` (`mlguard rules --write-docs docs/rules`): one source.
export const piiColumnWrittenOut: Rule = {
  meta: {
    id: 'PII002',
    name: 'pii-column-written-out',
    family: 'PII',
    defaultSeverity: 'warning',
    confidence: 'medium',
    title: 'Personal-data columns exported to a file or table',
    fixTitle: 'Drop the personal-data columns from the export',
    fixAvailability: 'sometimes',
    docs: {
      what: 'Finds DataFrame exports (to_csv, to_parquet, to_json, to_excel, to_sql, to_pickle, to_feather, polars write_*, Spark df.write...) whose frame still holds personal-data columns that were not dropped or masked before the write. Records written row by row to files opened for writing (JSONL training sets built with `fh.write(json.dumps(...))`, `json.dump`, csv writers) Hugging Face `Dataset.to_json` / `push_to_hub` / `save_to_disk` exports, and exports rendered in memory and handed to an upload (`blob.upload_from_string(df.to_csv())`) count too; an S3 `put_object(Body=df.to_csv())` is left to PII005, which judges its encryption. Identifiers and special categories are reported; ordinary attributes (income) only when `[tool.mlguard.pii.report] export` includes `"attribute"`. Unsalted digests (`sha256`, Spark `sha2`) are not masking.',
      why: 'Each exported copy of personal data is a new store that must be secured (GDPR Art. 32), minimised (Art. 5(1)(c)), inventoried and erased on request (Art. 17). Pseudonymised data is still personal data (Recital 26), but a keyed pseudonym limits the damage of a leak.',
      example: {
        bad: 'import pandas as pd\n\ncustomers = pd.read_csv("customers.csv", usecols=["customer_id", "name", "email", "tenure"])\nscored = customers.assign(score=0.5)\nscored.to_csv("scores.csv")',
        good: 'import logging\n\nimport pandas as pd\n\naudit_log = logging.getLogger("audit")\naudit_log.info("read customers.csv for the churn scores export")\ncustomers = pd.read_csv("customers.csv", usecols=["customer_id", "name", "email", "tenure"])\nscored = customers.assign(score=0.5)\nscored.drop(columns=["name", "email"]).to_csv("scores.csv")',
      },
      fixSafety: 'Unsafe: dropping the columns changes the exported schema that downstream jobs may read. Replacing the values with a keyed HMAC-SHA256 pseudonym (PSEUDONYM_KEY from the environment) is offered as a suggestion.',
    },
    references: {
      cwe: ['CWE-359', 'CWE-312'],
      gdpr: ['Art. 5(1)(c)', 'Art. 5(1)(f)', 'Art. 25', 'Art. 32', 'Recital 26'],
      nist: ['Map', 'Manage'],
      stride: ['Information disclosure'],
    },
  },
  check(ctx) {
    const df = dataframeFacts(ctx.facts);
    const sinks: { call: SyntaxNode; receiver: SyntaxNode; frame: FrameValue }[] = [];
    for (const w of df.writes) {
      const fn = w.call.childForFieldName('function');
      const receiver = fn?.type === 'attribute' ? fn.childForFieldName('object') : undefined;
      if (receiver) sinks.push({ call: w.call, receiver, frame: w.frame });
    }
    for (const call of ctx.facts.calls) {
      if (!call.method || !SPARK_WRITE.has(call.method)) continue;
      const receiver = sparkWriteReceiver(call.function);
      if (!receiver) continue;
      const v = df.valueAt(receiver);
      if (v?.kind === 'frame') sinks.push({ call: call.node, receiver, frame: { ...v, spark: true } });
    }
    for (const s of sinks) {
      if (s.frame.row) continue;
      const cols = sensitiveColumns([...s.frame.columns.values()], ctx.config, 'export', s.frame, dottedName(s.receiver));
      if (!cols.length) continue;
      const names = [...new Set(cols.map((c) => c.column.name))];
      const shown = names.map((n) => `\`${n}\``).join(', ');
      const labels = [...new Set(cols.map((c) => c.match.label))].join('; ');
      const fixes: Fix[] = [];
      if (s.frame.dataframe || s.frame.spark) {
        const drop = s.frame.spark ? `.drop(${names.map((n) => JSON.stringify(n)).join(', ')})` : `.drop(columns=[${names.map((n) => JSON.stringify(n)).join(', ')}])`;
        const needsParens = !['identifier', 'attribute', 'subscript', 'call', 'parenthesized_expression'].includes(s.receiver.type);
        fixes.push({
          title: `Drop ${shown} from the export`,
          applicability: 'unsafe',
          edits: needsParens
            ? [
                { start: s.receiver.startIndex, end: s.receiver.startIndex, text: '(' },
                { start: s.receiver.endIndex, end: s.receiver.endIndex, text: `)${drop}` },
              ]
            : [{ start: s.receiver.endIndex, end: s.receiver.endIndex, text: drop }],
        });
      }
      const pseudo = pseudonymiseFix(ctx, s.receiver, s.frame, cols.map((c) => c.column));
      if (pseudo) fixes.push(pseudo);
      ctx.report({
        node: s.call,
        message: `Personal data ${shown} (${labels}) is written out here unmasked. Each exported copy must be secured, minimised and erasable (GDPR Art. 5(1)(c), Art. 32): drop the columns from the export or pseudonymise them with a keyed hash.`,
        related: cols.map((c) => ({ node: c.column.origin, message: `\`${c.column.name}\` enters the data here` })),
        fixes,
      });
    }
    // free text and records written to files row by row (JSONL training sets, CSV writers)
    for (const w of fileWrites(ctx.facts)) {
      const uses = piiValuesIn(w.value, ctx.facts, ctx.config, 'export');
      if (!uses.length) continue;
      const names = [...new Set(uses.map((u) => `\`${u.name}\``))].join(', ');
      const labels = [...new Set(uses.map((u) => u.match.label))].join('; ');
      ctx.report({
        node: w.call.node,
        message: `Personal data ${names} (${labels}) is written to a file here unmasked. Each exported copy must be secured, minimised and erasable (GDPR Art. 5(1)(c), Art. 32): leave the identifiers out of the records or replace them with a keyed pseudonym.`,
        related: uses.map((u) => ({ node: u.node, message: `\`${u.name}\` is written here` })),
      });
    }
  },
};
