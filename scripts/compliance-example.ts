// Writes the example project's `.mlguard/` folder through the real ComplianceStore (so the
// sign-off hashes are computed by MLGuard's own code, never written by hand): a GDPR checklist in
// progress, one accepted threat and three sign-offs. Deterministic (fixed clock) so that re-running
// it gives the same bytes. Usage: npx tsx scripts/compliance-example.ts examples/<project>
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { basename } from 'node:path';
import { ComplianceStore, verifyStore, type Actor, type WriteResult } from '../src/compliance/store';
import { analyseWorkspace } from '../src/compliance/workspace';
import { buildModel } from '../src/compliance/model';

const root = resolve(process.argv[2] ?? 'examples/credit-scoring');
rmSync(join(root, '.mlguard'), { recursive: true, force: true });
const store = new ComplianceStore(root);
let clock = Date.parse('2026-11-02T09:00:00Z');
const as = (name: string): Actor => ({ name, now: () => new Date((clock += 37 * 60_000)) });
const dpo = as('Dana Privacy (DPO)');
const lead = as('Lee ML-Lead');

function ok(r: WriteResult): void {
  if (!r.ok) throw new Error(JSON.stringify(r));
}

async function main(): Promise<void> {
// The threat to accept is one the code really yields (denial of service of an endpoint, else of any asset).
const { files } = await analyseWorkspace(root);
const threats = buildModel(basename(root), files, store.read()).threats;
const dos = threats.find((t) => t.catalogueId === 'DOS-SERVING') ?? threats.find((t) => t.status === 'unchecked') ?? threats[0];
if (!dos) throw new Error(`no threat derived from ${root}: is it the example project?`);
let snap = store.read();
const step = (r: WriteResult) => {
  ok(r);
  snap = store.read();
};
step(store.updateChecklistItem(snap, 'art6-lawful-basis', { status: 'in-progress', owner: 'dpo@example.com', note: 'Contract (Art. 6(1)(b)) for scoring; legitimate-interest assessment pending for model monitoring.', evidence: ['docs/lawful-basis.md'] }, dpo));
step(store.updateChecklistItem(snap, 'art6-lawful-basis', { status: 'done' }, dpo, { reason: 'LIA approved by the DPO on 2026-11-02' }));
step(store.updateChecklistItem(snap, 'art35-dpia', { status: 'done', owner: 'dpo@example.com', note: 'DPIA for credit scoring (profiling with legal effect) approved.', evidence: ['docs/dpia-credit-scoring.pdf', 'https://wiki.example.com/privacy/dpia/credit-scoring'] }, dpo, { reason: 'DPIA v1.2 signed' }));
step(store.updateChecklistItem(snap, 'art5-minimisation', { status: 'in-progress', owner: 'ml-lead@example.com', note: 'Drop e-mail and phone before training; see the open PII findings.' }, lead));
step(store.updateChecklistItem(snap, 'art21-22-automated-decisions', { status: 'in-progress', owner: 'product@example.com', note: 'Human review queue for declined applications being built.' }, lead));
step(store.updateChecklistItem(snap, 'chapter5-transfers', { status: 'not-applicable', owner: 'dpo@example.com', note: 'All processing in eu-west-1; no transfers outside the EEA.' }, dpo));
step(store.updateThreat(snap, dos.id, { status: 'accepted', reason: 'Scoring runs as a nightly batch job behind the VPN; the endpoint is not public.', owner: 'ml-lead@example.com' }, lead));
step(store.updateThreat(snap, 'custom:label-leakage-from-collections', { custom: true, title: 'Label leakage from the collections team notes', stride: 'Information disclosure', nist: 'Measure', mitigation: 'Exclude free-text collection notes from features; review feature list each release.', status: 'open', owner: 'ml-lead@example.com' }, lead));

const report = verifyStore(store.read());
if (report.problems.length) throw new Error(JSON.stringify(report.problems));
console.log(`wrote ${join(root, '.mlguard')}: ${report.entries} sign-offs, chain intact; accepted ${dos.id}`);
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
