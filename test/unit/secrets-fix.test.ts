// The SEC fixes: environment lookups, `import os` placement (ensureImport), CRLF files, and that
// the rules stay fast enough to run on every keystroke.
import { strict as assert } from 'node:assert';
import { analyzePython, applyEdits, fixSource, LineIndex, parsePython, RULES } from '../../src/engine';
import { FileFacts } from '../../src/engine/facts';
import { ensureImport } from '../../src/engine/edits/ensure-import';
import type { Rule } from '../../src/engine/rule';
import { ready } from '../helpers/engine';

const SEC = RULES.filter((r) => r.meta.family === 'SEC');

function withImport(source: string, module = 'os'): { text: string; localName: string } {
  const tree = parsePython(source);
  const ctx = { root: tree.rootNode, facts: new FileFacts(tree.rootNode), lines: new LineIndex(source) };
  const { edits, localName } = ensureImport(ctx, module);
  tree.delete();
  return { text: applyEdits(source, edits), localName };
}

function fixAll(source: string): string {
  return fixSource(source, 'x.py', undefined, { unsafe: true, rules: SEC }).output;
}

describe('ensureImport', () => {
  before(() => ready);
  it('adds the import in the stdlib group after the docstring and __future__, sorted as isort/ruff do', () => {
    const src = '"""Doc."""\nfrom __future__ import annotations\n\nimport sys\nfrom pathlib import Path  # paths\n\nx = 1\n';
    assert.equal(withImport(src).text, '"""Doc."""\nfrom __future__ import annotations\n\nimport os\nimport sys\nfrom pathlib import Path  # paths\n\nx = 1\n');
  });
  it('adds it after a docstring when there are no imports', () => {
    assert.equal(withImport('"""Doc."""\nx = 1\n').text, '"""Doc."""\nimport os\n\nx = 1\n');
  });
  it('adds it after a shebang / coding header, or at the top', () => {
    assert.equal(withImport('#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nx = 1\n').text, '#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nimport os\n\nx = 1\n');
    assert.equal(withImport('x = 1\n').text, 'import os\n\nx = 1\n');
  });
  it('reuses an existing module-level import, under its alias', () => {
    assert.deepEqual(withImport('import os\nx = 1\n'), { text: 'import os\nx = 1\n', localName: 'os' });
    assert.deepEqual(withImport('import os as _os\nx = 1\n'), { text: 'import os as _os\nx = 1\n', localName: '_os' });
  });
  it('does not count `from os import environ` or a function-local import', () => {
    assert.equal(withImport('from os import environ\nx = 1\n').text, 'import os\nfrom os import environ\nx = 1\n');
    assert.equal(withImport('def f():\n    import os\n').text, 'import os\n\ndef f():\n    import os\n');
  });
  it('starts a stdlib group, separated by a blank line, before third-party imports', () => {
    assert.equal(withImport('import pandas as pd\nfrom sklearn import svm\n\nx = 1\n').text, 'import os\n\nimport pandas as pd\nfrom sklearn import svm\n\nx = 1\n');
    assert.equal(withImport('import json\n\nimport pandas as pd\n').text, 'import json\nimport os\n\nimport pandas as pd\n');
  });
  it('uses the file line ending, and handles a last line without newline', () => {
    assert.equal(withImport('import sys\r\nx = 1\r\n').text, 'import os\r\nimport sys\r\nx = 1\r\n');
    assert.equal(withImport('import sys').text, 'import os\nimport sys');
    assert.equal(withImport('import json\nimport sys').text, 'import json\nimport os\nimport sys');
  });
});

