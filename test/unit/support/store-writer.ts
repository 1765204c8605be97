// A separate process for the concurrent-writer test (hostile.test.ts): writes `count` checklist
// updates to its own items, every other visit of an item a sign-off, each from a fresh read (like an editor
// would), and prints one JSON line per write the store reported ok.
import { ComplianceStore } from '../../../src/compliance/store';

const [root, tag, countArg] = process.argv.slice(2);
const count = Number(countArg);
const store = new ComplianceStore(root);
let t = 0;
const actor = { name: `writer-${tag}`, now: () => new Date(Date.UTC(2026, 0, 1) + t++ * 1000) };
const oks: { id: string; note: string; signoff?: string }[] = [];
let failures = 0;
for (let i = 0; i < count; i++) {
  const id = `${tag}-item-${i % 20}`;
  const note = `${tag} write ${i}`;
  const done = Math.floor(i / 20) % 2 === 1; // each item alternates in-progress / done: a sign-off per done
  const r = store.updateChecklistItem(store.read(), id, done ? { note, status: 'done', owner: tag } : { note, status: 'in-progress' }, actor, { reason: note });
  if (r.ok) oks.push({ id, note, signoff: r.signoff?.hash });
  else failures++;
}
process.stdout.write(JSON.stringify({ oks, failures }) + '\n');
