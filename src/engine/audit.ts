// Shared audit-trail detection for the AUD rules: what counts as an audit record, whether a scope
// (function or module) has one, and the quick fix that inserts one.
//
// An audit call is:
//   - a call whose callee chain has a segment containing "audit" (case-insensitive):
//     `audit_log.info(...)`, `self.auditor.record(...)`, `log_audit_event(...)`, `get_audit_logger().info(...)`,
//     or a segment that names an access log: `record_access(...)`, `log_access(...)`, `access_log.info(...)`;
//   - a method call on a logger obtained with `logging.getLogger("...audit...")` (also
//     `structlog.get_logger`, `getChild`), tracked through the variable or attribute it is stored in
//     (`log = logging.getLogger("ml.audit")` ... `log.info(...)`), or called directly;
//   - a call matching `config.audit.functions` (dotted names; a configured name matches the callee
//     as written or import-resolved, either whole or as a dotted suffix);
//   - a call of a function defined in the same file whose body only records audit events (one
//     helper deep, e.g. `def note(uri): audit_log.info(...)`); a loader that audits its own access
//     is not such a helper, so calling it does not audit the caller's own accesses.
// A function decorated with an audit-named decorator (`@audited`, `@audit_access(...)`) has an audit
// record too.
import type { SyntaxNode } from './parser';
import type { CallFact, FileFacts } from './facts';
import type { MlguardConfig } from './config';
import type { RuleContext } from './rule';
import type { Applicability, TextEdit } from './types';
import { dottedName, enclosingFunction, indentationOf, stringValue } from './ast';
import { isNameBound } from './edits/imports-local';
import { ensureImport, importInsertion } from './edits/ensure-import';

const AUDIT = /audit/i;
/** Access-log helpers that are audit records by name (`record_access`, `log_access`, `access_log.info`). */
const ACCESS_LOG = /^_?(log_?access|record_?access|access_?log(ger)?|accesslog)$/i;
const LOG_METHODS: ReadonlySet<string> = new Set(['debug', 'info', 'warning', 'warn', 'error', 'critical', 'exception', 'log']);
const LOGGER_FACTORIES = /(^|\.)(getLogger|get_logger|getChild|get_task_logger)$/;

/** Identifiers along a callee chain: `a.b().c.d` -> [a, b, c, d]; arguments are not included. */
export function calleeSegments(fn: SyntaxNode | null | undefined): string[] {
  const out: string[] = [];
  let cur: SyntaxNode | null | undefined = fn;
  while (cur) {
    if (cur.type === 'identifier') {
      out.unshift(cur.text);
      break;
    }
    if (cur.type === 'attribute') {
      const attr = cur.childForFieldName('attribute');
      if (attr) out.unshift(attr.text);
      cur = cur.childForFieldName('object');
    } else if (cur.type === 'call') cur = cur.childForFieldName('function');
    else if (cur.type === 'subscript') cur = cur.childForFieldName('value');
    else if (cur.type === 'parenthesized_expression') cur = cur.namedChildren[0];
    else break;
  }
  return out;
}

/** `logging.getLogger("audit")`-like call whose logger name mentions audit. */
function isAuditLoggerFactoryNode(node: SyntaxNode | null | undefined): boolean {
  if (!node || node.type !== 'call') return false;
  const fn = node.childForFieldName('function');
  const name = dottedName(fn) ?? calleeSegments(fn).join('.');
  if (!LOGGER_FACTORIES.test(name)) return false;
  const args = node.childForFieldName('arguments');
  if (!args) return false;
  // The logger name: first positional or name=; any string/expression text mentioning audit.
  for (const a of args.namedChildren) {
    if (!a || a.type === 'comment') continue;
    if (a.type === 'keyword_argument') {
      if (a.childForFieldName('name')?.text === 'name' && AUDIT.test(a.childForFieldName('value')?.text ?? '')) return true;
      continue;
    }
    return AUDIT.test(a.text);
  }
  // getChild on an audit logger: `audit_root.getChild("models")` is handled by the receiver chain.
  return false;
}

/** Dotted names (`audit`, `self._log`) bound to audit loggers anywhere in the file. */
export function auditLoggerNames(facts: FileFacts): Set<string> {
  return facts.memo('audit.loggerNames', () => {
    const names = new Set<string>();
    // Two rounds so that `child = audit_root.getChild("x")` after `audit_root = getLogger("audit")` counts.
    for (let round = 0; round < 2; round++) {
      for (const a of facts.assignments) {
        if (a.operator !== '=' || !a.right) continue;
        const target = dottedName(a.left);
        if (!target) continue;
        const right = a.right;
        if (isAuditLoggerFactoryNode(right)) names.add(target);
        else if (right.type === 'call') {
          const fn = right.childForFieldName('function');
          // `sink = AuditSink(...)`, `trail = governance.audit.Trail()`: an object of an audit class
          const constructed = facts.imports.resolveNode(fn) ?? dottedName(fn);
          if (round === 0 && constructed && constructed.split('.').some((s) => AUDIT.test(s))) names.add(target);
          const recv = fn?.type === 'attribute' ? dottedName(fn.childForFieldName('object')) : undefined;
          if (recv && names.has(recv) && /getChild|bind|new|LoggerAdapter/.test(fn?.childForFieldName('attribute')?.text ?? '')) names.add(target);
          // logging.LoggerAdapter(audit_logger, {...})
          const first = right.childForFieldName('arguments')?.namedChildren[0];
          const firstName = dottedName(first);
          if (/LoggerAdapter$/.test(dottedName(fn) ?? '') && firstName && names.has(firstName)) names.add(target);
        }
      }
    }
    return names;
  });
}