describe('SEC fixes', () => {
  before(() => ready);
  it('uses the alias of os when os is imported as another name', () => {
    assert.equal(fixAll('import os as _os\nDB_PASSWORD = "Pr0d-Feat!2024"\n'), 'import os as _os\nDB_PASSWORD = _os.environ["DB_PASSWORD"]\n');
  });
  it('removes a keyword default of os.getenv', () => {
    assert.equal(fixAll('import os\nt = os.getenv("HUB_TOKEN", default="k9Xy2Lm4Np6Qr8St")\n'), 'import os\nt = os.getenv("HUB_TOKEN")\n');
  });
  it('turns os.environ.setdefault with a literal into a required lookup', () => {
    assert.equal(fixAll('import os\nos.environ.setdefault("HUB_TOKEN", "k9Xy2Lm4Np6Qr8St")\n'), 'import os\nos.environ["HUB_TOKEN"]\n');
  });
  it('replaces an os.environ assignment that is alone in its block by pass', () => {
    assert.equal(fixAll('import os\nif True:\n    os.environ["HUB_TOKEN"] = "k9Xy2Lm4Np6Qr8St"\n'), 'import os\nif True:\n    pass\n');
  });
  it('does not rely on an `import os` that comes after a module-level use', () => {
    assert.equal(fixAll('TOKEN = "k9Xy2Lm4Np6Qr8St"\nimport os as o\n'), 'import os\n\nTOKEN = os.environ["TOKEN"]\nimport os as o\n');
    assert.equal(fixAll('def f():\n    return {"token": "k9Xy2Lm4Np6Qr8St"}\nimport os as o\n'), 'def f():\n    return {"token": o.environ["TOKEN"]}\nimport os as o\n');
  });
  it('keeps bytes literals bytes', () => {
    assert.equal(fixAll('import os\nimport jwt\njwt.encode({}, b"s3cr3t-key")\n'), 'import os\nimport jwt\njwt.encode({}, os.environ["JWT_SECRET"].encode())\n');
  });
  it('offers no fix inside an f-string', () => {
    const { findings, tree } = analyzePython('import os\nu = f"postgresql://{user}:W4rehouse-pw@{host}/dwh"\n', 'x.py', undefined, { rules: SEC });
    tree.delete();
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].fixes, []);
  });
  it('keeps CRLF line endings and adds one import for several fixes', () => {
    const src = '"""Doc."""\r\nDB_PASSWORD = "Pr0d-Feat!2024"\r\nAPI_TOKEN = "a8Fk29dLq0ZxPw7Tn3Vb"\r\n';
    assert.equal(fixAll(src), '"""Doc."""\r\nimport os\r\n\r\nDB_PASSWORD = os.environ["DB_PASSWORD"]\r\nAPI_TOKEN = os.environ["API_TOKEN"]\r\n');
  });
  it('every SEC fix is unsafe', () => {
    const src = 'DB_PASSWORD = "Pr0d-Feat!2024"\nk = "ghp_JBd0Kh8oOOL8dKLzdocJ2isAjIhKtJ0RlgLK"\nu = "redis://:c4che-Pa55word@redis.internal:6379/0"\njwt.encode({}, "s3cr3t")\n';
    const { findings, tree } = analyzePython(src, 'x.py', undefined, { rules: SEC });
    tree.delete();
    assert.equal(findings.length, 4);
    for (const f of findings) assert.deepEqual(f.fixes.map((x) => x.applicability), ['unsafe']);
  });
});

describe('SEC rule performance', () => {
  before(() => ready);
  it('a 5 MB file of ordinary ML code with some secrets: SEC checks take seconds, not minutes', function () {
    this.timeout(120_000);
    const chunk = [
      'def train_{i}(df, config):',
      '    """Train model {i} on the feature table."""',
      '    features = df[["age_bucket", "tenure", "plan", "usage_{i}"]]',
      '    tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased", max_length=512)',
      '    params = {"max_tokens": 256, "token_count": {i}, "learning_rate": 0.01, "name": "run-{i}"}',
      '    url = f"https://mlflow.example.com/#/experiments/{i}"',
      '    mlflow.log_params(params)',
      '    client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])',
      '    secret_name = "prod/feature-store/{i}"',
      '    password_min_length = 12',
      '    conn = connect(host="db{i}.internal", user="ml", password="Pr0d-Feat-{i}!")',
      '    model.fit(features, df["label"])',
      '    return model',
      '',
      '',
    ].join('\n');
    let src = 'import os\nimport mlflow\nfrom openai import OpenAI\n\n';
    for (let i = 0; src.length < 5_000_000; i++) src += chunk.replace(/\{i\}/g, String(i));
    // Time the rules' check() only: parsing and fact building belong to the engine core.
    let spent = 0;
    const timed: Rule[] = SEC.map((r) => ({
      meta: r.meta,
      check: (ctx) => {
        const t = performance.now();
        r.check(ctx);
        spent += performance.now() - t;
      },
    }));
    const { findings, tree } = analyzePython(src, 'big.py', undefined, { rules: timed });
    tree.delete();
    assert.ok(findings.length > 1000, `expected the password literals to be found (${findings.length})`);
    if (process.env.MLGUARD_BENCH) console.log(`SEC checks: ${Math.round(spent)} ms for ${src.length} chars, ${findings.length} findings`);
    assert.ok(spent < 15_000, `SEC checks took ${Math.round(spent)} ms on ${src.length} chars`);
  });
});

describe('SEC fixes for environment writes', () => {
  before(() => ready);
  it('deletes an os.putenv / os.environ write of a literal secret', () => {
    assert.equal(fixAll('import os\nos.putenv("API_TOKEN", "k9Xy2Lm4Np6Qr8St")\nx = 1\n'), 'import os\nx = 1\n');
    assert.equal(fixAll('import os\nos.environ["API_TOKEN"] = "k9Xy2Lm4Np6Qr8St"  # set for the SDK\nx = 1\n'), 'import os\nx = 1\n');
  });
});
