import type { Rule } from '../engine/rule';
import { trainingSinks, sensitiveColumns } from '../engine/pii/sinks';
import { dropColumnsFix } from '../engine/pii/fixes';

// The rule page is generated from `meta.docs` (`mlguard rules --write-docs docs/rules`): one source.
export const piiColumnReachesTraining: Rule = {
  meta: {
    id: 'PII001',
    name: 'pii-column-reaches-training',
    family: 'PII',
    defaultSeverity: 'error',
    confidence: 'medium',
    title: 'Personal-data column used as a model training feature',
    fixTitle: 'Drop the personal-data columns before training',
    fixAvailability: 'sometimes',
    docs: {
      what: 'Finds training calls (fit, xgb.train / lgb.train on a DMatrix / Dataset, CatBoost fit on a Pool, cross_val_score, Spark ML Pipeline.fit, statsmodels models and formulas, Hugging Face Trainer: reported at `trainer.train()` when the trainer is bound to a name) whose features still hold a column that names a person: direct identifiers (name, e-mail, phone, postal address, username, government IDs, card and account numbers), indirect identifiers (IP and device IDs, exact date of birth, postcode, precise coordinates) or GDPR Art. 9/10 special categories (health, biometrics, ethnicity, religion, criminal records), when it was not dropped or masked before the call. Ordinary personal attributes such as income or salary are not reported by default: they are usually the purpose of the model (configure `[tool.mlguard.pii.report] training = [..., "attribute"]` to include them). Columns are followed through loads, SQL SELECT lists, feature lists in constants, config dicts and dataclasses, selections, renames, copies, text columns formatted from identifiers, branches (a drop on one path does not count for the other) and same-file functions. Masking counts only when it is real: a keyed HMAC, tokenisation, encryption, redaction or an anonymiser; an unsalted SHA-256/MD5 of an e-mail is reversible by dictionary and is not pseudonymisation. Pipelines are judged by what the estimator sees. Age and sex/gender are left to FAIR001.',
      why: 'GDPR Art. 5(1)(c) data minimisation and Art. 25 data protection by design: direct identifiers carry no legitimate predictive signal, make the model memorise individuals and expose them through model inversion and membership inference. Special categories (Art. 9) need an explicit legal condition.',
      example: {
        bad: 'import pandas as pd\nfrom sklearn.linear_model import LogisticRegression\n\ndf = pd.read_csv("customers.csv")\nX = df[["tenure", "income", "email"]]\nLogisticRegression().fit(X, df["churned"])',
        good: 'import pandas as pd\nfrom sklearn.linear_model import LogisticRegression\n\ndf = pd.read_csv("churn_features.csv")\nX = df[["tenure", "income"]]\nLogisticRegression().fit(X, df["churned"])',
      },
      fixSafety: 'Unsafe: removing the column from the feature list (or inserting `X = X.drop(columns=[...])` before the call) changes the model inputs, and predict() must see the same columns. A suggestion replaces the values with a keyed HMAC-SHA256 pseudonym (key from the PSEUDONYM_KEY environment variable).',
    },
    references: {
      cwe: ['CWE-359'],
      gdpr: ['Art. 5(1)(c)', 'Art. 6', 'Art. 9', 'Art. 25', 'Recital 26'],
      nist: ['Map', 'Measure', 'Manage'],
      stride: ['Information disclosure'],
      owaspMl: ['ML03:2023 Model Inversion Attack', 'ML04:2023 Membership Inference Attack'],
    },
  },
  check(ctx) {
    for (const sink of trainingSinks(ctx.facts)) {
      const cols = sensitiveColumns(sink.columns, ctx.config, 'training', sink.frame);
      if (!cols.length) continue;
      const names = [...new Set(cols.map((c) => `\`${c.column.name}\``))].join(', ');
      const labels = [...new Set(cols.map((c) => c.match.label))].join('; ');
      const special = cols.some((c) => c.match.special);
      const fixes = [];
      const drop = dropColumnsFix(ctx, sink.arg, sink.frame, cols.map((c) => c.column), `Drop ${names} from the training features`);
      if (drop) fixes.push(drop);
      // No pseudonym fix here: a pseudonym is an object column estimators reject, not a feature.
      ctx.report({
        node: sink.call.node,
        message: `Personal data ${names} (${labels}) reaches model training here unmasked. Data minimisation (GDPR Art. 5(1)(c), Art. 25${special ? '; Art. 9 special category' : ''}) and memorisation risk: drop the column before fitting, or pseudonymise it with a keyed hash if it is truly needed.`,
        related: cols
          .filter((c) => c.column.origin.startIndex !== sink.call.node.startIndex)
          .map((c) => ({ node: c.column.origin, message: `\`${c.column.name}\` enters the data here` })),
        fixes,
      });
    }
  },
};
