// Shared by the CLI/report/discovery/malformed tests: temp project folders, an in-process CLI run
// with captured output, and two small test rules (so the tests do not depend on which real rules
// other families have registered yet).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../src/cli/cli';
import type { CliIO } from '../../src/cli/io';
import type { Rule } from '../../src/engine/rule';
import { suppressionWithoutReason } from '../../src/rules/suppression-without-reason';

export const AWS_KEY = 'AKIAZ7VQ3XKJ4MPL2WTE';
export const PASSWORD = 'Tr0ub4dor&3-horse-battery';

/** SEC999: a string literal assigned to a secret-like name (test stand-in for the SEC rules). */
export const testSecretRule: Rule = {
  meta: {
    id: 'SEC999',
    name: 'test-hardcoded-secret',
    family: 'SEC',
    defaultSeverity: 'error',
    confidence: 'high',
    title: 'Test: hardcoded secret',
    fixTitle: 'Read it from the environment',
    fixAvailability: 'always',
    docs: {
      what: 'Test rule: string literals assigned to names containing key/password/token.',
      why: 'Secrets in source leak through version control (test rule, CWE-798).',
      example: { bad: 'password = "hunter2hunter2"', good: 'password = os.environ["PASSWORD"]' },
      fixSafety: 'Safe in tests: replaces the literal by an environment lookup.',
    },
    references: { cwe: ['CWE-798'], gdpr: ['Art. 32'], nist: ['Manage'], stride: ['Information disclosure'] },
  },
  check(ctx) {
    for (const node of ctx.root.descendantsOfType('assignment')) {
      const left = node?.childForFieldName('left');
      const right = node?.childForFieldName('right');
      if (!left || !right || right.type !== 'string' || !/key|password|token/i.test(left.text)) continue;
      const value = right.text.slice(1, -1);
      ctx.report({
        node: right,
        message: `Hardcoded secret in \`${left.text}\` (value ${value}); read it from the environment (CWE-798).`,
        secrets: [value],
        fixes: [{ title: 'Read it from the environment', applicability: 'safe', edits: [{ start: right.startIndex, end: right.endIndex, text: `os.environ["${left.text.toUpperCase()}"]` }] }],
      });
    }
  },
};

/** TLS999: verify=False keyword; only an unsafe fix. */
export const testVerifyRule: Rule = {
  meta: {
    id: 'TLS999',
    name: 'test-verify-false',
    family: 'TLS',
    defaultSeverity: 'warning',
    confidence: 'medium',
    title: 'Test: TLS verification disabled',
    fixTitle: 'Set verify=True',
    fixAvailability: 'always',
    docs: {
      what: 'Test rule: reports verify=False keyword arguments.',
      why: 'Disabling certificate checks allows interception (test rule, CWE-295).',
      example: { bad: 'requests.get(url, verify=False)', good: 'requests.get(url)' },
      fixSafety: 'Unsafe: the request may start failing against self-signed servers.',
    },
    references: { cwe: ['CWE-295'], gdpr: ['Art. 32'], nist: ['Manage'], stride: ['Tampering'] },
  },
  check(ctx) {
    for (const node of ctx.root.descendantsOfType('keyword_argument')) {
      const value = node?.childForFieldName('value');
      if (!node || node.childForFieldName('name')?.text !== 'verify' || value?.text !== 'False') continue;
      ctx.report({ node, message: 'TLS verification is disabled; remove verify=False (CWE-295).', fixes: [{ title: 'Set verify=True', applicability: 'unsafe', edits: [{ start: value.startIndex, end: value.endIndex, text: 'True' }] }] });
    }
  },
};

export const TEST_RULES: readonly Rule[] = [suppressionWithoutReason, testSecretRule, testVerifyRule];

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output (no TTY, no colour unless env says so). */
export async function runCli(args: string[], cwd: string, opts: { rules?: readonly Rule[] | null; env?: Record<string, string>; tty?: boolean } = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    stdoutIsTTY: opts.tty ?? false,
    stderrIsTTY: opts.tty ?? false,
    env: opts.env ?? {},
    cwd,
  };
  const rules = opts.rules === null ? undefined : (opts.rules ?? TEST_RULES);
  const code = await main(args, io, { rules });
  return { code, stdout, stderr };
}

/** A temp folder populated from a map of relative path → content. */
export function project(files: Record<string, string | Uint8Array>): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'mlguard-cli-'));
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(dir, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A minimal nbformat 4 notebook with the given cells (code strings, or [type, source]). */
export function notebook(cells: (string | ['markdown' | 'code', string, unknown[]?])[], indent = 1): string {
  const doc = {
    cells: cells.map((c) => {
      const [type, source, outputs] = typeof c === 'string' ? ['code', c, []] : c;
      const lines = source.match(/[^\n]*\n|[^\n]+$/g) ?? [];
      return type === 'code'
        ? { cell_type: 'code', execution_count: null, metadata: {}, outputs: outputs ?? [], source: lines }
        : { cell_type: 'markdown', metadata: {}, source: lines };
    }),
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return JSON.stringify(doc, null, indent) + '\n';
}
