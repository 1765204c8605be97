import type { Rule } from '../engine/rule';
import type { SyntaxNode } from '../engine/parser';
import type { FileFacts } from '../engine/facts';
import { dataframeFacts, type LoadFact } from '../engine/facts/dataframes';
import { sensitiveColumns } from '../engine/pii/sinks';
import { auditFixEdits, auditFixTitle, hasAuditInScope } from '../engine/audit';
import { stringValue } from '../engine/ast';
import { fstringText } from '../engine/dataflow/syntax';
import { loadAtCallSites, pathArgumentSites } from '../engine/pii/caller-loads';
import { stringOrConstant } from '../engine/constants';
import { ACTIVITY_SOURCE_WORDS, PEOPLE_RECORD_WORDS, PEOPLE_SOURCE_WORDS } from '../engine/models/audit';

/** Local scratch space: a pipeline's own intermediate files, not a personal-data source. */
const SCRATCH_PATH = /^(\/tmp\/|\/var\/tmp\/|\/dev\/shm\/)/;

/** `\`email\`, \`phone\` (e-mail address; phone number)` for a finding's message. */
function personalData(cols: readonly { column: { name: string }; match: { label: string } }[]): string {
  const names = [...new Set(cols.map((c) => `\`${c.column.name}\``))].join(', ');
  const labels = [...new Set(cols.map((c) => c.match.label))].join('; ');
  return `${names} (${labels})`;
}

/** A path or table as written; an f-string's fields are placeholders (`f"{DATA}/customers_{day}.parquet"`). */
function nameText(node: SyntaxNode): string {
  return stringValue(node) ?? fstringText(node, '{}') ?? node.text;
}

/** The path or table a load names. */
function sourceText(load: LoadFact): string | undefined {
  return load.source ? nameText(load.source) : undefined;
}

/** A file or table name as lower-case words (`customerProfiles_{}` -> customer, profiles). */
function nameWords(name: string): string[] {
  return name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z]+/).filter(Boolean);
}

/** The load reads a log of activity (ACTIVITY_SOURCE_WORDS in any part of its path or table name). */
function activitySource(load: LoadFact): boolean {
  return nameWords(sourceText(load) ?? '').some((w) => ACTIVITY_SOURCE_WORDS.has(w));
}

/** A column the load itself asks for, or selects in the same statement (`pd.read_json(p)[["email"]]`). */
function requestedByLoad(load: LoadFact, column: { name: string; origin: SyntaxNode }): boolean {
  return load.requested.has(column.name) || (column.origin.startIndex >= load.statement.startIndex && column.origin.endIndex <= load.statement.endIndex);
}

/** The file or table name among `names` that says it holds people (PEOPLE_SOURCE_WORDS). */
function peopleName(names: readonly string[]): string | undefined {
  for (const name of names) {
    // the file name or the table (not its schema: `people.engagement` is engagement), as words
    const tail = name.split(/[/\\]/).pop()?.split('.').filter((p) => !/^(csv|parquet|json|jsonl|xlsx?|feather|pq|gz|zip|avro|orc|delta|tsv|txt|pkl)$/i.test(p)).pop() ?? '';
    const words = nameWords(tail);
    if (words.some((w, i) => PEOPLE_SOURCE_WORDS.has(w) && (/s$/.test(w) || i === words.length - 1 || PEOPLE_RECORD_WORDS.has(words[i + 1])))) return tail.length > 80 ? `${tail.slice(0, 77)}...` : tail;
  }
  return undefined;
}

