// Configuration-driven behaviour of the AUD001 / TLS rules through the public analyze() entry:
// [tool.mlguard.tls] allowed-hosts, [tool.mlguard.audit] functions / sensitive-operations / fix-function.
import { strict as assert } from 'node:assert';
import { analyze, parseConfigTable } from '../../src/engine';
import { remoteHttpHost } from '../../src/rules/plaintext-http-endpoint';
import { ready } from '../helpers/engine';

function lines(source: string, ruleId: string, table: unknown = {}): number[] {
  const { config, problems } = parseConfigTable(table);
  assert.deepEqual(problems, []);
  return analyze(source, 'x.py', config)
    .filter((f) => f.ruleId === ruleId)
    .map((f) => f.span.line);
}

describe('TLS / AUD configuration', () => {
  before(() => ready);

  it('tls.allowed-hosts exempts a host and its subdomains, not look-alikes', () => {
    const src = 'A_URL = "http://mlflow.lab.acme-corp.net"\nB_URL = "http://lab.acme-corp.net:5000/x"\nC_URL = "http://notlab.acme-corp.net"\n';
    assert.deepEqual(lines(src, 'TLS004'), [1, 2, 3]);
    assert.deepEqual(lines(src, 'TLS004', { tls: { 'allowed-hosts': ['lab.acme-corp.net'] } }), [3]);
    assert.deepEqual(lines(src, 'TLS004', { tls: { 'allowed-hosts': ['*.lab.acme-corp.net'] } }), [3]);
  });

  it('classifies hosts: loopback, link-local, .local, metadata and single labels are local; private IPs, in-cluster names and other .internal hosts are not', () => {
    const config = parseConfigTable({}).config;
    const remote = (u: string): string | undefined => remoteHttpHost(u, config);
    for (const u of ['http://localhost:5000', 'http://127.0.0.2/x', 'http://[::1]:80', 'http://0.0.0.0', 'http://169.254.169.254/latest', 'http://gpu.local', 'http://metadata.google.internal/x', 'http://mlflow:5000', 'http://www.w3.org/2001/XMLSchema', 'https://api.example.com', 'http://scoring.invalid', 'http://svc.test:80', 'http://foo.example', 'http://']) {
      assert.equal(remote(u), undefined, u);
    }
    assert.equal(remote('http://10.1.2.3:5000'), '10.1.2.3');
    assert.equal(remote('http://mlflow.platform.internal:5000'), 'mlflow.platform.internal');
    assert.equal(remote('http://mlflow.mlops.svc.cluster.local:5000'), 'mlflow.mlops.svc.cluster.local'); // the pod network is a network
    assert.equal(remote('http://user:pw@Api.Acme-Corp.net:8080/v1'), 'api.acme-corp.net');
    assert.equal(remote('HTTP://api.acme-corp.net'), 'api.acme-corp.net');
    // example.com stands in for the company's real host in code: it is remote (only reserved TLDs are not)
    assert.equal(remote('http://api.example.com/v1'), 'api.example.com');
  });

  it('audit.functions makes a configured call an audit record for AUD001', () => {
    const src = 'import mlflow\nfrom acme.gov import note_use\n\ndef f(uri):\n    note_use(uri)\n    return mlflow.pyfunc.load_model(uri)\n';
    assert.deepEqual(lines(src, 'AUD001'), [6]);
    assert.deepEqual(lines(src, 'AUD001', { audit: { functions: ['acme.gov.note_use'] } }), []);
  });

  it('audit.sensitive-operations adds model access operations (dotted suffix)', () => {
    const src = 'from acme import registry\n\ndef f():\n    return registry.fetch_model("churn")\n';
    assert.deepEqual(lines(src, 'AUD001'), []);
    assert.deepEqual(lines(src, 'AUD001', { audit: { 'sensitive-operations': ['registry.fetch_model'] } }), [4]);
  });

  it('audit.fix-function is what the AUD001 fix inserts', () => {
    const { config } = parseConfigTable({ audit: { 'fix-function': 'gov.record' } });
    const src = 'import gov\nimport mlflow\n\ndef f(uri):\n    return mlflow.pyfunc.load_model(uri)\n';
    const [finding] = analyze(src, 'x.py', config).filter((f) => f.ruleId === 'AUD001');
    assert.ok(finding);
    assert.deepEqual(finding.fixes[0].edits.map((e) => e.text), ['    gov.record("model access: mlflow.pyfunc.load_model", extra={"model_uri": uri})\n']);
    assert.match(finding.message, /gov\.record/);
  });
});
