import type { Rule } from '../engine/rule';
import { piiValuesIn } from '../engine/pii/sinks';
import { isAuditCall } from '../engine/audit';

const LOG_METHODS = new Set(['info', 'debug', 'warning', 'warn', 'error', 'exception', 'critical', 'fatal', 'log', 'trace', 'success']);
const LOGGER_RECEIVER = /(^|[._])(log|logger|logging|_log|_logger|LOG|LOGGER|logs|loguru|structlog)$|logger$|^log_|_log$/i;

// The rule page is generated from `meta.docs` (`mlguard rules --write-docs docs/rules`): one source.
export const piiValueLogged: Rule = {
  meta: {
    id: 'PII003',
    name: 'pii-value-logged',
    family: 'PII',
    defaultSeverity: 'warning',
    confidence: 'medium',
    title: 'Personal-data value printed or logged',
    fixAvailability: 'none',
    docs: {
      what: 'Finds print(), logging and logger calls whose arguments (including f-string fields) read a personal-data value: a column such as df["email"], row.ssn, row["phone"] or body.get("email"), a selection of such columns, a preview (head(), sample(), to_string()) or a whole row or example (print(row), ds[0]) of loaded data whose known columns hold identifiers, a list of records with such keys, or a dump of a same-file record class (asdict(c), app.model_dump() of a dataclass or pydantic model with such fields). Aggregates (.nunique(), .value_counts(), .mean(), len()), shapes, previews of frames of unknown origin and masked values are not reported.',
      why: 'Log lines and notebook outputs are shipped to log aggregators, CI artefacts and tickets with broad access and long retention; personal data there escapes the dataset\'s access control, retention and erasure (GDPR Art. 5(1)(e)-(f), Art. 32).',
      example: {
        bad: 'for _, row in df.iterrows():\n    logger.info(f"scoring {row.email}: {row.score:.2f}")',
        good: 'for _, row in df.iterrows():\n    logger.info(f"scoring customer {row.customer_id}: {row.score:.2f}")',
      },
      fixSafety: 'No automatic fix: log a pseudonymous key (customer_id) or an aggregate instead; which one depends on why the line is logged.',
    },
    references: {
      cwe: ['CWE-359', 'CWE-532'],
      gdpr: ['Art. 5(1)(c)', 'Art. 5(1)(f)', 'Art. 32'],
      nist: ['Map', 'Manage'],
      stride: ['Information disclosure'],
    },
  },
  check(ctx) {
    for (const call of ctx.facts.calls) {
      const q = call.qualified ?? call.callee ?? '';
      const m = call.method ?? '';
      let isLog = false;
      if (call.function.type === 'identifier') isLog = ['print', 'pprint', 'display', 'ic'].includes(m);
      else if (/^(pprint\.pprint|click\.echo|tqdm\.write|tqdm\.tqdm\.write|sys\.stdout\.write|sys\.stderr\.write|rich\.print|loguru\.logger\.\w+)$/.test(q)) isLog = true;
      else if (LOG_METHODS.has(m) && call.receiver) {
        const recv = call.receiver.type === 'call' ? (call.receiver.childForFieldName('function')?.text ?? '') : call.receiver.text;
        isLog = q.startsWith('logging.') || LOGGER_RECEIVER.test(recv) || /getLogger|get_logger/.test(recv) || recv === 'console';
      }
      // Spark `df.select("name", "ssn").show()` prints rows of an explicit selection
      if (!isLog && (m === 'show' || m === 'display') && call.receiver && call.args.every((a) => a.type === 'integer' || a.type === 'false' || a.type === 'true')) {
        const uses = piiValuesIn(call.receiver, ctx.facts, ctx.config, 'logging');
        if (uses.length) {
          ctx.report({
            node: call.node,
            message: `Personal data ${[...new Set(uses.map((u) => `\`${u.name}\``))].join(', ')} is printed here (${m}() of a selection holding it). Outputs escape the dataset's access control and retention (GDPR Art. 5(1)(f), Art. 32): show pseudonymous keys or aggregates instead.`,
            related: uses.map((u) => ({ node: u.node, message: `\`${u.name}\` read here` })),
          });
        }
        continue;
      }
      if (!isLog) continue;
      if (isAuditCall(call, ctx.facts, ctx.config)) continue;
      const uses = [];
      for (const a of call.args) uses.push(...piiValuesIn(a, ctx.facts, ctx.config, 'logging'));
      for (const [k, v] of call.kwargs) if (k === 'extra' || (m === 'print' && !['sep', 'end', 'file', 'flush'].includes(k))) uses.push(...piiValuesIn(v, ctx.facts, ctx.config, 'logging'));
      if (!uses.length) continue;
      const names = [...new Set(uses.map((u) => `\`${u.name}\``))].join(', ');
      const labels = [...new Set(uses.map((u) => u.match.label))].join('; ');
      const verb = call.function.type === 'identifier' ? 'printed' : 'logged';
      ctx.report({
        node: call.node,
        message: `Personal data ${names} (${labels}) is ${verb} here. Logs and outputs escape the dataset's access control and retention (GDPR Art. 5(1)(f), Art. 32): log a pseudonymous key or an aggregate instead.`,
        related: uses.map((u) => ({ node: u.node, message: `\`${u.name}\` read here` })),
      });
    }
  },
};
