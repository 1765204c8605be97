// Audit-call detection shared by the AUD rules: logger tracking, configured functions, helpers,
// decorators, and function vs module scope; plus the fix's module-level logger insertion.
import { strict as assert } from 'node:assert';
import { parsePython, DEFAULT_CONFIG, mergeConfig, analyze, fixSource, RULES } from '../../src/engine';
import { FileFacts } from '../../src/engine/facts';
import { hasAuditInScope, isAuditCall, auditLoggerNames } from '../../src/engine/audit';
import { ready } from '../helpers/engine';

function factsOf(source: string): FileFacts {
  return new FileFacts(parsePython(source).rootNode);
}

function auditedCallees(source: string, config = DEFAULT_CONFIG): string[] {
  const facts = factsOf(source);
  return facts.calls.filter((c) => isAuditCall(c, facts, config)).map((c) => c.callee ?? c.function.text);
}

function scopeAudited(source: string, fnName: string | undefined, config = DEFAULT_CONFIG, before?: number): boolean {
  const facts = factsOf(source);
  const scope = fnName === undefined ? undefined : facts.functions.find((f) => f.name === fnName)?.node;
  if (fnName !== undefined) assert.ok(scope, `no function ${fnName}`);
  return hasAuditInScope(scope, facts, config, before);
}

describe('audit-call detection', () => {
  before(() => ready);

  it('recognises callee segments containing "audit" in any case', () => {
    const src = 'audit_log.info("x")\nself.AuditTrail.record(1)\nget_audit_logger().info("y")\nlogger.info("z")\nprint("audit")\n';
    // Obtaining the logger through an audit-named factory counts as well (calls are listed outer first).
    assert.deepEqual(auditedCallees(src), ['audit_log.info', 'self.AuditTrail.record', 'get_audit_logger().info', 'get_audit_logger']);
  });

  it('recognises access-log helpers by name, but not look-alikes', () => {
    const src = 'governance.record_access("m")\nlog_access(uri)\naccess_log.info("x")\nself._record_access(1)\nrecord_accesses(2)\naccess_count(3)\n';
    assert.deepEqual(auditedCallees(src), ['governance.record_access', 'log_access', 'access_log.info', 'self._record_access']);
  });

  it('tracks loggers obtained with getLogger("...audit...") through variables and attributes', () => {
    const src = [
      'import logging',
      'log = logging.getLogger("mlops.audit")',
      'other = logging.getLogger(__name__)',
      'class Svc:',
      '    def __init__(self):',
      '        self._trail = logging.getLogger(name="AUDIT")',
      '    def f(self):',
      '        self._trail.warning("a")',
      '        other.info("b")',
      'log.info("c")',
      'logging.getLogger("audit.models").info("d")',
      'logging.getLogger("training").info("e")',
    ].join('\n');
    const facts = factsOf(src);
    assert.deepEqual([...auditLoggerNames(facts)].sort(), ['log', 'self._trail']);
    assert.deepEqual(auditedCallees(src), ['self._trail.warning', 'log.info', 'logging.getLogger("audit.models").info']);
  });

  it('follows getChild and LoggerAdapter from an audit logger', () => {
    const src = 'import logging\nroot = logging.getLogger("audit")\nchild = root.getChild("models")\nadapter = logging.LoggerAdapter(root, {"user": "u"})\nchild.info("a")\nadapter.info("b")\n';
    assert.deepEqual(auditedCallees(src), ['root.getChild', 'child.info', 'adapter.info']);
  });

  it('accepts configured audit functions by exact name or dotted suffix, import-resolved', () => {
    const config = mergeConfig(DEFAULT_CONFIG, { audit: { functions: ['compliance.note_use', 'track_event'], sensitiveOperations: [], fixFunction: 'audit_log.info' } });
    const src = 'from acme import compliance\nimport acme.tracking as t\ncompliance.note_use("m")\nt.track_event("load")\nnote_use("x")\ntrack_events("y")\n';
    assert.deepEqual(auditedCallees(src, config), ['compliance.note_use', 't.track_event']);
    assert.deepEqual(auditedCallees(src), []);
  });

  it('counts a same-file helper whose body makes an audit call, called plainly or on self', () => {
    const src = 'def note(uri):\n    audit_log.info(uri)\ndef other(uri):\n    print(uri)\nnote("a")\nother("b")\nself.note("c")\nobj.note("d")\n';
    assert.deepEqual(auditedCallees(src), ['audit_log.info', 'note', 'self.note']);
  });

  it('separates function scope from module scope', () => {
    const src = 'audit_log.info("module")\ndef f():\n    load()\ndef g():\n    audit_log.info("g")\n    load()\n';
    assert.equal(scopeAudited(src, undefined), true);
    assert.equal(scopeAudited(src, 'f'), false, 'a module-level audit call does not cover a function');
    assert.equal(scopeAudited(src, 'g'), true);
    assert.equal(scopeAudited('def f():\n    audit_log.info("x")\nload()\n', undefined), false, 'a function audit call does not cover module code');
  });

  it('lets an enclosing function or an audit decorator cover a scope', () => {
    const src = 'def outer():\n    audit_log.info("x")\n    def inner():\n        load()\n    return inner\n@audited(action="load")\ndef deco():\n    load()\n';
    assert.equal(scopeAudited(src, 'inner'), true);
    assert.equal(scopeAudited(src, 'deco'), true);
    assert.equal(scopeAudited('@log_access\ndef f():\n    load()\n@app.get("/m")\ndef g():\n    load()\n', 'f'), true);
    assert.equal(scopeAudited('@log_access\ndef f():\n    load()\n@app.get("/m")\ndef g():\n    load()\n', 'g'), false);
  });

  it('honours beforeOffset', () => {
    const src = 'def f():\n    load()\n    audit_log.info("late")\n';
    const at = src.indexOf('load()');
    assert.equal(scopeAudited(src, 'f', DEFAULT_CONFIG, at), false);
    assert.equal(scopeAudited(src, 'f', DEFAULT_CONFIG), true);
  });
});

