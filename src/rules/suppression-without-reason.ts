import type { Rule } from '../engine/rule';
import { parsePragmas } from '../engine/suppressions';

export const suppressionWithoutReason: Rule = {
  meta: {
    id: 'MLG001',
    name: 'suppression-without-reason',
    family: 'MLG',
    defaultSeverity: 'warning',
    confidence: 'high',
    title: 'Suppression pragma without a reason or without rule codes',
    fixAvailability: 'none',
    docs: {
      what: 'Reports `# mlguard: ignore[...]` and `# mlguard: ignore-file[...]` comments that have no reason after the brackets, or no brackets naming the rules to ignore.',
      why: 'Suppressions are compliance decisions: a reviewer or auditor must see why a finding was accepted. A pragma without a reason does not suppress anything, so this rule tells you why the finding is still there.',
      example: {
        bad: 'api_key = "sk_live_..."  # mlguard: ignore[SEC001]',
        good: 'api_key = "sk_test_..."  # mlguard: ignore[SEC001] Stripe test-mode key used only in fixtures',
      },
      fixSafety: 'No automatic fix: only a person can state the reason.',
    },
    references: { cwe: [], gdpr: ['Art. 5(2)'], nist: ['Govern'], stride: ['Repudiation'] },
  },
  check(ctx) {
    for (const p of parsePragmas(ctx.facts.comments, ctx.lines)) {
      if (p.codes.length === 0) {
        ctx.report({ node: p.node, message: 'This suppression names no rule: write `# mlguard: ignore[RULE-ID] reason` (e.g. `ignore[SEC001] test fixture`). It suppresses nothing as written.' });
      } else if (!p.hasReason) {
        ctx.report({ node: p.node, message: `This suppression of ${p.codes.join(', ')} has no reason, so it is not applied. Add why the finding is acceptable after the brackets, e.g. \`# mlguard: ignore[${p.codes[0]}] synthetic test data\`.` });
      }
    }
  },
};
