import type { Rule } from '../engine/rule';
import { dataframeFacts } from '../engine/facts/dataframes';
import { sensitiveColumns } from '../engine/pii/sinks';
import { auditFixEdits, auditFixTitle, hasAuditInScope } from '../engine/audit';

export const personalDataLoadWithoutAudit: Rule = {
  meta: {
    id: 'AUD002',
    name: 'personal-data-load-without-audit',
    family: 'AUD',
    defaultSeverity: 'warning',
    confidence: 'medium',
    title: 'Personal data loaded without an audit record',
    fixTitle: 'Record the personal-data read in the audit log',
    fixAvailability: 'sometimes',
    docs: {
      what: 'Finds DataFrame loads (read_csv, read_parquet, read_sql, read_sql_query, read_json, read_excel, spark.read.*, spark.sql, spark.table...) whose columns are known to include personal data (from usecols=, the SELECT list, or later accesses such as df["email"]) in a function or module scope that makes no audit call.',
      why: 'Accountability (GDPR Art. 5(2)), records of processing (Art. 30) and security of processing (Art. 32) require that access to personal data can be traced to a person, purpose and time; HIPAA 164.312(b) requires audit controls for ePHI. A read without an audit record cannot be investigated after an incident.',
      example: {
        bad: 'import pandas as pd\n\ndef load_customers(conn):\n    return pd.read_sql("SELECT name, email, churned FROM customers", conn)',
        good: 'import pandas as pd\n\ndef load_customers(conn):\n    audit_log.info("read personal data: read_sql", extra={"source": "customers"})\n    return pd.read_sql("SELECT name, email, churned FROM customers", conn)',
      },
      fixSafety: 'Inserting the audit call only adds a log record (and, when needed, `import logging` and `audit_log = logging.getLogger("audit")` after the imports); it is marked safe for simple statements and unsafe inside compound statements. Configure the call with `[tool.mlguard.audit] fix-function`.',
    },
    references: {
      cwe: ['CWE-778'],
      gdpr: ['Art. 5(2)', 'Art. 30', 'Art. 32'],
      nist: ['Govern', 'Manage'],
      stride: ['Repudiation', 'Information disclosure'],
    },
  },
  check(ctx) {
    const df = dataframeFacts(ctx.facts);
    for (const load of df.loads) {
      const cols = sensitiveColumns([...load.frame.columns.values()], ctx.config, 'load', load.frame);
      if (!cols.length) continue;
      if (hasAuditInScope(load.scope, ctx.facts, ctx.config)) continue;
      const names = [...new Set(cols.map((c) => `\`${c.column.name}\``))].join(', ');
      const labels = [...new Set(cols.map((c) => c.match.label))].join('; ');
      const method = load.call.childForFieldName('function')?.text.split('.').pop() ?? 'load';
      const fix = auditFixEdits(ctx, load.statement, { what: 'read personal data', operation: method, subject: load.source, subjectKey: 'source', call: load.call });
      ctx.report({
        node: load.call,
        message: `This load reads personal data ${names} (${labels}) with no audit record in the same ${load.scope ? 'function' : 'module scope'}. Accountability (GDPR Art. 5(2), Art. 30, Art. 32) needs a trace of who read which personal data and why: add an audit call (e.g. \`${ctx.config.audit.fixFunction}(...)\`) next to the load.`,
        related: cols.filter((c) => c.column.origin.startIndex !== load.call.startIndex).map((c) => ({ node: c.column.origin, message: `\`${c.column.name}\` is read here` })),
        fixes: fix ? [{ title: auditFixTitle(ctx.config, 'Record the personal-data read in the audit log'), applicability: fix.applicability, edits: fix.edits }] : [],
      });
    }
  },
};
