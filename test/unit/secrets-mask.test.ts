// Secrets never leave the engine whole: maskText hides provider-shaped tokens, key blocks, JWTs
// and URL passwords by shape, and no SEC finding's message, snippet or related message carries
// the literal value the rule reported.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, LineIndex, maskText, parsePython, RULES } from '../../src/engine';
import { FileFacts } from '../../src/engine/facts';
import { DEFAULT_CONFIG } from '../../src/engine/config';
import type { Report } from '../../src/engine/rule';
import { ready } from '../helpers/engine';
import { PROVIDER_SAMPLES } from './secrets-detect.test';

const FIXTURES = join(__dirname, '..', 'fixtures', 'rules');

describe('maskText hides secrets by shape', () => {
  for (const [id, sample] of PROVIDER_SAMPLES) {
    it(`masks ${id} even when no rule reported it`, () => {
      const text = `Line 3: client = Client(key="${sample}")  # rotate`;
      const out = maskText(text);
      assert.ok(!out.includes(sample), out);
      // The distinctive body of the token is gone, not just its whole.
      const body = sample.replace(/^-----BEGIN[ A-Z]*-----(\\n|\n)?/, '').slice(8, 28);
      assert.ok(!out.includes(body), `body ${body} still visible in ${out}`);
      assert.ok(out.startsWith('Line 3: client = Client(key="'), 'surrounding text kept');
    });
  }
  it('masks URL passwords and keeps the rest of the URL', () => {
    const out = maskText('engine = create_engine("postgresql://ml:Sup3rS3cret@db.internal:5432/features")');
    assert.ok(!out.includes('Sup3rS3cret'));
    assert.ok(out.includes('postgresql://ml:****@db.internal:5432/features'), out);
  });
  it('masks a private key block on one line, keeping the header', () => {
    const out = maskText('KEY = "-----BEGIN EC PRIVATE KEY-----\\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5vm8VFaijJI1PoAoGCCqGSM49\\n-----END EC PRIVATE KEY-----"');
    assert.ok(!out.includes('MHcCAQEEIBkg4LVWM9nu'), out);
    assert.ok(out.includes('-----BEGIN EC PRIVATE KEY-----'), out);
  });
  it('masks explicitly given secrets, longest first', () => {
    const out = maskText('password is hunter2-Feat and hunter2', ['hunter2', 'hunter2-Feat']);
    assert.ok(!out.includes('hunter2'), out);
  });
  it('leaves ordinary text alone', () => {
    for (const text of [
      'model = AutoModel.from_pretrained("bert-base-uncased", max_tokens=512)',
      'See https://mlflow.example.com/#/experiments/3 for runs',
      'mailto:someone@example.com',
      'Hardcoded password in `DB_PASSWORD`: anyone who can read this code has the credential (CWE-259, GDPR Art. 32).',
    ]) {
      assert.equal(maskText(text), text);
    }
  });
});

describe('SEC findings never contain the secret they report', () => {
  before(() => ready);
  const files = readdirSync(FIXTURES).filter((f) => /^SEC\d{3}\.py$/.test(f));
  it('there are SEC fixtures to check', () => assert.ok(files.length >= 3));
  for (const file of files) {
    it(`${file}: no message, snippet or related message contains a reported secret`, () => {
      const source = readFileSync(join(FIXTURES, file), 'utf8');
      // Collect what each SEC rule reports as secret, by running it on a capturing context.
      const tree = parsePython(source);
      const facts = new FileFacts(tree.rootNode);
      const lines = new LineIndex(source);
      const reports: Report[] = [];
      for (const rule of RULES.filter((r) => r.meta.family === 'SEC')) {
        rule.check({ path: file, source, lines, root: tree.rootNode, facts, config: DEFAULT_CONFIG, report: (r) => reports.push(r) });
      }
      tree.delete();
      const secrets = reports.flatMap((r) => r.secrets ?? []).filter((s) => s.length >= 4);
      assert.ok(secrets.length >= 3, 'the rules report secrets');
      for (const r of reports) {
        for (const s of r.secrets ?? []) assert.ok(!r.message.includes(s), `raw message of a report contains ${s.slice(0, 4)}…`);
      }
      const findings = analyze(source, file).filter((f) => f.family === 'SEC');
      assert.ok(findings.length >= 3);
      for (const f of findings) {
        const texts = [f.message, f.snippet, ...f.related.map((r) => r.message)];
        for (const t of texts) {
          for (const s of secrets) assert.ok(!t.includes(s), `${f.ruleId} line ${f.span.line} shows a secret: ${t}`);
        }
      }
    });
  }
});
