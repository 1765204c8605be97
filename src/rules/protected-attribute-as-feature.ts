import type { Rule } from '../engine/rule';
import { protectedColumns, trainingSinks } from '../engine/pii/sinks';
import { dropColumnsFix } from '../engine/pii/fixes';

// The rule page is generated from `meta.docs` (`mlguard rules --write-docs docs/rules`): one source.
export const protectedAttributeAsFeature: Rule = {
  meta: {
    id: 'FAIR001',
    name: 'protected-attribute-as-feature',
    family: 'FAIR',
    defaultSeverity: 'warning',
    confidence: 'medium',
    title: 'Protected attribute used as a model feature',
    fixTitle: 'Remove the protected attribute from the features',
    fixAvailability: 'sometimes',
    docs: {
      what: 'Finds training calls (fit, xgb.train / lgb.train, CatBoost fit on a Pool, cross_val_score, Spark ML Pipeline.fit with its VectorAssembler inputCols, statsmodels formulas, Trainer) whose feature matrix includes a protected attribute (sex/gender, race/ethnicity, age, religion, marital status, national origin, disability, pregnancy, sexual orientation, or configured extras). Using the attribute only for evaluation or as a mitigation constraint (fairlearn sensitive_features=, MetricFrame, groupby in EDA) is not reported; a mitigator whose X still holds the attribute is.',
      why: 'Using protected characteristics as model inputs is direct discrimination in credit, hiring, insurance and healthcare decisions (EU equality law, ECOA/Regulation B, EU AI Act Art. 10 data governance for high-risk systems) and processes GDPR Art. 9 special categories without a condition. Keep the attribute out of the features and use it to measure bias instead.',
      example: {
        bad: 'features = ["income", "debt_ratio", "gender"]\nclf.fit(df[features], df["default"])',
        good: 'features = ["income", "debt_ratio"]\nclf.fit(df[features], df["default"])\nMetricFrame(metrics=accuracy_score, y_true=y, y_pred=clf.predict(df[features]), sensitive_features=df["gender"])',
      },
      fixSafety: 'Unsafe: removing the attribute from the feature list (or dropping it before the call) changes the model and its accuracy; re-validate and keep the attribute for fairness evaluation. Proxies (postcode, first name) are not detected.',
    },
    references: {
      cwe: [],
      gdpr: ['Art. 5(1)(a)', 'Art. 9', 'Art. 22', 'Art. 25'],
      nist: ['Map', 'Measure', 'Manage'],
      stride: ['Information disclosure'],
      links: ['https://fairlearn.org/main/user_guide/assessment/index.html'],
    },
  },
  check(ctx) {
    for (const sink of trainingSinks(ctx.facts)) {
      // A fairness mitigator (`fit(X, y, sensitive_features=A)`) uses A to constrain the model;
      // only attributes still inside X itself, seen there for certain (not assumed), are features.
      const mitigated = sink.call.kwargs.has('sensitive_features') || sink.call.kwargs.has('protected_attributes');
      // an assumed column is ignored when the code already dropped a column of the same attribute
      // (`drop(columns=SENSITIVE)` removed "nationality": "nationality_code" is not assumed to remain)
      const dropped = new Set(protectedColumns([...(sink.frame?.removed ?? [])].map((n) => ({ name: n, sourceName: n, origin: sink.call.node })), ctx.config).map((c) => c.match.attribute));
      const cols = protectedColumns(sink.columns, ctx.config).filter((c) => (!c.column.assumed || !dropped.has(c.match.attribute)) && !(mitigated && c.column.assumed));
      if (!cols.length) continue;
      const names = [...new Set(cols.map((c) => `\`${c.column.name}\``))].join(', ');
      const attrs = [...new Set(cols.map((c) => c.match.attribute))].join(', ');
      const fix = dropColumnsFix(ctx, sink.arg, sink.frame, cols.map((c) => c.column), `Remove ${names} from the model features`);
      ctx.report({
        node: sink.call.node,
        message: `Protected attribute ${names} (${attrs}) is used as a model feature here. Decisions based on it risk unlawful discrimination (GDPR Art. 5(1)(a) fairness, Art. 9, Art. 22): remove it from the features and use it only to measure bias (e.g. fairlearn sensitive_features=).`,
        related: cols
          .filter((c) => c.column.origin.startIndex !== sink.call.node.startIndex)
          .map((c) => ({ node: c.column.origin, message: `\`${c.column.name}\` is selected as a feature here` })),
        fixes: fix ? [fix] : [],
      });
    }
  },
};
