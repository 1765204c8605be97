// HIPAA and EU AI Act checklists beside GDPR: chosen per workspace in .mlguard/checklist.toml,
// merge-friendly (one table per item), signed off and verified like the GDPR items, with
// automated evidence from code findings.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ComplianceStore, verifyStore, CHECKLIST_FILE, type Actor } from '../../src/compliance/store';
import { checklistItems, defaultChecklist, parseChecklist, serializeChecklist } from '../../src/compliance/documents';
import { EU_AI_ACT_TEMPLATE, FRAMEWORKS, HIPAA_TEMPLATE, templateFor } from '../../src/compliance/checklist-template';
import { checklistEvidence } from '../../src/compliance/derive';
import type { Finding } from '../../src/engine/types';

function actor(name = 'Ada'): Actor {
  let t = Date.parse('2026-11-25T10:00:00Z');
  return { name, now: () => new Date((t += 60_000)) };
}

function finding(family: Finding['family'], ruleId: string, suppression?: Finding['suppression']): Finding {
  const span = { start: 0, end: 1, line: 4, column: 1, endLine: 4, endColumn: 2 };
  return { ruleId, ruleName: ruleId, family, severity: 'warning', message: 'm', path: 'a.py', span, related: [], fixes: [], fingerprint: ruleId, snippet: '', ...(suppression ? { suppression } : {}) };
}

describe('compliance: HIPAA and EU AI Act templates', () => {
  it('cover what the issue lists, with ids unique across all frameworks', () => {
    const hipaa = HIPAA_TEMPLATE.map((i) => `${i.article} ${i.title} ${i.guidance}`).join(' | ');
    for (const s of ['164.312(a)(1)', '164.312(b)', '164.312(c)(1)', '164.312(d)', '164.312(e)(1)', 'at rest', 'in transit', '6 years', 'BAA']) assert.ok(hipaa.includes(s), `HIPAA lacks ${s}`);
    const ai = EU_AI_ACT_TEMPLATE.map((i) => i.article).join(' | ');
    for (const a of ['Art. 10', 'Art. 12', 'Art. 13', 'Art. 15']) assert.ok(ai.includes(a), `AI Act lacks ${a}`);
    const ids = FRAMEWORKS.flatMap((f) => f.items.map((i) => i.id));
    assert.equal(new Set(ids).size, ids.length);
  });

  it('shows only the chosen frameworks, GDPR when none is chosen', () => {
    assert.deepEqual([...new Set(checklistItems(undefined).map((i) => i.framework))], ['gdpr']);
    const doc = defaultChecklist('', '', ['hipaa', 'eu-ai-act']);
    assert.deepEqual([...new Set(checklistItems(doc).map((i) => i.framework))], ['hipaa', 'eu-ai-act']);
    assert.equal(templateFor(['eu-ai-act', 'gdpr'])[0].framework, 'gdpr', 'canonical order');
  });

  it('links code findings as evidence; a suppressed finding is accepted risk, never passing', () => {
    const ev = checklistEvidence([finding('AUD', 'AUD001')], ['hipaa', 'eu-ai-act']);
    const audit = ev.find((e) => e.itemId === 'hipaa-audit-controls')!;
    assert.equal(audit.passing, false);
    assert.equal(audit.count, 1);
    assert.equal(ev.find((e) => e.itemId === 'euai-art12-record-keeping')!.count, 1);
    const accepted = checklistEvidence([finding('FAIR', 'FAIR001', { kind: 'line', reason: 'credit regulator requires the attribute for monitoring', line: 3 })], ['eu-ai-act']);
    const art10 = accepted.find((e) => e.itemId === 'euai-art10-data-governance')!;
    assert.equal(art10.passing, false);
    assert.equal(art10.count, 0);
    assert.equal(art10.accepted[0].reason, 'credit regulator requires the attribute for monitoring');
  });
});

