// The webview's security properties, tested in plain Node: escaping of every dynamic string in
// the rendered HTML, and validation of every message the page can send.
import { strict as assert } from 'node:assert';
import { parsePageMessage, customThreatId } from '../../src/shared/protocol';
import { escapeHtml, safeUrl } from '../../src/shared/html';
import { renderView } from '../../src/webview/render';
import type { ComplianceModel } from '../../src/compliance/types';
import { checklistItems } from '../../src/compliance/documents';
import { progressOf } from '../../src/compliance/model';

const XSS = '<img src=x onerror=alert(1)>';
const ATTR = '" onmouseover="alert(2)';

function hostileModel(): ComplianceModel {
  const checklist = checklistItems(undefined);
  checklist[0] = { ...checklist[0], owner: XSS, note: `</textarea>${XSS}`, evidence: [`javascript:alert(3)`, `https://ok.example.com/x`, ATTR], changedBy: XSS };
  return {
    workspace: XSS,
    generatedAt: '2026-11-25T12:00:00Z',
    summary: { total: 1, byFamily: { PII: 1 }, suppressed: 0 },
    assets: [{ id: `personal-data:${XSS}`, kind: 'personal-data', name: XSS, refs: [{ path: `${ATTR}.py`, line: 3, column: 1 }] }],
    threats: [
      { id: `DISCLOSE-PII@personal-data:${XSS}`, catalogueId: 'DISCLOSE-PII', title: 'Personal data disclosed', stride: 'Information disclosure', nist: 'Map', mitigation: XSS, assetId: `personal-data:${XSS}`, status: 'open', findings: [{ path: `${ATTR}.py`, line: 3, column: 1, ruleId: 'PII001', message: `column ${XSS} reaches training` }], suppressed: [], custom: false },
      { id: 'custom:x', title: XSS, stride: 'Tampering', nist: 'Manage', mitigation: '', status: 'accepted', findings: [], suppressed: [], custom: true, owner: XSS, acceptedReason: ATTR },
    ],
    checklist,
    evidence: [{ itemId: 'art5-minimisation', check: 'No unmasked direct identifiers reach training', passing: false, count: 1, findings: [{ path: `${ATTR}.py`, line: 3, column: 1, ruleId: 'PII001', message: XSS }], accepted: [] }],
    progress: progressOf(checklist),
    problems: [{ file: '.mlguard/checklist.toml', line: 2, column: 3, message: `bad ${XSS}` }],
    signoffs: { count: 0, intact: true },
    suppressions: [],
    frameworks: ['gdpr'],
  };
}

/** Every `<` in the output starts one of the tags the renderer writes itself. */
function tagsIn(html: string): Set<string> {
  return new Set([...html.matchAll(/<\/?([a-zA-Z0-9]+)/g)].map((m) => m[1].toLowerCase()));
}

