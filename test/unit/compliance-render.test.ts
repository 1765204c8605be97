// The sidebar as a team lead reads it (pure renderer, plain Node): threats grouped by threat with
// their assets, attention first, safe inline Markdown, relative dates, plain words, accepted risk
// never shown as passing, the sign-off confirmation with its preview, and the report's list of
// every acceptance and suppression.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { ready } from '../helpers/engine';
import { analyseWorkspace } from '../../src/compliance/workspace';
import { buildModel } from '../../src/compliance/model';
import { ComplianceStore } from '../../src/compliance/store';
import { complianceHtml, complianceMarkdown } from '../../src/compliance/report';
import { groupThreats, renderView, signoffPreview, sourceNote } from '../../src/webview/render';
import { inlineMarkdown, relativeTime } from '../../src/webview/format';
import { escapeHtml } from '../../src/shared/html';
import type { ComplianceModel } from '../../src/compliance/types';

const FIXTURE = join(__dirname, '..', 'fixtures', 'compliance', 'credit');

describe('webview format: inline Markdown and relative dates', () => {
  it('renders `code` and **bold**, escaping everything else (and inside them)', () => {
    assert.equal(inlineMarkdown('Personal data `email` reaches **training**'), 'Personal data <code>email</code> reaches <strong>training</strong>');
    assert.equal(inlineMarkdown('`<img src=x onerror=alert(1)>`'), '<code>&lt;img src=x onerror=alert(1)&gt;</code>');
    assert.equal(inlineMarkdown('**<b>x</b>** <script>'), '<strong>&lt;b&gt;x&lt;/b&gt;</strong> &lt;script&gt;');
    assert.equal(inlineMarkdown('[link](javascript:alert(1)) a*b* `unclosed'), escapeHtml('[link](javascript:alert(1)) a*b* `unclosed'));
  });

  it('says "3 days ago" and friends', () => {
    const now = new Date('2026-11-28T12:00:00Z');
    assert.equal(relativeTime('2026-11-25T12:00:00Z', now), '3 days ago');
    assert.equal(relativeTime('2026-11-28T11:59:50Z', now), 'just now');
    assert.equal(relativeTime('2026-11-28T10:00:00Z', now), '2 hours ago');
    assert.equal(relativeTime('2026-11-28T11:59:00Z', now), '1 minute ago');
    assert.equal(relativeTime('2025-11-01T12:00:00Z', now), '1 year ago');
    assert.equal(relativeTime('not a date', now), '');
  });
});

describe('webview: the threat model a team lead can read', () => {
  let model: ComplianceModel;
  before(async () => {
    await ready;
    const { files } = await analyseWorkspace(FIXTURE);
    model = buildModel('credit', files, new ComplianceStore(join(FIXTURE, 'no-store')).read(), new Date('2026-11-28T12:00:00Z'));
  });

  it('groups by threat: each title once, its assets inside, open threats first', () => {
    const groups = groupThreats(model.threats);
    assert.ok(model.threats.length > groups.length, `${model.threats.length} threats in ${groups.length} groups`);
    assert.equal(new Set(groups.map((g) => g.title)).size, groups.length);
    const html = renderView(model, 'threats');
    for (const g of groups) assert.equal(html.split(`<strong>${escapeHtml(g.title)}</strong>`).length - 1, 1, `title repeated: ${g.title}`);
    const order = groups.map((g) => g.status);
    assert.equal(order[0], 'open');
    assert.ok(order.lastIndexOf('open') < order.indexOf('unchecked'), order.join(','));
    assert.ok(html.indexOf('Needs attention') < html.indexOf('To review'));
    assert.match(html, /Third-party data/);
    assert.ok(groups.some((g) => g.key === 'GOVERN-THIRD-PARTY' && g.instances.some((t) => t.assetId === 'third-party-data:table bureau_scores')));
    assert.ok(groups.some((g) => g.key === 'RESPOND-INCIDENT' && /contain.*fall back.*preserve logs.*root cause.*retrain.*post-mortem/i.test(g.mitigation)));
    assert.ok(groups.some((g) => g.key === 'SPOOF-ZERO-TRUST'));
  });

  it('renders finding messages with code spans, not literal backticks, and uses plain words', () => {
    const html = renderView(model, 'threats');
    assert.match(html, /<code>[^<]+<\/code>/);
    assert.ok(!/chain intact/.test(html));
    assert.match(html, /history unchanged/);
    assert.match(renderView({ ...model, signoffs: { count: 2, intact: false } }, 'threats'), /the sign-off history was altered/);
  });

  it('shows relative dates with the ISO date in the title', () => {
    const checklist = model.checklist.map((i, n) => (n === 0 ? { ...i, changedBy: 'Ada', changedAt: '2026-11-25T12:00:00.000Z' } : i));
    const html = renderView({ ...model, checklist }, 'checklist');
    assert.match(html, /<time datetime="2026-11-25T12:00:00.000Z" title="2026-11-25T12:00:00.000Z">3 days ago<\/time>/);
  });

  it('says which state of the code it reflects', () => {
    assert.match(sourceNote(model), /saved files/);
    assert.match(sourceNote({ ...model, source: { unsaved: ['train.py'] } }), /unsaved changes in train\.py/);
  });
});

