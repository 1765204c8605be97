import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, rmSync, appendFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ready } from '../helpers/engine';
import { analyseWorkspace, type AnalysisCache } from '../../src/compliance/workspace';
import { buildModel, analyseSource } from '../../src/compliance/model';
import { deriveThreats, checklistEvidence, summarizeFindings } from '../../src/compliance/derive';
import { sqlTables, endpointName } from '../../src/compliance/assets';
import { ComplianceStore, type Actor } from '../../src/compliance/store';
import { complianceHtml, complianceMarkdown } from '../../src/compliance/report';
import { THREAT_CATALOGUE } from '../../src/compliance/catalogue';
import type { Finding } from '../../src/engine/types';
import type { Asset } from '../../src/compliance/types';

const FIXTURE = join(__dirname, '..', 'fixtures', 'compliance', 'credit');
const XSS = '<img src=x onerror=alert(1)>';

function finding(family: Finding['family'], ruleId: string, path: string, line: number, message = `${ruleId} message`): Finding {
  const span = { start: 0, end: 1, line, column: 5, endLine: line, endColumn: 9 };
  return { ruleId, ruleName: ruleId.toLowerCase(), family, severity: 'warning', message, path, span, related: [], fixes: [], fingerprint: `${ruleId}${line}`, snippet: '' };
}

const actor: Actor = { name: 'Ada', now: () => new Date('2026-11-25T12:00:00Z') };