describe('webview: rendering escapes every dynamic string', () => {
  for (const tab of ['threats', 'checklist'] as const) {
    it(`renders a column named ${XSS} as text (${tab} tab)`, () => {
      const html = renderView(hostileModel(), tab);
      assert.ok(!html.includes(XSS), 'raw payload must not appear');
      assert.ok(html.includes(escapeHtml(XSS)), 'the name is shown, escaped');
      assert.ok(!tagsIn(html).has('img'), 'no <img> element');
      assert.ok(!tagsIn(html).has('script'));
      assert.ok(!/\son[a-z]+\s*=\s*"/i.test(html.replace(/&quot;/g, '')), 'no event-handler attribute');
      assert.ok(!html.includes(ATTR), 'attribute breakout stays inside its quotes');
      assert.ok(!html.includes('</textarea><img'), 'textarea content cannot close the element');
      assert.ok(!/href="javascript:/i.test(html), 'only http(s) evidence becomes a link');
      assert.ok(html.includes('href="https://ok.example.com/x"'));
    });
  }

  it('escapes the five HTML specials plus backtick, and accepts only http(s) URLs', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&\``), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;');
    assert.equal(safeUrl('javascript:alert(1)'), undefined);
    assert.equal(safeUrl('https://x.example.com/"onload='), undefined);
    assert.equal(safeUrl('http://a.example.com/b'), 'http://a.example.com/b');
  });

  it('uses real buttons and labelled form controls (keyboard accessible)', () => {
    const html = renderView(hostileModel(), 'checklist');
    const ids = [...html.matchAll(/<(?:input|select|textarea)[^>]*\sid="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(ids.length > 10);
    for (const id of ids) assert.ok(html.includes(`<label for="${id}">`), `control ${id} has a label`);
    assert.ok(!/<(div|span|a)[^>]*data-action=/.test(html), 'actions are on <button>/<select> elements only');
    assert.match(html, /role="tablist"/);
  });
});

describe('webview: a broken file keeps the last good content, read-only', () => {
  it('disables every edit control of the broken document and says why', () => {
    const m = { ...hostileModel(), readOnly: { checklist: true, threats: false } };
    const html = renderView(m, 'checklist');
    assert.match(html, /does not parse: showing the last version read, read-only/);
    const panel = html.slice(html.indexOf('id="panel-checklist"'));
    const controls = [...panel.matchAll(/<(select|input|textarea|button)[^>]*data-(?:field|action)="(?:status|owner|note|evidence|setStatus|saveItem)"[^>]*>/g)].map((x) => x[0]);
    assert.ok(controls.length > 10);
    for (const c of controls) assert.match(c, /\sdisabled/, c);
    assert.ok(!/data-action="acceptThreat"[^>]*disabled/.test(renderView(m, 'threats')), 'the threats file is fine: still editable');
  });
});

describe('webview: messages from the page are validated', () => {
  it('accepts each well-formed message type', () => {
    const good: unknown[] = [
      { type: 'ready' },
      { type: 'refresh' },
      { type: 'exportReport' },
      { type: 'open', path: 'train.py', line: 3, column: 1 },
      { type: 'open', path: 'explore.ipynb', line: 3, column: 1, cell: 2 },
      { type: 'setChecklist', id: 'art6-lawful-basis', status: 'in-progress', owner: 'Bob', note: 'ok', evidence: ['a.md', ' '] },
      { type: 'setChecklist', id: 'art6-lawful-basis', status: 'done', owner: 'Bob', statement: 'DPIA docs/dpia.pdf approved', version: '' },
      { type: 'setFrameworks', frameworks: ['hipaa', 'gdpr'] },
      { type: 'acceptThreat', id: 'DOS-SERVING@workspace', reason: 'batch only', owner: 'Bob' },
      { type: 'acceptThreat', id: 'DOS-SERVING@workspace', reason: 'batch only', owner: 'Bob', version: '2026-11-25T10:00:00.000Z' },
      { type: 'setChecklist', id: 'art6-lawful-basis', owner: 'Bob', version: '' },
      { type: 'reopenThreat', id: 'DOS-SERVING@workspace', version: '' },
      { type: 'reopenThreat', id: 'DOS-SERVING@workspace' },
      { type: 'removeThreat', id: 'custom:x' },
      { type: 'addThreat', title: 'Label flipping', stride: 'Tampering', nist: 'Measure', mitigation: 'double labelling', asset: 'dataset:x.csv' },
    ];
    for (const m of good) {
      const r = parsePageMessage(m);
      assert.ok(r.ok, `${JSON.stringify(m)}: ${!r.ok && r.error}`);
    }
    const signoff = parsePageMessage(good[6]);
    assert.ok(signoff.ok && signoff.message.type === 'setChecklist' && signoff.message.statement === 'DPIA docs/dpia.pdf approved');
    const fw = parsePageMessage(good[7]);
    assert.deepEqual(fw.ok && fw.message, { type: 'setFrameworks', frameworks: ['gdpr', 'hipaa'] }, 'canonical order');
    const r = parsePageMessage(good[5]);
    assert.ok(r.ok && r.message.type === 'setChecklist' && r.message.evidence!.length === 1, 'blank evidence lines dropped');
  });

  it('rejects malformed, unknown and oversized messages with a reason', () => {
    const bad: unknown[] = [
      null,
      'ready',
      [],
      { type: 'eval', code: 'x' },
      { type: 'ready', extra: 1 },
      { type: 'open', path: 'a.py', line: 0, column: 1 },
      { type: 'open', path: '', line: 1, column: 1 },
      { type: 'open', path: 'a.py', line: 1.5, column: 1 },
      { type: 'open', path: 'a.ipynb', line: 1, column: 1, cell: -1 },
      { type: 'open', path: 'a.ipynb', line: 1, column: 1, cell: '0' },
      { type: 'setChecklist', id: 'x', status: 'finished' },
      { type: 'setChecklist', id: '../../etc/passwd\n', status: 'done' },
      { type: 'setChecklist', id: 'x' },
      { type: 'setChecklist', id: 'x', owner: 'a'.repeat(201) },
      { type: 'setChecklist', id: 'x', evidence: 'a.md' },
      { type: 'setChecklist', id: 'x', evidence: [1] },
      { type: 'setChecklist', id: 'x', note: 'n'.repeat(5000) },
      { type: 'acceptThreat', id: 'x', reason: '  ', owner: 'Bob' },
      { type: 'acceptThreat', id: 'x', reason: 'r' },
      { type: 'addThreat', title: 'x', stride: 'Phishing', nist: 'Map', mitigation: '' },
      { type: 'addThreat', title: 'x', stride: 'Tampering', nist: 'Protect', mitigation: '' },
      { type: 'addThreat', title: '', stride: 'Tampering', nist: 'Map', mitigation: '' },
      { type: 'removeThreat', id: 7 },
      { type: 'setChecklist', id: 'x', owner: 'a', version: 5 },
      { type: 'setChecklist', id: 'x', owner: 'a', version: 'v'.repeat(65) },
      { type: 'removeThreat', id: 'custom:x', version: '' },
      { type: 'open', path: 'a.py', line: 1, column: 1, __proto__: { polluted: true }, constructor: 1 },
      // a sign-off (done) needs a statement and an owner; a statement belongs to a sign-off only
      { type: 'setChecklist', id: 'art6-lawful-basis', status: 'done', owner: 'Bob' },
      { type: 'setChecklist', id: 'art6-lawful-basis', status: 'done', owner: 'Bob', statement: '   ' },
      { type: 'setChecklist', id: 'art6-lawful-basis', status: 'done', statement: 'evidence' },
      { type: 'setChecklist', id: 'art6-lawful-basis', status: 'done', owner: ' ', statement: 'evidence' },
      { type: 'setChecklist', id: 'art6-lawful-basis', status: 'todo', statement: 'evidence' },
      { type: 'setChecklist', id: 'art6-lawful-basis', status: 'done', owner: 'Bob', statement: 's'.repeat(4001) },
      { type: 'setFrameworks', frameworks: [] },
      { type: 'setFrameworks', frameworks: ['gdpr', 'gdpr'] },
      { type: 'setFrameworks', frameworks: ['sox'] },
      { type: 'setFrameworks', frameworks: 'gdpr' },
    ];
    for (const m of bad) {
      const r = parsePageMessage(m);
      assert.ok(!r.ok, `accepted ${JSON.stringify(m)}`);
      assert.ok(r.error.length > 5);
    }
  });

  it('derives stable ids for users\' own threats', () => {
    assert.equal(customThreatId('Label flipping by annotators!'), 'custom:label-flipping-by-annotators');
    assert.equal(customThreatId('<>'), 'custom:threat');
  });
});