describe('webview: accepted risk and sign-offs', () => {
  let model: ComplianceModel;
  before(async () => {
    await ready;
    const { files } = await analyseWorkspace(FIXTURE);
    // suppress every SER finding with a reason, as a pragma would
    const suppressed = files.map((file) => ({ ...file, findings: file.findings.map((f) => (f.family === 'SER' ? { ...f, suppression: { kind: 'line' as const, reason: 'artefact built and signed in CI', line: f.span.line } } : f)) }));
    model = buildModel('credit', suppressed, new ComplianceStore(join(FIXTURE, 'no-store')).read(), new Date('2026-11-28T12:00:00Z'));
  });

  it('shows a check with only suppressed findings as accepted risk with the reason, never passing', () => {
    const ev = model.evidence.find((e) => e.itemId === 'art32-integrity')!;
    assert.equal(ev.passing, false);
    assert.equal(ev.count, 0);
    const html = renderView(model, 'checklist');
    const item = html.slice(html.indexOf('data-item="art32-integrity"'), html.indexOf('data-item="art33-34-breach"'));
    assert.match(item, /Accepted risk/);
    assert.match(item, /artefact built and signed in CI/);
    assert.ok(!/Passing/.test(item), item);
    const t = model.threats.find((x) => x.id === 'TAMPER-DESERIALIZATION@model:models/baseline.pkl')!;
    assert.equal(t.status, 'suppressed');
  });

  it('lists every suppression and acceptance with its reason in the report', () => {
    const md = complianceMarkdown(model);
    const section = md.slice(md.indexOf('## Accepted risks and suppressions'), md.indexOf('## Checklists'));
    assert.equal(section.split('artefact built and signed in CI').length - 1, model.suppressions.length);
    assert.ok(model.suppressions.length >= 1);
    assert.match(section, /train\.py:\d+ \(SER001\)/);
    assert.match(complianceHtml(model), /<h2>Accepted risks and suppressions<\/h2><table>/);
  });

  it('renders a hidden sign-off confirmation per item with a preview of the record', () => {
    const html = renderView({ ...model, actor: 'Ada Lovelace' }, 'checklist');
    const item = html.slice(html.indexOf('data-item="art6-lawful-basis"'), html.indexOf('data-item="art9-special-categories"'));
    assert.match(item, /<div class="signoff" id="signoff-[^"]+" role="group" [^>]*hidden>/);
    assert.match(item, /<textarea id="statement-[^"]+" data-field="statement"/);
    assert.match(item, /data-action="confirmSignoff"/);
    assert.match(item, /data-action="cancelSignoff"/);
    assert.match(item, /signed by: Ada Lovelace/);
    const preview = signoffPreview({ id: 'art6-lawful-basis', title: 'Lawful basis' }, ' LIA on file ', 'dpo@x', 'Ada');
    assert.match(preview, /status: {4}done\n {2}signed by: Ada\n {2}owner: {5}dpo@x\n {2}statement: LIA on file$/);
    assert.match(signoffPreview({ id: 'x', title: 't' }, '', '', undefined), /owner: {5}\(required\)\n {2}statement: \(required\)/);
  });

  it('shows the frameworks chooser and one section per chosen framework', () => {
    const html = renderView({ ...model, frameworks: ['gdpr', 'hipaa'], checklist: [...model.checklist, { ...model.checklist[0], id: 'hipaa-baa', framework: 'hipaa', title: 'BAA' }] }, 'checklist');
    assert.match(html, /<input type="checkbox" id="fw-hipaa" data-action="framework" value="hipaa" checked>/);
    assert.match(html, /<input type="checkbox" id="fw-eu-ai-act" data-action="framework" value="eu-ai-act">/);
    assert.match(html, /<h3 id="fw-h-hipaa">HIPAA Security Rule/);
    assert.match(html, /role="tab"[^>]*>Checklists</);
  });
});