/** The file or table a load reads when its name says it holds people. */
function peopleSource(load: LoadFact, fromOnly: boolean, facts: FileFacts): string | undefined {
  const names: string[] = [];
  const source = sourceText(load);
  if (source !== undefined) names.push(source);
  for (const m of (load.sql ?? '').matchAll(fromOnly ? /\bFROM\s+([A-Za-z_][\w.]*)/gi : /\b(?:FROM|JOIN)\s+([A-Za-z_][\w.]*)/gi)) {
    // `con.sql("SELECT ... FROM users")` with a frame variable `users` in the program (DuckDB's
    // replacement scan) queries that frame, whose own load is judged where it was read
    if (!facts.assignments.some((a) => a.left.type === 'identifier' && a.left.text === m[1])) names.push(m[1]);
  }
  return peopleName(names);
}

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
      what: 'Finds DataFrame loads (read_csv, read_parquet, read_sql, read_sql_query, read_json, read_excel, spark.read.*, spark.sql, spark.table...) whose columns are known to include personal data (from usecols=, the SELECT list, or later accesses such as df["email"]) in a function or module scope that makes no audit call. A same-file reader whose caller passes the query (`def run_query(sql, conn): return pd.read_sql(sql, conn)`) is reported at each call that reads personal data without an audit call in the caller; a reader that picks its own columns is reported at its load. A load whose code names no personal column is still reported when its file or table name says it holds people (`student_profiles.csv`, `crm.loyalty_members`, `participant_genotypes`, an f-string path such as `f"{LAKE}/policyholders_{quarter}.parquet"` read with its fields as placeholders: the words are data in models/audit.ts). A read of an activity log (sessions, trips, tickets, impressions: files that carry identifiers by nature; the words are ACTIVITY_SOURCE_WORDS) is reported only when the read itself asks for personal columns (usecols=, the SELECT list, a selection in the same statement). A reader whose caller passes a path (`def read_any(path): return pd.read_parquet(path)`) is reported at each call that passes a people file without an audit call in the caller. A SQL `FROM users` over a frame variable `users` (DuckDB) reads that frame, not a table. Reads of the pipeline\'s own scratch files under /tmp are not reported, and a column first read on a merge of two frames of unknown columns is credited to neither source.',
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
    const scopeWord = (scope: SyntaxNode | undefined): string => (scope ? 'function' : 'module scope');
    const accountability = (next: string): string => `Accountability (GDPR Art. 5(2), Art. 30, Art. 32) needs a trace of who read which personal data and why: add an audit call (e.g. \`${ctx.config.audit.fixFunction}(...)\`) next to ${next}.`;
    /** Reports the load itself, with the fix that inserts the audit call before it. */
    const reportLoad = (load: LoadFact, what: string, related?: { node: SyntaxNode; message: string }[]): void => {
      const method = load.call.childForFieldName('function')?.text.split('.').pop() ?? 'load';
      const fix = auditFixEdits(ctx, load.statement, { what: 'read personal data', operation: method, subject: load.source, subjectKey: 'source', call: load.call });
      ctx.report({
        node: load.call,
        message: `This load reads ${what} with no audit record in the same ${scopeWord(load.scope)}. ${accountability('the load')}`,
        ...(related ? { related } : {}),
        fixes: fix ? [{ title: auditFixTitle(ctx.config, 'Record the personal-data read in the audit log'), applicability: fix.applicability, edits: fix.edits }] : [],
      });
    };
    for (const load of df.loads) {
      // the pipeline's own scratch files (`/tmp/run/extract.parquet`) are not an access to a source
      if (SCRATCH_PATH.test(sourceText(load) ?? '')) continue;
      if (hasAuditInScope(load.scope, ctx.facts, ctx.config)) continue;
      // a generic reader: each caller decides what is read, and audits it (or not) itself
      const lifted = loadAtCallSites(load, ctx.facts, df, (name) => sensitiveColumns([{ name, sourceName: name, origin: load.call }], ctx.config, 'load').length > 0);
      if (lifted) {
        for (const { site, frame } of lifted) {
          const cols = sensitiveColumns([...frame.columns.values()], ctx.config, 'load', frame);
          if (!cols.length || hasAuditInScope(site.scope, ctx.facts, ctx.config)) continue;
          ctx.report({
            node: site.node,
            message: `This call reads personal data ${personalData(cols)} through \`${site.callee ?? 'a reader'}\` with no audit record in the same ${scopeWord(site.scope)}. ${accountability('it')}`,
            related: [{ node: load.call, message: 'the reader loads the data here' }],
          });
        }
        continue;
      }
      // an activity log (sessions, trips, tickets) carries identifiers by nature: its read is
      // reported when it asks for them, not because later code reads them
      const activity = activitySource(load);
      const cols = sensitiveColumns([...load.frame.columns.values()], ctx.config, 'load', load.frame).filter((c) => !activity || requestedByLoad(load, c.column));
      if (cols.length) {
        reportLoad(load, `personal data ${personalData(cols)}`, cols.filter((c) => c.column.origin.startIndex !== load.call.startIndex).map((c) => ({ node: c.column.origin, message: `\`${c.column.name}\` is read here` })));
        continue;
      }
      // no personal column named in the code, but the source is a table of people. A reader whose
      // caller passes the path (`load_borrowers("/lake/borrowers.parquet")`): the caller chooses
      // the people file, and audits it (or not) itself
      const byPath = pathArgumentSites(load, ctx.facts);
      if (byPath) {
        for (const { site, path } of byPath) {
          const people = peopleName([stringOrConstant(path, ctx.facts, site.scope) ?? nameText(path)]);
          if (!people || hasAuditInScope(site.scope, ctx.facts, ctx.config)) continue;
          ctx.report({
            node: site.node,
            message: `This call reads \`${people}\`, a table of people, through \`${site.callee ?? 'a reader'}\` with no audit record in the same ${scopeWord(site.scope)}. ${accountability('it')}`,
            related: [{ node: load.call, message: 'the reader loads the data here' }],
          });
        }
        continue;
      }
      // when every column read is named, a people table only joined in (`SELECT id, score FROM
      // bureau_scores JOIN applicants ...`) filters rows and is not what is read
      const people = peopleSource(load, !load.frame.open, ctx.facts);
      if (people) reportLoad(load, `\`${people}\`, a table of people,`);
    }
  },
};
