import { insertItems } from '../engine/edits/call-arguments';
import type { Rule } from '../engine/rule';
import type { SyntaxNode } from '../engine/parser';
import type { Fix } from '../engine/types';
import { stringValue } from '../engine/ast';
import { ALL_INTERFACES, MLFLOW_AUTH_APP, PROCESS_CALLS } from '../engine/models/serving';

interface Command {
  /** Token texts (undefined for a non-literal element). */
  tokens: (string | undefined)[];
  /** For list commands: the element nodes; for a shell string: the string node. */
  elements?: SyntaxNode[];
  shell?: SyntaxNode;
}

function commandOf(arg: SyntaxNode | undefined): Command | undefined {
  if (!arg) return undefined;
  if (arg.type === 'list' || arg.type === 'tuple') {
    const elements = arg.namedChildren.filter((n): n is SyntaxNode => !!n && n.type !== 'comment');
    return { tokens: elements.map((e) => stringValue(e)), elements };
  }
  const s = stringValue(arg);
  if (s !== undefined) return { tokens: s.split(/\s+/).filter(Boolean), shell: arg };
  return undefined;
}

/** The value of an option (`--host 0.0.0.0` or `--host=0.0.0.0`); null when absent, undefined when not literal. */
function option(tokens: (string | undefined)[], names: string[]): string | null | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined) continue;
    for (const n of names) {
      if (t === n) return i + 1 < tokens.length ? tokens[i + 1] : undefined;
      if (t.startsWith(`${n}=`)) return t.slice(n.length + 1);
    }
  }
  return null;
}

function exposed(host: string | null | undefined): boolean {
  if (host === null || host === undefined) return false;
  const h = host.replace(/:\d+$/, '');
  return ALL_INTERFACES.has(h) || ALL_INTERFACES.has(host);
}

// The rule page is generated from `meta.docs` (`mlguard rules --write-docs docs/rules`): one source.
export const mlflowServerWithoutAuth: Rule = {
  meta: {
    id: 'SRV002',
    name: 'mlflow-server-without-auth',
    family: 'SRV',
    defaultSeverity: 'warning',
    confidence: 'high',
    title: 'MLflow tracking server started on all interfaces without authentication',
    fixTitle: 'Start the server with `--app-name basic-auth`',
    fixAvailability: 'sometimes',
    docs: {
      what: 'Reports MLflow servers started from Python — `subprocess.run/Popen/call/check_call/check_output` with an argument list or a shell string, `os.system`/`os.popen` — for `mlflow server` or `mlflow ui` (also `python -m mlflow server`) with `--host`/`-h` on every interface (`0.0.0.0`, `::`) and without `--app-name` (`basic-auth`, or an auth plugin such as `oidc-auth`), and `gunicorn ... mlflow.server:app` bound with `-b 0.0.0.0:PORT`. The default host (127.0.0.1) and non-literal hosts are not reported; shell scripts, Dockerfiles and compose files are not analysed.',
      why: 'Without the basic-auth app the MLflow server authenticates nobody: anyone who can reach the port reads every run\'s parameters, metrics and artefacts (training data samples, personal data logged by mistake), downloads registered models, or replaces and deletes them — a replaced production model is a supply-chain attack on everything that loads it (CWE-306, OWASP ML06, MITRE ATLAS AML.T0010; GDPR Art. 32).',
      example: {
        bad: 'import subprocess\n\nsubprocess.Popen(["mlflow", "server", "--host", "0.0.0.0", "--port", "5000", "--backend-store-uri", db_uri])',
        good: 'import subprocess\n\nsubprocess.Popen(["mlflow", "server", "--app-name", "basic-auth", "--host", "0.0.0.0", "--port", "5000", "--backend-store-uri", db_uri])',
      },
      fixSafety: 'Unsafe: inserts `--app-name basic-auth` after `server`; the server then needs `pip install mlflow[auth]` and an admin password (set `MLFLOW_AUTH_CONFIG_PATH` / change the default admin password at once), and every client needs `MLFLOW_TRACKING_USERNAME` / `MLFLOW_TRACKING_PASSWORD`.',
    },
    references: {
      cwe: ['CWE-306'],
      gdpr: ['Art. 32'],
      nist: ['Manage'],
      stride: ['Spoofing', 'Tampering', 'Information disclosure'],
      owaspMl: ['ML06:2023 AI Supply Chain Attacks'],
      atlas: ['AML.T0010'],
    },
  },
  check(ctx) {
    for (const call of ctx.facts.calls) {
      if (!PROCESS_CALLS.has(call.qualified ?? '')) continue;
      const cmd = commandOf(call.kwargs.get('args') ?? call.args[0]);
      if (!cmd) continue;
      const t = cmd.tokens;
      const mlflowAt = t.findIndex((x) => x !== undefined && /(^|\/)mlflow$/.test(x));
      const sub = mlflowAt >= 0 ? t[mlflowAt + 1] : undefined;
      let fix: Fix | undefined;
      if (mlflowAt >= 0 && (sub === 'server' || sub === 'ui')) {
        // Any app plugin (`basic-auth`, `oidc-auth`...) replaces the unauthenticated default app.
        if (option(t, ['--app-name']) !== null) continue;
        if (!exposed(option(t, ['--host', '-h']))) continue;
        const serverIndex = mlflowAt + 1;
        if (cmd.elements) {
          const after = cmd.elements[serverIndex];
          const quote = after.text.startsWith("'") ? "'" : '"';
          const list = after.parent;
          const items = [`${quote}--app-name${quote}`, `${quote}${MLFLOW_AUTH_APP}${quote}`];
          const edit = list ? insertItems(list, after, items, ctx.lines) : { start: after.endIndex, end: after.endIndex, text: items.map((i) => `, ${i}`).join('') };
          fix = { title: 'Start the server with `--app-name basic-auth`', applicability: 'unsafe', edits: [edit] };
        } else if (cmd.shell) {
          const m = /mlflow\s+(server|ui)\b/.exec(cmd.shell.text);
          if (m) {
            const at = cmd.shell.startIndex + m.index + m[0].length;
            fix = { title: 'Start the server with `--app-name basic-auth`', applicability: 'unsafe', edits: [{ start: at, end: at, text: ` --app-name ${MLFLOW_AUTH_APP}` }] };
          }
        }
      } else if (t.some((x) => x !== undefined && /(^|\/)gunicorn$/.test(x)) && t.includes('mlflow.server:app')) {
        if (!exposed(option(t, ['-b', '--bind']))) continue;
      } else continue;
      ctx.report({
        node: call.node,
        message: 'This MLflow server listens on every interface without authentication (`--app-name basic-auth` is not set): anyone who can reach the port can read all runs and artefacts and replace or delete registered models (CWE-306, OWASP ML06). Enable the basic-auth app, or bind to 127.0.0.1 behind an authenticating proxy.',
        fixes: fix ? [fix] : [],
      });
    }
  },
};