function matchesConfigured(name: string | undefined, configured: readonly string[]): boolean {
  if (!name) return false;
  return configured.some((f) => f && (name === f || name.endsWith(`.${f}`)));
}

/** Calls that are audit records by their own shape (no same-file helper lookup). */
function isDirectAuditCall(call: CallFact, facts: FileFacts, config: MlguardConfig): boolean {
  const segments = calleeSegments(call.function);
  if (segments.some((s) => AUDIT.test(s) || ACCESS_LOG.test(s))) return true;
  if (call.receiver) {
    if (isAuditLoggerFactoryNode(call.receiver)) return true;
    const recv = dottedName(call.receiver);
    if (recv && auditLoggerNames(facts).has(recv)) return true;
  }
  return matchesConfigured(call.callee, config.audit.functions) || matchesConfigured(call.qualified, config.audit.functions);
}

/**
 * Names of functions defined in this file that only record audit events: every statement of the
 * body (docstring aside) is an audit call. A loader that audits its own access (`def load(p):
 * audit.info(...); return read(p)`) is not a helper: calling it does not audit the caller's access.
 */
function auditingHelpers(facts: FileFacts, config: MlguardConfig): Set<string> {
  return facts.memo(`audit.helpers:${config.audit.functions.join(',')}`, () => {
    const names = new Set<string>();
    for (const fn of facts.functions) {
      if (!fn.name) continue;
      const auditNodes = new Set(fn.calls.filter((c) => isDirectAuditCall(c, facts, config)).map((c) => c.node.id));
      if (auditNodes.size === 0) continue;
      const statements = fn.body.namedChildren.filter((n): n is SyntaxNode => !!n && n.type !== 'comment');
      const onlyAudit = statements.every((st, i) => {
        if (st.type !== 'expression_statement') return st.type === 'pass_statement';
        const expr = st.namedChildren[0];
        if (i === 0 && expr?.type === 'string') return true;
        return !!expr && expr.type === 'call' && auditNodes.has(expr.id);
      });
      if (onlyAudit) names.add(fn.name);
    }
    return names;
  });
}

/** True when the call records an audit event (see the file comment for the definition). */
export function isAuditCall(call: CallFact, facts: FileFacts, config: MlguardConfig): boolean {
  if (isDirectAuditCall(call, facts, config)) return true;
  const helpers = auditingHelpers(facts, config);
  if (!call.method || !helpers.has(call.method)) return false;
  // `record_access(...)` or `self.record_access(...)` / `cls.record_access(...)`.
  return call.function.type === 'identifier' || ['self', 'cls'].includes(call.receiver?.text ?? '');
}

function hasAuditDecorator(fn: SyntaxNode): boolean {
  const parent = fn.parent;
  if (parent?.type !== 'decorated_definition') return false;
  return parent.namedChildren.some((d) => d?.type === 'decorator' && calleeSegments(d.namedChildren[0]).some((s) => AUDIT.test(s) || ACCESS_LOG.test(s)));
}

/**
 * True when the scope (a function_definition, or undefined for module level) makes an audit call,
 * optionally only before `beforeOffset`. For a function, enclosing functions and audit decorators
 * count too (a closure inside an audited function is audited).
 */
export function hasAuditInScope(scope: SyntaxNode | undefined, facts: FileFacts, config: MlguardConfig, beforeOffset?: number): boolean {
  const before = (c: CallFact): boolean => beforeOffset === undefined || c.node.startIndex < beforeOffset;
  if (!scope) return facts.moduleCalls.some((c) => before(c) && isAuditCall(c, facts, config));
  for (let fn: SyntaxNode | undefined = scope; fn; fn = enclosingFunction(fn)) {
    if (hasAuditDecorator(fn)) return true;
    if (facts.callsInScope(fn).some((c) => before(c) && isAuditCall(c, facts, config))) return true;
  }
  return false;
}

const SIMPLE_STATEMENTS = new Set(['expression_statement', 'return_statement', 'assert_statement', 'delete_statement']);

