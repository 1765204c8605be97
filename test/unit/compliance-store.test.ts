import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, readdirSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ComplianceStore, verifyStore, whoAmI, CHECKLIST_FILE, THREATS_FILE, SIGNOFFS_FILE, type Actor } from '../../src/compliance/store';
import { defaultChecklist, parseChecklist, serializeChecklist, parseThreats, serializeThreats, checklistItems } from '../../src/compliance/documents';
import { makeEntry, serializeEntry, verifyChain } from '../../src/compliance/signoffs';
import { CHECKLIST_TEMPLATE } from '../../src/compliance/checklist-template';

function actor(name = 'Ada'): Actor {
  let t = Date.parse('2026-11-25T10:00:00Z');
  return { name, now: () => new Date((t += 60_000)) };
}

describe('compliance: checklist template', () => {
  it('covers every GDPR article the issue lists', () => {
    const articles = CHECKLIST_TEMPLATE.map((i) => i.article).join(' | ');
    for (const a of ['Art. 6', 'Art. 9', 'Art. 5(1)(c)', 'Art. 5(1)(b)', 'Arts. 13-14', 'Arts. 15-20', 'Arts. 21-22', 'Art. 25', 'Art. 28', 'Art. 30', 'Art. 32', 'Arts. 33-34', 'Art. 35', 'Chapter V'])
      assert.ok(articles.includes(a), `missing ${a}`);
    const titles = CHECKLIST_TEMPLATE.map((i) => `${i.title} ${i.guidance}`).join(' ');
    for (const w of ['erasure', 'encrypt', 'TLS', 'automated', 'purpose']) assert.match(titles, new RegExp(w, 'i'));
    assert.equal(new Set(CHECKLIST_TEMPLATE.map((i) => i.id)).size, CHECKLIST_TEMPLATE.length);
  });
});

