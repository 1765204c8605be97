// MLG002 names the rule a misspelt pragma code was probably meant for (IDs, families, rule names),
// and suggests nothing for a code that resembles no rule.
import { strict as assert } from 'node:assert';
import { analyzePython } from '../../src/engine';
import { ready } from '../helpers/engine';

function mlg002(pragma: string): string[] {
  const src = `import requests\n\nr = requests.get("https://x", verify=False)  # mlguard: ${pragma}\n`;
  return analyzePython(src, 'app.py').findings.filter((f) => f.ruleId === 'MLG002').map((f) => f.message);
}

describe('MLG002 suggests the nearest rule for a pragma typo', () => {
  before(() => ready);

  it('an ID typo names the ID', () => {
    const [m] = mlg002('ignore[SER02] reviewed model file');
    assert.match(m, /"SER02" \(did you mean "SER002"\?\)/);
  });

  it('a family typo names the family', () => {
    const [m] = mlg002('ignore[TSL] internal self-signed host');
    assert.match(m, /"TSL" \(did you mean "TLS"\?\)/);
  });

  it('a rule-name typo names the rule name', () => {
    const [m] = mlg002('ignore[tls-verification-disable] internal host');
    assert.match(m, /"tls-verification-disable" \(did you mean "tls-verification-disabled"\?\)/);
  });

  it('each of several unknown codes gets its own suggestion, and nonsense gets none', () => {
    const [m] = mlg002('ignore[SEC01, zzzzzzzzzzzz] legacy host');
    assert.match(m, /"SEC01" \(did you mean "SEC001"\?\)/);
    assert.match(m, /"zzzzzzzzzzzz" in suppression/);
  });
});
