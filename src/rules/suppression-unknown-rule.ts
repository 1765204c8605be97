import type { Rule } from '../engine/rule';
import { codeMatches, parsePragmas } from '../engine/suppressions';
import { RULE_LOOKUP } from './lookup';
import { FAMILIES } from '../engine/types';
import { knownSelectors, nearest } from '../engine/config';

export const suppressionUnknownRule: Rule = {
  meta: {
    id: 'MLG002',
    name: 'suppression-unknown-rule',
    family: 'MLG',
    defaultSeverity: 'warning',
    confidence: 'high',
    title: 'Suppression pragma names an unknown rule',
    fixAvailability: 'none',
    docs: {
      what: 'Reports codes inside `# mlguard: ignore[...]` that match no rule ID (SEC001), family (SEC) or rule name (hardcoded-secret-token).',
      why: 'A misspelt code suppresses nothing, so the finding stays while the author thinks it is handled; or it was meant for another tool.',
      example: {
        bad: 'df.to_csv("out.csv")  # mlguard: ignore[PII01] aggregated data only',
        good: 'df.to_csv("out.csv")  # mlguard: ignore[PII002] aggregated data only',
      },
      fixSafety: 'No automatic fix: the intended rule cannot be guessed safely; the message suggests the nearest rule ID, family or name.',
    },
    references: { cwe: [], gdpr: [], nist: ['Govern'], stride: ['Repudiation'] },
  },
  check(ctx) {
    for (const p of parsePragmas(ctx.facts.comments, ctx.lines)) {
      const unknown = p.codes.filter((c) => !FAMILIES.includes(c.toUpperCase() as never) && !RULE_LOOKUP().some((m) => codeMatches(c, m)));
      if (unknown.length) {
        // A typo (SER02, PI001, hardcoded-secret) names the rule it was meant for.
        const known = knownSelectors(RULE_LOOKUP());
        const named = unknown.map((u) => {
          const hint = nearest(u, known);
          return hint ? `"${u}" (did you mean "${hint}"?)` : `"${u}"`;
        });
        ctx.report({ node: p.node, message: `Unknown rule code${unknown.length > 1 ? 's' : ''} ${named.join(', ')} in suppression: use a rule ID (e.g. SEC001), a family (SEC, PII, AUD, FAIR, SER, TLS, MLG) or a rule name. Run \`mlguard rules\` for the list.` });
      }
    }
  },
};