describe('compliance: documents', () => {
  it('round-trips the checklist with stable output (same bytes after parse + serialize)', () => {
    const doc = defaultChecklist('Ada "the" Lovelace', '2026-11-25T10:00:00.000Z');
    doc.item['art6-lawful-basis'] = { ...doc.item['art6-lawful-basis'], status: 'in-progress', owner: 'dpo@example.com', note: 'line1\nline2 \\ "q" \u007f', evidence: ['docs/dpia.md', 'https://example.com/x'] };
    const text = serializeChecklist(doc);
    const parsed = parseChecklist(CHECKLIST_FILE, text);
    assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
    assert.deepEqual(parsed.doc, doc);
    assert.equal(serializeChecklist(parsed.doc), text);
    // key order independent of insertion order
    const shuffled = { schema: 1, item: Object.fromEntries(Object.entries(doc.item).reverse().map(([k, v]) => [k, Object.fromEntries(Object.entries(v).reverse())])) };
    assert.equal(serializeChecklist(shuffled as typeof doc), text);
  });

  it('is merge-friendly: one table per item, a change to one item touches only that item\'s lines', () => {
    const doc = defaultChecklist('Ada', '2026-11-25T10:00:00.000Z');
    const a = serializeChecklist(doc).split('\n');
    doc.item['art9-special-categories'].status = 'done';
    const b = serializeChecklist(doc).split('\n');
    assert.equal(a.length, b.length);
    const changed = a.map((l, i) => (l !== b[i] ? i : -1)).filter((i) => i >= 0);
    assert.equal(changed.length, 1);
    const header = b.lastIndexOf('[item.art9-special-categories]', changed[0]);
    assert.ok(header >= 0 && changed[0] - header < 10);
    // blocks are separated by blank lines so neighbouring edits do not touch each other
    assert.equal((serializeChecklist(doc).match(/^\[item\./gm) ?? []).length, CHECKLIST_TEMPLATE.length);
    assert.match(serializeChecklist(doc), /\n\n\[item\.art6-lawful-basis\]\n/);
  });

  it('merges cleanly with git when two people change neighbouring items (git merge-file)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlguard-merge-'));
    try {
      const base = defaultChecklist('Ada', '2026-11-25T10:00:00.000Z');
      const ours = structuredClone(base);
      ours.item['art5-minimisation'] = { ...ours.item['art5-minimisation'], status: 'in-progress', owner: 'Bob', changed_by: 'Bob', changed_at: '2026-11-26T08:00:00.000Z' };
      const theirs = structuredClone(base);
      theirs.item['art5-purpose'] = { ...theirs.item['art5-purpose'], status: 'done', note: 'documented', changed_by: 'Carol', changed_at: '2026-11-26T09:00:00.000Z' };
      writeFileSync(join(dir, 'ours'), serializeChecklist(ours));
      writeFileSync(join(dir, 'base'), serializeChecklist(base));
      writeFileSync(join(dir, 'theirs'), serializeChecklist(theirs));
      execFileSync('git', ['merge-file', join(dir, 'ours'), join(dir, 'base'), join(dir, 'theirs')]); // throws on conflict
      const merged = parseChecklist(CHECKLIST_FILE, readFileSync(join(dir, 'ours'), 'utf8'));
      assert.ok(merged.ok);
      assert.equal(merged.doc.item['art5-minimisation'].owner, 'Bob');
      assert.equal(merged.doc.item['art5-purpose'].status, 'done');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports syntax errors with line and column', () => {
    const p = parseChecklist(CHECKLIST_FILE, 'schema = 1\n\n[item.art6\nstatus = "done"\n');
    assert.ok(!p.ok);
    assert.equal(p.problems[0].file, CHECKLIST_FILE);
    assert.equal(p.problems[0].line, 3);
    assert.ok(p.problems[0].column > 1);
  });

  it('reports schema errors at the item and key that is wrong', () => {
    const doc = defaultChecklist('Ada', 'x');
    const text = serializeChecklist(doc).replace('[item.art9-special-categories]\narticle = "Art. 9"\ntitle = "Special categories of data"\nstatus = "todo"', '[item.art9-special-categories]\narticle = "Art. 9"\ntitle = "Special categories of data"\nstatus = "finished"');
    const p = parseChecklist(CHECKLIST_FILE, text);
    assert.ok(!p.ok);
    const lines = text.split('\n');
    const problem = p.problems.find((x) => x.message.includes('status'))!;
    assert.ok(problem, JSON.stringify(p.problems));
    assert.equal(lines[problem.line - 1], 'status = "finished"');
    assert.match(problem.message, /todo, in-progress, done, not-applicable/);
  });

  it('round-trips threats, quoting ids with special characters', () => {
    const doc = { schema: 1, threat: { 'TAMPER-DESERIALIZATION@model:models/m.pkl': { status: 'accepted' as const, reason: 'internal only', owner: 'Bob' }, 'custom:prompt-injection': { custom: true, title: 'Prompt injection', stride: 'Tampering' as const, nist: 'Manage' as const, status: 'open' as const } } };
    const text = serializeThreats(doc);
    assert.match(text, /\[threat\."TAMPER-DESERIALIZATION@model:models\/m\.pkl"\]/);
    const p = parseThreats(THREATS_FILE, text);
    assert.ok(p.ok);
    assert.equal(serializeThreats(p.doc), text);
    const bad = parseThreats(THREATS_FILE, 'schema = 1\n[threat."custom:x"]\ncustom = true\ntitle = "t"\n');
    assert.ok(!bad.ok, 'custom threat without stride/nist/status must fail the schema');
  });

  it('lists template items even when the file has none, plus own items', () => {
    const items = checklistItems({ schema: 1, item: { 'zz-own': { article: 'internal', title: 'Own item', status: 'done', owner: '', note: '', evidence: [], changed_by: 'a', changed_at: 'b' } } });
    assert.equal(items.length, CHECKLIST_TEMPLATE.length + 1);
    assert.equal(items[items.length - 1].id, 'zz-own');
    assert.equal(items[0].status, 'todo');
  });
});

describe('compliance: sign-off chain', () => {
  function chain(n: number): string {
    let last;
    const lines: string[] = [];
    for (let i = 0; i < n; i++) {
      last = makeEntry(last, { at: `2026-11-25T10:0${i}:00Z`, by: 'Ada', subject: `checklist:item${i}`, status: 'done', owner: 'Bob', reason: `r${i}` });
      lines.push(serializeEntry(last));
    }
    return lines.join('\n') + '\n';
  }

  it('verifies an intact chain', () => {
    const r = verifyChain(chain(4));
    assert.deepEqual(r.problems, []);
    assert.equal(r.entries.length, 4);
    assert.equal(r.entries[0].prev, '0'.repeat(64));
    assert.equal(r.entries[2].prev, r.entries[1].hash);
  });

  it('detects tampering with any field of any entry', () => {
    const text = chain(4);
    const lines = text.trimEnd().split('\n');
    for (let i = 0; i < lines.length; i++) {
      for (const [from, to] of [['"Ada"', '"Eve"'], ['"done"', '"todo"'], [`"r${i}"`, '"rX"']]) {
        const copy = [...lines];
        copy[i] = copy[i].replace(from, to);
        assert.notEqual(copy[i], lines[i]);
        const r = verifyChain(copy.join('\n') + '\n');
        assert.ok(r.problems.some((p) => p.line === i + 1), `tampering ${from} in entry ${i + 1} not detected`);
      }
    }
  });

  it('detects a re-hashed edit by the broken link to the next entry', () => {
    const lines = chain(3).trimEnd().split('\n');
    const e = JSON.parse(lines[0]);
    e.reason = 'forged';
    const rehashed = makeEntry(undefined, { at: e.at, by: e.by, subject: e.subject, status: e.status, owner: e.owner, reason: e.reason });
    lines[0] = serializeEntry(rehashed);
    const r = verifyChain(lines.join('\n') + '\n');
    assert.ok(r.problems.some((p) => p.line === 2 && /prev/.test(p.message)));
  });

  it('detects deletion and reordering', () => {
    const lines = chain(4).trimEnd().split('\n');
    const deleted = verifyChain([lines[0], lines[2], lines[3]].join('\n') + '\n');
    assert.ok(deleted.problems.some((p) => p.line === 2));
    const reordered = verifyChain([lines[0], lines[2], lines[1], lines[3]].join('\n') + '\n');
    assert.ok(reordered.problems.length >= 2);
    const firstGone = verifyChain([lines[1], lines[2]].join('\n') + '\n');
    assert.ok(firstGone.problems.some((p) => p.line === 1));
    const garbage = verifyChain(lines[0] + '\n{not json\n');
    assert.ok(garbage.problems.some((p) => p.line === 2 && /JSON/.test(p.message)));
  });
});

