// Secret detection building blocks: name tokenisation and classification, placeholders, token shapes.
import { strict as assert } from 'node:assert';
import {
  classifySecretName,
  envNameFor,
  findTokens,
  isPlaceholder,
  isTemplateMarker,
  looksLikeSecretValue,
  shannonEntropy,
  tokenizeName,
} from '../../src/engine/secrets';

/** One realistic (random, never issued) sample per provider shape, with the pattern id it must be found as. */
export const PROVIDER_SAMPLES: [string, string][] = [
  ['aws-access-key-id', 'AKIAUJZDEGXDNCF32EPF'],
  ['github-token', 'ghp_JBd0Kh8oOOL8dKLzdocJ2isAjIhKtJ0RlgLK'],
  ['github-fine-grained-pat', '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'],
  ['gitlab-pat', 'glpat-StPKR0CsTy4Qwb8DwkNh'],
  ['slack-token', 'xoxb-703423667127-6842684656321-ljoQoaF1LlqsajAIxNKu8iS2'],
  ['slack-app-token', 'xapp-1-A0B1C2D3E4F-7034236671-9f3c1e5a7b2d4f6a8c0e'],
  ['slack-webhook', 'https://hooks.slack.com/services/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'],
  ['stripe-key', 'sk_live_EtfjgVvVqE1SkHbn88HxjSI6'],
  ['stripe-key', 'rk_test_EtfjgVvVqE1SkHbn88HxjSI6'],
  ['google-api-key', 'AIzabWHtP3fS2qHx6kwXoIIXGvOoNZYW2mZp0zV'],
  ['openai-key', 'sk-proj-ZomHFwUbbYrEqmSM9wCZ7Uw9xfogoEmvnEN5N1aE6PwZPf1Q'],
  ['openai-legacy-key', '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'],
  ['anthropic-key', 'sk-ant-api03-Stqcbnr3yBdGBLEPH1qhT61qtc4xatws8phP9nhFyJfm5di4PzJ59FHz5r1pY4OjE2jBMptUsGr7CmY-uCu3ZR1zTOlUcAA'],
  ['huggingface-token', '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'],
  ['huggingface-org-token', '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'],
  ['wandb-key', 'wandb_v1_qcabUGJmGEp7CgQ0PBQFI14zGtSnovm14TUOizwd1iaeOV4qBkdfQ1y3GQsM'],
  ['replicate-token', 'r8_pSscDlkrCaqx9vJupc94tnwlavyfErGPmpGXa'],
  ['groq-key', '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'],
  ['perplexity-key', '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'],
  ['databricks-token', 'dapi22f828767efc2f91624a8940f1f836f9'],
  ['npm-token', 'npm_q8xiM0OGr4hTxoF54Fzbka8FRCztUjAwyuh1'],
  ['pypi-token', 'pypi-AgEIcHlwaS5vcmcvauWv1zh87mTa5Vsqxezy3Lex7BWr2drgd1QsO7jprBGumXxY9B4bZWOz648'],
  ['sendgrid-key', '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'],
  ['twilio-key', 'SKa2a7b860dcd6c8a1f8b46287cced9041'],
  ['azure-client-secret', 'BTW8Q~DfJXcaYioK6cPTt9iOqHOBSWhgetH8Lmyq'],
  ['vault-token', 'hvs.oYMaaItDr9uP14pEHpJpb9ATPtdbmF4RPAfqoQB7xoFcSvTAxRzmaZsV2GenFmtX0moDoqW4sg8NFNl5oFA6Qd8Mj7zdnbM'],
  ['digitalocean-token', 'dop_v1_4d115cea325a65e19cbae530282bd36cb9d21f6be6abf0d7c1c1e21862ab8a18'],
  ['private-key', '-----BEGIN RSA PRIVATE KEY-----\nOJMaidDn87XG3/q/xbMtEPO6UkzYuF0ie9Pu2njHkAm1/5wDr16EpLLJIVGHz4Fx\nFEtKyPiYGFDm7ena8D5VfLDpgyyjVw5HanSBeVRsfAGeAbP0VxNjAe/9i0mYtluY\n'],
  ['private-key', '-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\\n'],
  ['jwt', 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJtbC1waXBlbGluZSIsInJvbGUiOiJhZG1pbiJ9.kEAvstqVVPqzPptEJQzhkPkenG5ZFJoC6vWCBiJmpfl'],
];

describe('secret name tokenisation', () => {
  const cases: [string, string[]][] = [
    ['DATABASEPASSWORD', ['database', 'password']],
    ['DB_PASSWORD', ['db', 'password']],
    ['dbPassword', ['db', 'password']],
    ['NextToken', ['next', 'token']],
    ['NEXTTOKEN', ['next', 'token']],
    ['APIKey', ['api', 'key']],
    ['apikey', ['api', 'key']],
    ['OPENAI_APIKEY', ['openai', 'api', 'key']],
    ['aws_secret_access_key', ['aws', 'secret', 'access', 'key']],
    ['--api-key', ['api', 'key']],
    ['tokenizer', ['tokenizer']],
    ['max_tokens', ['max', 'tokens']],
    ['clientSecret', ['client', 'secret']],
    ['myAccessToken2', ['my', 'access', 'token', '2']],
  ];
  for (const [name, want] of cases) {
    it(`${name} -> ${want.join(' ')}`, () => assert.deepEqual(tokenizeName(name), want));
  }
});

describe('secret name classification', () => {
  const secret: [string, string][] = [
    ['password', 'password'],
    ['DATABASEPASSWORD', 'password'],
    ['db_pass', 'password'],
    ['PWD', 'password'],
    ['smtpPasswd', 'password'],
    ['passphrase', 'password'],
    ['db_password_prod', 'password'],
    ['token', 'token'],
    ['auth_token', 'token'],
    ['use_auth_token', 'token'],
    ['HF_TOKEN', 'token'],
    ['refresh_token', 'token'],
    ['api_key', 'key'],
    ['apiKey', 'key'],
    ['API_KEY_V2', 'key'],
    ['aws_secret_access_key', 'key'],
    ['private_key', 'key'],
    ['openai_key', 'key'],
    ['secret', 'secret'],
    ['client_secret', 'secret'],
    ['SECRET_KEY', 'key'],
    ['credentials', 'credential'],
    ['Authorization', 'auth'],
    ['GITHUB_PAT', 'token'],
  ];
  for (const [name, kind] of secret) {
    it(`${name} is a ${kind} name`, () => assert.equal(classifySecretName(name)?.kind, kind));
  }
  const notSecret = [
    'max_tokens', 'num_tokens', 'token_count', 'tokens', 'tokenizer', 'NextToken', 'next_page_token', 'pad_token',
    'eos_token', 'bos_token', 'special_tokens', 'public_key', 'primary_key', 'sort_key', 'cache_key', 'key',
    'password_min_length', 'password_policy', 'password_hash', 'hashed_password', 'secret_name', 'secret_arn',
    'token_type', 'token_url', 'token_path', 'api_key_file', 'token_env', 'TOKEN_ENV_VAR', 'password_field',
    'auth_header', 'auth_type', 'access_key_id', 'client_id', 'is_secret', 'has_password', 'passwords', 'secrets',
    'csrf_token', 'mock_api_key', 'prompt_tokens', 'keys', 'bypass', 'first_pass', 'longopt_pat', 'pat',
  ];
  for (const name of notSecret) {
    it(`${name} is not a secret name`, () => assert.equal(classifySecretName(name), undefined));
  }
  it('derives UPPER_SNAKE environment variable names', () => {
    assert.equal(envNameFor('apiKey'), 'API_KEY');
    assert.equal(envNameFor('--db-pass'), 'DB_PASS');
    assert.equal(envNameFor('API_KEY_V2'), 'API_KEY_V2');
    assert.equal(envNameFor('x-api-key'), 'X_API_KEY');
    assert.equal(envNameFor('DATABASEPASSWORD'), 'DATABASEPASSWORD');
  });
});

describe('placeholders and value judgement', () => {
  const placeholders = [
    '', '   ', '<your-api-key>', '${DB_PASSWORD}', '{{ secret }}', '{password}', '%s', '%(password)s', '$DB_PASS', 'xxxx',
    'XXXXXXXX', '********', 'sk-xxxx', 'your-api-key-here', 'YOUR_TOKEN_HERE', 'REPLACE_ME', 'replace-me', 'password',
    'secret', 'None', 'null', 'todo', 'example-key', 'dummy-token', 'aaaaaaaa', '...', 'redacted',
  ];
  for (const p of placeholders) it(`${JSON.stringify(p)} is a placeholder`, () => assert.ok(isPlaceholder(p)));
  const real = ['Tr0ub4dor&3', 'changeme', 'hunter2-Feat', 'a8Fk29dLq0ZxPw7Tn3Vb', 'admin123', 'p@ssw0rd!'];
  for (const r of real) it(`${JSON.stringify(r)} is not a placeholder`, () => assert.ok(!isPlaceholder(r)));

  // Only true placeholders are dropped: random keys that happen to contain a run of one character,
  // or letters spelling a placeholder word inside a longer word, are real.
  const trueFakes = [
    'zzzzzzzzzzzz', '0000000000000000', 'sk-000000000000000000', 'aaaaaaab', '1234567890abcdef', '0123456789', 'abcdefgh12',
    'qwertyuiop', 'xxxx-xxxx-xxxx', 'ab****cd', 'ENTER_KEY_HERE', 'insert-token', 'change-me', 'token_here', 'yourapikey',
    'example_secret_key', 'DUMMY_TOKEN', 'fake-password', 'sample-key-1', 'TODO-set-me', 'tbd', '<secret>', '${S3_SECRET}',
    'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  ];
  for (const p of trueFakes) it(`${JSON.stringify(p)} is a true placeholder`, () => assert.ok(isPlaceholder(p)));
  const runsInRealKeys = [
    'Zq7wwwwwwKp2Lm9Xr4TbN8', // a run of six
    '9fK2mQ0000000xL7pR3vT8wZ', // a run of seven zeros
    'c3f0000009a1d7e4b2c8f6a0e1d3b5c7', // hex with a zero run
    'AAAAB3NzaC1yc2EAAAADAQABAAAB', // base64 of an OpenSSH key: runs of A
    'k9tbdX2mQvL7pR3t', // "tbd" inside random letters
    'f4keZ8todoq2Lm9X', // "todo" inside random letters
    'Sampler9Lx2Qv7', // a word that starts with a placeholder word
    'aaa111', // short weak password: half a run is not a stand-in
    '123456', // the most common password, not a counting placeholder of ten
  ];
  for (const r of runsInRealKeys) it(`${JSON.stringify(r)} is a real value, not a placeholder`, () => assert.ok(!isPlaceholder(r)));
  it('keys for jwt/HMAC calls: stand-in words are weak keys, instructions and masks are markers', () => {
    assert.ok(!isTemplateMarker('dev-example-secret'), 'a weak key is still a key');
    assert.ok(!isTemplateMarker('Zq7wwwwwwKp2Lm9Xr4TbN8'));
    assert.ok(isTemplateMarker('your-signing-key-here'));
    assert.ok(isTemplateMarker('aaaaaaaaaaaaaaaa'));
    assert.ok(isTemplateMarker('<jwt-secret>'));
  });
  it('accepts provider tokens whose body has a run of repeated characters, not padded ones', () => {
    assert.deepEqual(findTokens('ghp_JBd0Kh8oOOL8d000000cJ2isAjIhKtJ0RlgLK').map((t) => t.pattern.id), ['github-token']);
    assert.deepEqual(findTokens('hf_QmR7vL2kWwwwwwwZp9Xc4Tb8NyF3sHjD1aE').map((t) => t.pattern.id), ['huggingface-token']);
    assert.deepEqual(findTokens('ghp_000000000000000000000000000000Ab12cd').map((t) => t.pattern.id), []);
  });

  it('judges values by the kind of name', () => {
    assert.ok(looksLikeSecretValue('Tr0ub4dor&3', 'password'));
    assert.ok(looksLikeSecretValue('root', 'password'), 'short passwords are still passwords');
    assert.ok(!looksLikeSecretValue('abc', 'password'), 'shorter than 4');
    assert.ok(looksLikeSecretValue('Bearer 9f8e7d6c5b4a3f2e', 'auth'), 'credential after an auth scheme');
    assert.ok(!looksLikeSecretValue('Bearer', 'auth'), 'the scheme alone');
    assert.ok(!looksLikeSecretValue('HF_TOKEN', 'token'), 'env var name');
    assert.ok(!looksLikeSecretValue('/run/secrets/db', 'password'), 'path');
    assert.ok(!looksLikeSecretValue('keys/signing.pem', 'key'), 'relative path');
    assert.ok(!looksLikeSecretValue('Enter your password', 'password'), 'prose');
    assert.ok(!looksLikeSecretValue('my-secret-name', 'secret'), 'word-like identifier');
    assert.ok(!looksLikeSecretValue('postgres://u:p@h/db', 'password'), 'URLs are SEC003s');
    assert.ok(looksLikeSecretValue('wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzKEY1', 'key'), 'base64 with slashes is not a path');
  });
  it('measures entropy in bits per character', () => {
    assert.equal(shannonEntropy('aaaa'), 0);
    assert.equal(shannonEntropy('abcd'), 2);
    assert.ok(shannonEntropy('a8Fk29dLq0ZxPw7Tn3Vb') > 4);
  });
});

describe('provider token shapes', () => {
  for (const [id, sample] of PROVIDER_SAMPLES) {
    it(`finds ${id}`, () => {
      const found = findTokens(`x = "${sample}"`);
      assert.equal(found.length, 1, `found ${found.map((f) => f.pattern.id).join(', ')}`);
      assert.equal(found[0].pattern.id, id);
    });
  }
  it('ignores documented examples and obvious fakes', () => {
    for (const fake of [
      'AKIAIOSFODNN7EXAMPLE',
      'ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      'sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'xoxb-your-token-here-please',
      'hf_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij',
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
      '-----BEGIN PRIVATE KEY-----\n...your key here...\n-----END PRIVATE KEY-----',
    ]) {
      assert.deepEqual(findTokens(fake).map((t) => t.pattern.id), [], fake);
    }
  });
  it('needs token boundaries (no match inside a longer identifier)', () => {
    assert.deepEqual(findTokens('XAKIAUJZDEGXDNCF32EPF'), []);
    assert.deepEqual(findTokens('my_ghp_JBd0Kh8oOOL8dKLzdocJ2isAjIhKtJ0RlgLK'), []);
  });
  it('does not take ordinary ML strings for tokens', () => {
    for (const s of [
      'sklearn.linear_model.LogisticRegression',
      'sha256:4d115cea325a65e19cbae530282bd36cb9d21f6be6abf0d7c1c1e21862ab8a18',
      'fa2815d2802827283e0ad84173581569969e58b0',
      'https://huggingface.co/bert-base-uncased/resolve/main/config.json',
      'task-classification-sk-learn-pipeline-v2',
      '-----BEGIN PUBLIC KEY-----\nOJMaidDn87XG3/q/xbMtEPO6UkzYuF0ie9Pu2njHkAm1/5wDr16EpLLJIVGHz4Fx\n-----END PUBLIC KEY-----',
    ]) {
      assert.deepEqual(findTokens(s).map((t) => t.pattern.id), [], s);
    }
  });
  it('scans pathological input in linear time', () => {
    const inputs = ['a:'.repeat(100_000) + '@', 'AKIA'.repeat(50_000), '-----BEGIN PRIVATE KEY-----' + 'A-'.repeat(100_000), 'eyJ' + 'a.eyJ'.repeat(50_000), 'sk-'.repeat(100_000)];
    const t = Date.now();
    for (const s of inputs) findTokens(s);
    assert.ok(Date.now() - t < 2000, `took ${Date.now() - t} ms`);
  });
});

describe('provider token shapes: identifiers are not tokens', () => {
  it('needs a random-looking (mixed-case) body for base62 tokens', () => {
    for (const s of ['hf_transformersmodelcheckpointversionfive', 'npm_packagepublishworkflowstepsforrelease', 'gsk_' + 'modelname'.repeat(6).slice(0, 52)]) {
      assert.deepEqual(findTokens(s).map((t) => t.pattern.id), [], s);
    }
  });
});