describe('compliance: frameworks in the store (files, merge, verify)', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mlguard-fw-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes the choice and the new items to checklist.toml, keeping existing items', () => {
    const store = new ComplianceStore(root);
    let r = store.updateChecklistItem(store.read(), 'art6-lawful-basis', { status: 'in-progress', owner: 'Bob' }, actor());
    assert.ok(r.ok);
    r = store.setFrameworks(r.snapshot, ['gdpr', 'hipaa']);
    assert.ok(r.ok);
    const text = readFileSync(join(root, CHECKLIST_FILE), 'utf8');
    assert.match(text, /^schema = 1\nframeworks = \["gdpr", "hipaa"\]$/m);
    assert.match(text, /\[item\.hipaa-transmission-security\]\narticle = "164\.312\(e\)\(1\)"/);
    assert.match(text, /\[item\.art6-lawful-basis\]\n(?:.*\n){2}status = "in-progress"\nowner = "Bob"/);
    const parsed = parseChecklist(CHECKLIST_FILE, text);
    assert.ok(parsed.ok);
    assert.equal(serializeChecklist(parsed.doc), text, 'stable round trip');
    assert.ok(!parseChecklist(CHECKLIST_FILE, text.replace('"hipaa"]', '"sox"]')).ok, 'unknown framework is a schema error');
  });

  it('signs off a HIPAA item with its statement; verify checks it like a GDPR item', () => {
    const store = new ComplianceStore(root);
    let r = store.setFrameworks(store.read(), ['hipaa']);
    assert.ok(r.ok);
    r = store.updateChecklistItem(r.snapshot, 'hipaa-baa', { status: 'done', owner: 'ciso@example.com' }, actor(), { reason: 'BAA with the cloud provider signed 2026-10-01, docs/baa.pdf' });
    assert.ok(r.ok && r.signoff);
    const snap = store.read();
    assert.deepEqual(verifyStore(snap).problems, []);
    const item = checklistItems(snap.checklist.doc, snap.signoffs.entries).find((i) => i.id === 'hipaa-baa')!;
    assert.equal(item.statement, 'BAA with the cloud provider signed 2026-10-01, docs/baa.pdf');
    assert.equal(item.signedBy, 'Ada');
    // marking done by hand (no sign-off) is caught
    const path = join(root, CHECKLIST_FILE);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/(\[item\.hipaa-retention\]\n(?:.*\n){2})status = "todo"/, '$1status = "done"'));
    assert.ok(verifyStore(store.read()).problems.some((p) => /hipaa-retention is done but has no sign-off/.test(p.message)));
  });

  it('merges cleanly with git when two people change neighbouring HIPAA and AI Act items', () => {
    const base = defaultChecklist('', '', ['hipaa', 'eu-ai-act']);
    const ours = structuredClone(base);
    ours.item['hipaa-audit-controls'] = { ...ours.item['hipaa-audit-controls'], status: 'in-progress', owner: 'Bob', changed_by: 'Bob', changed_at: '2026-11-26T08:00:00.000Z' };
    const theirs = structuredClone(base);
    theirs.item['hipaa-integrity'] = { ...theirs.item['hipaa-integrity'], note: 'checksums in DVC', changed_by: 'Carol', changed_at: '2026-11-26T09:00:00.000Z' };
    theirs.item['euai-art12-record-keeping'] = { ...theirs.item['euai-art12-record-keeping'], status: 'in-progress', changed_by: 'Carol', changed_at: '2026-11-26T09:00:00.000Z' };
    for (const [n, d] of [['ours', ours], ['base', base], ['theirs', theirs]] as const) writeFileSync(join(root, n), serializeChecklist(d));
    execFileSync('git', ['merge-file', join(root, 'ours'), join(root, 'base'), join(root, 'theirs')]); // throws on conflict
    const merged = parseChecklist(CHECKLIST_FILE, readFileSync(join(root, 'ours'), 'utf8'));
    assert.ok(merged.ok);
    assert.equal(merged.doc.item['hipaa-audit-controls'].owner, 'Bob');
    assert.equal(merged.doc.item['hipaa-integrity'].note, 'checksums in DVC');
    assert.equal(merged.doc.item['euai-art12-record-keeping'].status, 'in-progress');
  });
});