describe('compliance: file store', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mlguard-store-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('creates the checklist on the first write, atomically, with no temp files left', () => {
    const store = new ComplianceStore(root);
    const snap = store.read();
    assert.equal(snap.checklist.exists, false);
    const r = store.updateChecklistItem(snap, 'art6-lawful-basis', { status: 'in-progress', owner: 'Bob' }, actor());
    assert.ok(r.ok);
    const text = readFileSync(join(root, CHECKLIST_FILE), 'utf8');
    assert.match(text, /\[item\.art6-lawful-basis\]\narticle = "Art\. 6"\ntitle = "Lawful basis for processing"\nstatus = "in-progress"\nowner = "Bob"/);
    assert.match(text, /\[item\.art6-lawful-basis\]\n(?:.*\n){6}changed_by = "Ada"/);
    // items nobody touched do not claim an author
    assert.match(text, /\[item\.art35-dpia\]\n(?:.*\n){6}changed_by = ""\nchanged_at = ""/);
    assert.deepEqual(readdirSync(join(root, '.mlguard')).filter((f) => f.endsWith('.tmp')), []);
  });

  it('never overwrites a change made on disk to the same item: reports a conflict and writes nothing', () => {
    const store = new ComplianceStore(root);
    const first = store.updateChecklistItem(store.read(), 'art6-lawful-basis', { status: 'in-progress' }, actor());
    assert.ok(first.ok);
    const viewSnapshot = first.snapshot;
    // a teammate's pull changes the same item on disk
    const path = join(root, CHECKLIST_FILE);
    const theirs = readFileSync(path, 'utf8').replace(/(\[item\.art6-lawful-basis\]\n(?:.*\n){3})owner = ""/, '$1owner = "Carol"');
    assert.match(theirs, /owner = "Carol"/);
    writeFileSync(path, theirs);
    const r = store.updateChecklistItem(viewSnapshot, 'art6-lawful-basis', { owner: 'Bob' }, actor());
    assert.ok(!r.ok && 'conflict' in r);
    assert.equal(r.conflict.itemId, 'art6-lawful-basis');
    assert.equal(readFileSync(path, 'utf8'), theirs);
    // the user chose Overwrite
    const forced = store.updateChecklistItem(viewSnapshot, 'art6-lawful-basis', { owner: 'Bob' }, actor(), { force: true });
    assert.ok(forced.ok);
    assert.match(readFileSync(path, 'utf8'), /owner = "Bob"/);
  });

  it('detects a change to the item after the page showed it, from the version the page sends', () => {
    const store = new ComplianceStore(root);
    const first = store.updateChecklistItem(store.read(), 'art6-lawful-basis', { status: 'in-progress' }, actor('Ada'));
    assert.ok(first.ok);
    const shown = first.snapshot.checklist.doc!.item['art6-lawful-basis'].changed_at;
    // a teammate changes the item and the host reloads its snapshot (the page has not re-rendered yet)
    const carol: Actor = { name: 'Carol', now: () => new Date('2026-11-25T11:30:00Z') };
    const theirs = store.updateChecklistItem(store.read(), 'art6-lawful-basis', { owner: 'Carol' }, carol);
    assert.ok(theirs.ok);
    const before = readFileSync(join(root, CHECKLIST_FILE), 'utf8');
    const r = store.updateChecklistItem(theirs.snapshot, 'art6-lawful-basis', { owner: 'Bob' }, actor('Ada'), { expectVersion: shown });
    assert.ok(!r.ok && 'conflict' in r, 'stale page version is a conflict even with a fresh snapshot');
    assert.match(r.conflict.message, /Carol/);
    assert.equal(readFileSync(join(root, CHECKLIST_FILE), 'utf8'), before);
    const current = theirs.snapshot.checklist.doc!.item['art6-lawful-basis'].changed_at;
    assert.ok(store.updateChecklistItem(theirs.snapshot, 'art6-lawful-basis', { owner: 'Bob' }, actor('Ada'), { expectVersion: current }).ok);
    // never-written items have the empty version
    assert.ok(store.updateChecklistItem(store.read(), 'art28-processors', { owner: 'Dan' }, actor('Ada'), { expectVersion: '' }).ok);
  });

  it('keeps a teammate\'s change to another item when writing (no conflict, no lost update)', () => {
    const store = new ComplianceStore(root);
    const first = store.updateChecklistItem(store.read(), 'art6-lawful-basis', { status: 'in-progress' }, actor());
    assert.ok(first.ok);
    const path = join(root, CHECKLIST_FILE);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/(\[item\.art35-dpia\]\n(?:.*\n){2})status = "todo"/, '$1status = "in-progress"'));
    const r = store.updateChecklistItem(first.snapshot, 'art6-lawful-basis', { owner: 'Bob' }, actor());
    assert.ok(r.ok);
    const items = checklistItems(r.snapshot.checklist.doc);
    assert.equal(items.find((i) => i.id === 'art35-dpia')!.status, 'in-progress');
    assert.equal(items.find((i) => i.id === 'art6-lawful-basis')!.owner, 'Bob');
  });

  it('reports a corrupted file with its position and leaves it untouched', () => {
    mkdirSync(join(root, '.mlguard'));
    const broken = 'schema = 1\n\n[item.art6-lawful-basis]\nstatus = "done\n';
    writeFileSync(join(root, CHECKLIST_FILE), broken);
    const store = new ComplianceStore(root);
    const snap = store.read();
    assert.equal(snap.checklist.doc, undefined);
    assert.equal(snap.checklist.problems[0].line, 4);
    const r = store.updateChecklistItem(snap, 'art6-lawful-basis', { owner: 'Bob' }, actor(), { force: true });
    assert.ok(!r.ok && 'corrupted' in r);
    assert.equal(readFileSync(join(root, CHECKLIST_FILE), 'utf8'), broken);
  });

  it('appends a sign-off when an item becomes done, and verify checks the chain and the cross-links', () => {
    const store = new ComplianceStore(root);
    let r = store.updateChecklistItem(store.read(), 'art6-lawful-basis', { status: 'done', owner: 'Bob' }, actor(), { reason: 'legitimate interest assessment on file' });
    assert.ok(r.ok);
    assert.ok(r.signoff);
    r = store.updateThreat(r.snapshot, 'DOS-SERVING@workspace', { status: 'accepted', reason: 'batch scoring only', owner: 'Bob' }, actor());
    assert.ok(r.ok);
    const snap = store.read();
    assert.equal(snap.signoffs.entries.length, 2);
    assert.equal(snap.checklist.doc!.item['art6-lawful-basis'].signoff, snap.signoffs.entries[0].hash);
    assert.deepEqual(verifyStore(snap).problems, []);
    // truncating the log (deleting the last entry) is detected through the threats file
    const log = readFileSync(join(root, SIGNOFFS_FILE), 'utf8').split('\n');
    writeFileSync(join(root, SIGNOFFS_FILE), log[0] + '\n');
    const v = verifyStore(store.read());
    assert.ok(v.problems.some((p) => p.file === THREATS_FILE && /missing/.test(p.message)), JSON.stringify(v.problems));
  });

  it('refuses to accept a threat without reason and owner', () => {
    const store = new ComplianceStore(root);
    const r = store.updateThreat(store.read(), 'DOS-SERVING@workspace', { status: 'accepted' }, actor());
    assert.ok(!r.ok && 'invalid' in r);
  });

  it('flags a done status that was set by hand without a sign-off', () => {
    const store = new ComplianceStore(root);
    const r = store.updateChecklistItem(store.read(), 'art35-dpia', { status: 'in-progress' }, actor());
    assert.ok(r.ok);
    const path = join(root, CHECKLIST_FILE);
    writeFileSync(path, readFileSync(path, 'utf8').replace('status = "in-progress"', 'status = "done"'));
    const v = verifyStore(store.read());
    assert.ok(v.problems.some((p) => /no sign-off/.test(p.message)));
    assert.equal(readFileSync(path, 'utf8').split('\n')[v.problems[0].line - 1], '[item.art35-dpia]');
  });

  it('reads the author from .git/config', () => {
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, '.git', 'config'), '[core]\n\tbare = false\n[user]\n\tname = Grace Hopper\n');
    assert.equal(whoAmI(root), 'Grace Hopper');
  });
});