describe('AUD001 fix', () => {
  before(() => ready);
  const rule = RULES.find((r) => r.meta.id === 'AUD001')!;

  it('adds import logging and a module audit logger only when the fix function is unbound', () => {
    const src = 'import mlflow\n\n\ndef f(uri):\n    return mlflow.pyfunc.load_model(uri)\n';
    const { output } = fixSource(src, 'a.py', undefined, { rules: [rule] });
    assert.equal(output, 'import logging\n\nimport mlflow\n\naudit_log = logging.getLogger("audit")\n\n\ndef f(uri):\n    audit_log.info("model access: mlflow.pyfunc.load_model", extra={"model_uri": uri})\n    return mlflow.pyfunc.load_model(uri)\n');
    const bound = 'import logging\nimport mlflow\naudit_log = logging.getLogger("audit")\n\ndef f(uri):\n    return mlflow.pyfunc.load_model(uri)\n';
    assert.equal(fixSource(bound, 'a.py', undefined, { rules: [rule] }).output, bound.replace('    return', '    audit_log.info("model access: mlflow.pyfunc.load_model", extra={"model_uri": uri})\n    return'));
  });

  it('uses the configured fix function and the file line ending', () => {
    const config = mergeConfig(DEFAULT_CONFIG, { audit: { functions: [], sensitiveOperations: [], fixFunction: 'compliance.audit' } });
    const src = 'import mlflow\r\nfrom acme import compliance\r\ndef f(uri):\r\n    m = mlflow.pyfunc.load_model(uri)\r\n    return m\r\n';
    const { output } = fixSource(src, 'a.py', config, { rules: [rule] });
    assert.equal(output, src.replace('    m =', '    compliance.audit("model access: mlflow.pyfunc.load_model", extra={"model_uri": uri})\r\n    m ='));
    assert.equal(analyze(output, 'a.py', config).filter((f) => f.ruleId === 'AUD001').length, 0);
  });

  it('imports an unbound dotted fix function as a module instead of binding a logger to its root', () => {
    const config = mergeConfig(DEFAULT_CONFIG, { audit: { functions: [], sensitiveOperations: [], fixFunction: 'governance.audit.record' } });
    const src = 'import mlflow\n\ndef f(uri):\n    return mlflow.pyfunc.load_model(uri)\n';
    const { output } = fixSource(src, 'a.py', config, { rules: [rule] });
    assert.equal(output, 'import mlflow\nimport governance.audit\n\ndef f(uri):\n    governance.audit.record(\n        "model access: mlflow.pyfunc.load_model",\n        extra={"model_uri": uri},\n    )\n    return mlflow.pyfunc.load_model(uri)\n', 'wrapped at 88 columns');
    assert.ok(!output.includes('getLogger'));
  });

  it('offers no fix when the access shares its line with other code', () => {
    const src = 'import mlflow\ndef f(uri, ok):\n    if ok: return mlflow.pyfunc.load_model(uri)\n';
    const findings = analyze(src, 'a.py').filter((f) => f.ruleId === 'AUD001');
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].fixes, []);
  });

  it('fires on configured sensitive operations and module-level code', () => {
    const config = mergeConfig(DEFAULT_CONFIG, { audit: { functions: [], sensitiveOperations: ['registry.fetch_model'], fixFunction: 'audit_log.info' } });
    const src = 'import registry\nm = registry.fetch_model("churn")\n';
    assert.deepEqual(analyze(src, 'a.py', config).filter((f) => f.ruleId === 'AUD001').map((f) => f.span.line), [2]);
    assert.equal(analyze(src, 'a.py').filter((f) => f.ruleId === 'AUD001').length, 0);
  });
});

describe('AUD001 fix: module-level binding of the fix function', () => {
  before(() => ready);
  const rule = RULES.find((r) => r.meta.id === 'AUD001')!;

  it('adds the module audit logger when audit_log is only a local name elsewhere', () => {
    const src = 'import mlflow\n\n\ndef setup():\n    audit_log = object()\n    return audit_log\n\n\ndef f(uri):\n    return mlflow.pyfunc.load_model(uri)\n';
    const { output } = fixSource(src, 'a.py', undefined, { rules: [rule] });
    assert.match(output, /^import logging\n\nimport mlflow\n\naudit_log = logging\.getLogger\("audit"\)\n/);
  });

  it('reuses a module-level import of logging under an alias', () => {
    const src = 'import logging as lg\nimport mlflow\n\ndef f(uri):\n    return mlflow.pyfunc.load_model(uri)\n';
    const { output } = fixSource(src, 'a.py', undefined, { rules: [rule] });
    assert.match(output, /^import logging as lg\nimport mlflow\n\naudit_log = lg\.getLogger\("audit"\)\n/);
  });
});