/** Source text of an argument safe to repeat in the audit line, or undefined. */
function subjectText(node: SyntaxNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier' || node.type === 'attribute') return dottedName(node) ? node.text : undefined;
  if (node.type === 'string') {
    const v = stringValue(node);
    // Never copy a literal that could hold credentials (user:pass@host) or span lines.
    if (v === undefined || v.includes('@') || /[\r\n]/.test(node.text) || v.length > 200) return undefined;
    return node.text;
  }
  return undefined;
}

function hasBindingAncestor(node: SyntaxNode, stop: SyntaxNode): boolean {
  for (let p = node.parent; p && p.id !== stop.id; p = p.parent) {
    if (['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression', 'lambda'].includes(p.type)) return true;
  }
  return false;
}

const DEFAULT_FIX_FUNCTION = 'audit_log.info';

/**
 * The call an audit fix inserts: `[tool.mlguard.audit] fix-function` when set, else the first
 * configured audit function (what the team already records with), else a module `audit_log` logger.
 */
export function auditFixFunction(config: MlguardConfig): string {
  const set = config.audit.fixFunction;
  if (set && set !== DEFAULT_FIX_FUNCTION) return set;
  return config.audit.functions.find((f) => f.includes('.')) ?? DEFAULT_FIX_FUNCTION;
}

/**
 * The fix title: names the call, and when it is the fallback logger says what must be configured
 * (an unconfigured `logging` drops INFO records, so the audit record would be lost).
 */
export function auditFixTitle(config: MlguardConfig, action: string): string {
  const fn = auditFixFunction(config);
  if (fn !== DEFAULT_FIX_FUNCTION) return `${action} with \`${fn}(...)\``;
  return `${action} with \`${fn}(...)\` (configure logging for the "audit" logger, or set audit fix-function)`;
}

/**
 * Edits that insert `<fixFunction>("<what>: <operation>", extra={"<key>": <subject>})` on its own line
 * before `statement`, with the statement's indentation; when the fix function's root name is not
 * bound in the file, also `import logging` (if needed) and `<root> = logging.getLogger("audit")`
 * after the module's imports. Undefined when no valid insertion exists (the statement shares its
 * line with other code, e.g. `if ok: load(...)`).
 */
export function auditFixEdits(
  ctx: RuleContext,
  statement: SyntaxNode,
  options: { what: string; operation: string; subject?: SyntaxNode; subjectKey?: string; call?: SyntaxNode },
): { edits: TextEdit[]; applicability: Applicability } | undefined {
  const { source, lines } = ctx;
  const eol = lines.eol;
  const indent = indentationOf(source, statement.startIndex);
  const lineStart = lines.lineStart(lines.position(statement.startIndex).line);
  if (source.slice(lineStart, statement.startIndex) !== indent) return undefined;
  const fixFunction = auditFixFunction(ctx.config);
  const simple = SIMPLE_STATEMENTS.has(statement.type) || statement.type === 'assignment';
  // The subject is evaluated one line earlier: only for simple statements, and never when it is a
  // comprehension or lambda variable that does not exist before the statement.
  const subject = simple && options.subject && !(options.call && hasBindingAncestor(options.call, statement)) ? subjectText(options.subject) : undefined;
  const message = JSON.stringify(`${options.what}: ${options.operation}`);
  const extra = subject ? `, extra={${JSON.stringify(options.subjectKey ?? 'target')}: ${subject}}` : '';
  const oneLine = `${indent}${fixFunction}(${message}${extra})`;
  // Wrapped like black/ruff format when it would pass the 88-column line length.
  const text = oneLine.length <= 88 ? oneLine : [`${indent}${fixFunction}(`, `${indent}    ${message},`, ...(extra ? [`${indent}    ${extra.slice(2)},`] : []), `${indent})`].join(eol);
  const edits: TextEdit[] = [{ start: lineStart, end: lineStart, text: `${text}${eol}` }];
  const segments = fixFunction.split('.');
  const root = segments[0];
  if (!isNameBound(root, ctx.root, ctx.facts)) {
    let binding: TextEdit[];
    if (segments.length === 2 && LOG_METHODS.has(segments[1])) {
      // `audit_log.info`: a logger. `import logging` (shared helper, deduplicated with other fixes)
      // then the module audit logger, both after the file's leading imports, in that order.
      const { edits: importEdits, localName } = ensureImport(ctx, 'logging');
      binding = [...importEdits, importInsertion(ctx, `${root} = ${localName}.getLogger("audit")`)];
    } else if (segments.length >= 2) {
      // `governance.audit.record`: an importable module path; binding its root to a logger would
      // call a method the logger does not have.
      binding = ensureImport(ctx, segments.slice(0, -1).join('.')).edits;
    } else {
      return undefined; // a bare function name we cannot import: no fix rather than a NameError
    }
    // Only valid when the module-level binding lands before module-level uses of it.
    if (binding.some((e) => e.start > statement.startIndex)) return undefined;
    edits.unshift(...binding);
  }
  return { edits, applicability: simple ? 'safe' : 'unsafe' };
}
