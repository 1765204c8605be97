import type { Rule } from '../engine/rule';
import { trainingSinks, sensitiveColumns } from '../engine/pii/sinks';
import { dropColumnsFix, pseudonymiseFix } from '../engine/pii/fixes';

/**
 * ## What it does
 * Reports model training (`fit`, `xgb.train`/`lgb.train` on a DMatrix/Dataset, CatBoost `fit` on a
 * Pool, `cross_val_score`, Spark ML `Pipeline.fit` judged by its `VectorAssembler(inputCols=...)`,
 * statsmodels formulas, Hugging Face `Trainer(train_dataset=...)`) whose feature
 * matrix contains a column that denotes personal data — direct identifiers and contact data,
 * government IDs, financial data (account numbers, income), location (postcode, coordinates),
 * date of birth, GDPR Art. 9/10 special categories — that was not
 * dropped or masked (hashed, pseudonymised, encrypted, redacted) before. Columns are followed
 * through loads (`usecols=`, SQL SELECT lists), feature lists, selections, renames, copies, splits
 * and same-file helper functions. Age and sex/gender are reported by FAIR001 only; special
 * categories that are also protected attributes (ethnicity, religion, disability) by both.
 *
 * ## Why is this bad
 * Data minimisation (GDPR Art. 5(1)(c), Art. 25): identifiers add no legitimate signal, let the
 * model memorise individuals and leak them through model inversion and membership inference.
 * Special-category data needs an Art. 9 condition.
 *
 * ## Fix safety
 * Removing the column from the feature-list literal, or inserting `X = X.drop(columns=[...])` before
 * the call, changes the model's inputs: unsafe. Replacing the values by a keyed HMAC pseudonym is
 * offered as a suggestion only.
 */
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
      what: 'Finds training calls (fit, xgb.train / lgb.train on a DMatrix / Dataset, CatBoost fit on a Pool, cross_val_score, Spark ML Pipeline.fit, statsmodels formulas, Hugging Face Trainer) whose features still hold a column whose name denotes personal data (name, e-mail, phone, address, username, IP/device IDs, SSN and other government IDs, card/account numbers, income/salary, postcode, coordinates, date of birth, health, ethnicity, religion, criminal records) that was not dropped or masked before the call. Pipelines are judged by what the estimator sees (ColumnTransformer lists, VectorAssembler inputCols, identifier-dropping steps). Age and sex/gender are left to FAIR001.',
      why: 'GDPR Art. 5(1)(c) data minimisation and Art. 25 data protection by design: direct identifiers carry no legitimate predictive signal, make the model memorise individuals and expose them through model inversion and membership inference. Special categories (Art. 9) need an explicit legal condition.',
      example: {
        bad: 'X = df[["age", "income", "email"]]\nmodel.fit(X, y)',
        good: 'X = df[["age", "income"]]\nmodel.fit(X, y)',
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
      const pseudo = pseudonymiseFix(ctx, sink.arg, sink.frame, cols.map((c) => c.column));
      if (pseudo) fixes.push(pseudo);
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