describe('compliance: assets from code', () => {
  before(() => ready);

  it('finds datasets, tables, personal-data columns, models and endpoints in the fixture project', async () => {
    const { files } = await analyseWorkspace(FIXTURE);
    assert.deepEqual(files.map((f) => f.path), ['explore.ipynb', 'train.py']);
    const nb = files[0];
    assert.ok(nb.findings.some((f) => f.ruleId === 'SER001' && f.cell?.index === 1 && f.span.line === 4), 'notebook findings are kept, located in their cell');
    const challenger = nb.assets.find((a) => a.id === 'model:models/challenger.pkl');
    assert.deepEqual(challenger?.refs.map((r) => [r.cell, r.line]), [[1, 4]], 'notebook assets point into their cell');
    files.shift();
    const ids = files[0].assets.map((a) => a.id).sort();
    for (const id of [
      'dataset:data/customers.csv',
      'third-party-data:table bureau_scores',
      'dataset:table applicants',
      `dataset:${XSS}.parquet`,
      'personal-data:email',
      'model:credit-scoring',
      'endpoint:http://mlflow.internal.example.com:5000',
    ])
      assert.ok(ids.includes(id), `missing ${id} in ${ids.join(', ')}`);
    // income is a quasi-identifier, loan_amount is not personal data: neither is a personal-data asset
    assert.ok(!ids.includes('personal-data:loan_amount'));
    const csv = files[0].assets.find((a) => a.id === 'dataset:data/customers.csv')!;
    assert.deepEqual(csv.refs.map((r) => [r.path, r.line]), [['train.py', 10]]);
  });

  it('re-analyses only files that changed when given a cache', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mlguard-cache-'));
    try {
      cpSync(FIXTURE, root, { recursive: true });
      const cache: AnalysisCache = new Map();
      const first = await analyseWorkspace(root, { cache });
      const again = await analyseWorkspace(root, { cache });
      assert.equal(again.files[1], first.files[1], 'unchanged file: the cached result is reused');
      appendFileSync(join(root, 'train.py'), '\n\ndef more():\n    return pd.read_csv("data/extra.csv")\n');
      utimesSync(join(root, 'train.py'), new Date(), new Date(Date.now() + 5000));
      const third = await analyseWorkspace(root, { cache });
      assert.notEqual(third.files[1], first.files[1]);
      assert.ok(third.files[1].assets.some((a) => a.id === 'dataset:data/extra.csv'));
      assert.equal(third.files[0], first.files[0], 'the notebook was not re-analysed');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('parses SQL FROM/JOIN tables and strips credentials from endpoints', () => {
    assert.deepEqual(sqlTables('select a from sales.orders o join "customers" c on c.id = o.cid'), ['sales.orders', 'customers']);
    assert.equal(endpointName('https://user:pa55@Tracking.Example.com:443/api?x=1'), 'https://tracking.example.com:443');
  });
});

describe('compliance: threats derived from live findings', () => {
  before(() => ready);

  it('opens the deserialization threat on the loaded model with a link to the finding', async () => {
    const { files } = await analyseWorkspace(FIXTURE);
    const ser = files.flatMap((f) => f.findings).filter((f) => f.family === 'SER' && f.path === 'train.py');
    assert.ok(ser.length >= 1, 'the SER rules flag pickle.load in the fixture');
    const model = buildModel('credit', files, new ComplianceStore(mkdtempSync(join(tmpdir(), 'mlguard-empty-'))).read());
    const rce = model.threats.filter((t) => t.catalogueId === 'TAMPER-DESERIALIZATION' && t.status === 'open');
    assert.ok(rce.length >= 1, JSON.stringify(model.threats.map((t) => [t.id, t.status])));
    assert.ok(rce.some((t) => t.findings.some((f) => f.path === 'train.py' && f.line === ser[0].span.line)));
    const nbThreat = model.threats.find((t) => t.id === 'TAMPER-DESERIALIZATION@model:models/challenger.pkl');
    assert.equal(nbThreat?.status, 'open', 'the notebook finding opens the threat on the notebook model (same cell and line)');
    assert.deepEqual(nbThreat.findings.map((f) => [f.path, f.cell, f.line]), [['explore.ipynb', 1, 4]]);
    const audit = model.threats.find((t) => t.catalogueId === 'REPUDIATION-AUDIT' && t.status === 'open');
    assert.ok(audit, 'the AUD finding on the model load opens the repudiation threat');
    assert.equal(model.threats.find((t) => t.id === 'DOS-SERVING@endpoint:http://mlflow.internal.example.com:5000')?.status, 'unchecked');
    assert.equal(model.progress.todo, model.checklist.length);
  });

  it('attributes findings to the asset on the same line, then same file, else the workspace', () => {
    const assets: Asset[] = [
      { id: 'model:a', kind: 'model', name: 'a', refs: [{ path: 'a.py', line: 3, column: 1 }] },
      { id: 'model:b', kind: 'model', name: 'b', refs: [{ path: 'a.py', line: 9, column: 1 }] },
      { id: 'personal-data:email', kind: 'personal-data', name: 'email', refs: [{ path: 'b.py', line: 2, column: 1 }] },
    ];
    const findings = [finding('SER', 'SER001', 'a.py', 3), finding('SER', 'SER002', 'other.py', 7), finding('PII', 'PII001', 'b.py', 5)];
    const threats = deriveThreats(assets, findings);
    const byId = new Map(threats.map((t) => [t.id, t]));
    assert.equal(byId.get('TAMPER-DESERIALIZATION@model:a')!.status, 'open');
    assert.equal(byId.get('TAMPER-DESERIALIZATION@model:b')!.status, 'clear');
    assert.equal(byId.get('TAMPER-DESERIALIZATION@workspace')!.findings[0].path, 'other.py');
    assert.equal(byId.get('DISCLOSE-PII@personal-data:email')!.status, 'open');
    assert.equal(byId.get('DISCLOSE-PII@personal-data:email')!.nist, 'Map');
    // suppressed findings do not open threats: they are accepted risk (with the reason), never clear
    const suppressed = { ...finding('SER', 'SER001', 'a.py', 3), suppression: { kind: 'line' as const, reason: 'trusted' } };
    const accepted = deriveThreats(assets, [suppressed]).find((t) => t.id === 'TAMPER-DESERIALIZATION@model:a')!;
    assert.equal(accepted.status, 'suppressed');
    assert.deepEqual(accepted.findings, []);
    assert.equal(accepted.suppressed[0].reason, 'trusted');
    assert.equal(accepted.suppressed[0].line, 3);
    // accepted decisions and users' own threats come from the store
    const withStored = deriveThreats(assets, findings, [
      { id: 'TAMPER-DESERIALIZATION@model:a', status: 'accepted', reason: 'signed artefacts', owner: 'Bob' },
      { id: 'custom:label-flipping', custom: true, title: 'Label flipping by annotators', stride: 'Tampering', nist: 'Measure', status: 'open', mitigation: 'double labelling' },
    ]);
    assert.equal(withStored.find((t) => t.id === 'TAMPER-DESERIALIZATION@model:a')!.status, 'accepted');
    assert.equal(withStored.find((t) => t.id === 'custom:label-flipping')!.custom, true);
    // a signed acceptance for an asset that left the code stays visible, marked as such
    const stale = deriveThreats([], [], [{ id: 'TAMPER-DESERIALIZATION@model:gone.pkl', status: 'accepted', reason: 'r', owner: 'o' }]);
    const t = stale.find((x) => x.id === 'TAMPER-DESERIALIZATION@model:gone.pkl');
    assert.ok(t && t.status === 'accepted' && /no longer found/.test(t.note ?? ''));
  });

  it('every catalogue threat has a STRIDE category, NIST function and mitigation', () => {
    const stride = new Set(THREAT_CATALOGUE.map((t) => t.stride));
    assert.equal(stride.size, 6, 'all six STRIDE categories are covered');
    for (const t of THREAT_CATALOGUE) assert.ok(t.mitigation.length > 20 && ['Govern', 'Map', 'Measure', 'Manage'].includes(t.nist));
  });

  it('checklist evidence fails while a PII finding is open, with the count and links', () => {
    const ev = checklistEvidence([finding('PII', 'PII001', 'train.py', 4), finding('PII', 'PII002', 'train.py', 8), finding('SER', 'SER001', 'x.py', 1)]);
    const min = ev.find((e) => e.itemId === 'art5-minimisation')!;
    assert.equal(min.passing, false);
    assert.equal(min.count, 2);
    assert.deepEqual(min.findings.map((f) => f.line), [4, 8]);
    assert.equal(ev.find((e) => e.itemId === 'art32-tls-in-transit')!.passing, true);
    assert.deepEqual(summarizeFindings([finding('PII', 'PII001', 'a', 1), finding('SER', 'SER001', 'a', 2)]).byFamily, { PII: 1, SER: 1 });
  });
});

describe('compliance: model of a workspace with a broken file', () => {
  it('shows the last good checklist read-only and lists the problem', () => {
    const root = mkdtempSync(join(tmpdir(), 'mlguard-broken-'));
    try {
      const store = new ComplianceStore(root);
      const r = store.updateChecklistItem(store.read(), 'art6-lawful-basis', { status: 'in-progress', owner: 'Bob' }, actor);
      assert.ok(r.ok);
      const good = r.snapshot.checklist.doc!;
      writeFileSync(join(root, '.mlguard', 'checklist.toml'), 'schema = 1\n[item.art6\n');
      const broken = store.read();
      const m = buildModel('x', [], broken, new Date(), { checklist: good });
      assert.deepEqual(m.readOnly, { checklist: true, threats: false });
      assert.equal(m.checklist.find((i) => i.id === 'art6-lawful-basis')!.owner, 'Bob');
      assert.equal(m.problems[0].line, 2);
      const fresh = buildModel('x', [], broken);
      assert.equal(fresh.checklist.find((i) => i.id === 'art6-lawful-basis')!.owner, '', 'without a last good version: the template');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('compliance: report', () => {
  before(() => ready);
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mlguard-report-'));
    cpSync(FIXTURE, root, { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('has findings summary, threat model and checklist with owners, evidence and sign-offs', async () => {
    const store = new ComplianceStore(root);
    const r = store.updateChecklistItem(store.read(), 'art35-dpia', { status: 'done', owner: 'dpo@example.com', evidence: ['docs/dpia.pdf', 'https://wiki.example.com/dpia'] }, actor, { reason: 'DPIA approved' });
    assert.ok(r.ok);
    const { files } = await analyseWorkspace(root);
    const model = buildModel('credit', files, store.read());
    const md = complianceMarkdown(model);
    for (const s of ['## Findings summary', '## Threat model', '### Assets', '### Threats', '## Checklists', '### GDPR', 'dpo@example.com', 'docs/dpia.pdf', 'Art. 35', 'TAMPER'.length ? 'Model artefact tampered' : '', '1 sign-off(s)', 'sign-off history unchanged'])
      assert.ok(md.includes(s), `markdown lacks ${s}`);
    assert.ok(!md.includes(XSS), 'markdown neutralises HTML in names');
    const html = complianceHtml(model);
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(!html.includes(XSS));
    assert.match(html, /<a href="https:\/\/wiki\.example\.com\/dpia">/);
  });

  it('never shows a secret whole', async () => {
    const src = 'import requests\nAPI_KEY = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd"\nrequests.get("https://api.example.com/v1", headers={"Authorization": API_KEY})\n';
    const file = analyseSource(src, 'client.py');
    const model = buildModel('x', [file], new ComplianceStore(root).read());
    const out = complianceMarkdown(model) + complianceHtml(model);
    assert.ok(!out.includes('AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd'));
    assert.ok(model.assets.some((a) => a.id === 'endpoint:https://api.example.com'));
  });
});
