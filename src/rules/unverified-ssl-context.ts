import { TLS_VERIFICATION_REFERENCES } from './family-references';
import type { Rule } from '../engine/rule';
import type { SyntaxNode } from '../engine/parser';
import type { Fix, TextEdit } from '../engine/types';
import { removeArgument } from '../engine/edits/call-arguments';
import { dottedName, stringValue } from '../engine/ast';
import { CERT_NONE_STRINGS } from '../engine/models/transport';

const UNVERIFIED = new Set(['ssl._create_unverified_context', 'ssl._create_stdlib_context']);

export const unverifiedSslContext: Rule = {
  meta: {
    id: 'TLS002',
    name: 'unverified-ssl-context',
    family: 'TLS',
    defaultSeverity: 'error',
    confidence: 'high',
    title: 'SSL context without certificate or host-name verification',
    fixTitle: 'Use a verifying SSL context',
    fixAvailability: 'sometimes',
    docs: {
      what: 'Reports `ssl._create_unverified_context` (called or installed as the default HTTPS context), `ssl.CERT_NONE` used as a setting (`verify_mode =`, `cert_reqs=`, `"cert_reqs": ...`), `cert_reqs="CERT_NONE"` / `cert_reqs="NONE"`, `check_hostname = False` and urllib3 `assert_hostname=False`. Assertions and server-side contexts (`server_ctx.verify_mode = ssl.CERT_NONE`: no client certificates requested) are not reported.',
      why: 'Such a context accepts any certificate for any host, so a network attacker can impersonate the tracking server, database or API and read or alter personal data and models in transit (CWE-295, GDPR Art. 32, STRIDE spoofing/tampering).',
      example: {
        bad: 'ctx = ssl.create_default_context()\nctx.check_hostname = False\nctx.verify_mode = ssl.CERT_NONE',
        good: 'ctx = ssl.create_default_context(cafile="/etc/ssl/certs/corp-ca.pem")',
      },
      fixSafety: 'Unsafe: replaces `_create_unverified_context` by `create_default_context`, `CERT_NONE` by `CERT_REQUIRED` and `check_hostname = False` by `True`; servers with self-signed or private-CA certificates then fail until the CA file is configured. No fix for the global `_create_default_https_context` assignment (delete it).',
    },
    references: TLS_VERIFICATION_REFERENCES,
  },
  // Every finding names one of these in the source (prefilter: the rule is skipped otherwise).
  requires: ['ssl', 'CERT_NONE', 'cert_reqs', 'verify_mode', 'check_hostname', 'assert_hostname'],
  check(ctx) {
    const { facts, lines } = ctx;
    const seen = new Set<number>();
    const report = (node: SyntaxNode, message: string, fix?: Fix): void => {
      const line = lines.position(node.startIndex).line;
      if (seen.has(line)) return;
      seen.add(line);
      ctx.report({ node, message, fixes: fix ? [fix] : [] });
    };
    const why = 'so a network attacker can impersonate the server and read or alter the traffic (CWE-295, GDPR Art. 32)';
    const inComparison = (n: SyntaxNode): boolean => {
      for (let p = n.parent; p; p = p.parent) {
        if (p.type === 'comparison_operator' || p.type === 'boolean_operator' || p.type === 'not_operator') return true;
        if (p.type.endsWith('statement') || p.type === 'assignment' || p.type === 'call' || p.type === 'pair') return false;
      }
      return false;
    };
    // self.assertEqual(ctx.verify_mode, ssl.CERT_NONE): a check, not a setting.
    const inAssertion = (n: SyntaxNode): boolean => {
      const call = n.parent?.type === 'argument_list' ? n.parent.parent : undefined;
      const fn = call?.childForFieldName('function');
      const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
      return !!name && /^assert/i.test(name);
    };
    // server_ctx.verify_mode = ssl.CERT_NONE: a server that does not ask for client certificates is normal.
    const onServerContext = (n: SyntaxNode): boolean => {
      const a = n.parent;
      if (a?.type !== 'assignment' || a.childForFieldName('right')?.id !== n.id) return false;
      const left = a.childForFieldName('left');
      const object = left?.type === 'attribute' ? left.childForFieldName('object')?.text ?? '' : '';
      return /serv(er|ing)?_?(ctx|context|ssl)|srv/i.test(object);
    };
    // Find the few occurrences in the text, then the syntax node at each (cheaper than walking the tree).
    const nodes: SyntaxNode[] = [];
    for (const m of ctx.source.matchAll(/\b(CERT_NONE|_create_unverified_context|_create_stdlib_context)\b/g)) {
      const id = ctx.root.descendantForIndex(m.index, m.index + m[0].length);
      if (!id || id.type !== 'identifier') continue; // comments, strings
      const parent = id.parent;
      if (parent?.type === 'attribute') {
        if (parent.childForFieldName('attribute')?.id === id.id) nodes.push(parent);
        continue;
      }
      if (parent?.childForFieldName('name')?.id === id.id) continue; // keyword name, def name
      let inImport = false;
      for (let p = parent; p; p = p.parent) {
        if (p.type === 'import_statement' || p.type === 'import_from_statement') inImport = true;
        if (inImport || p.type.endsWith('statement') || p.type === 'module') break;
      }
      if (!inImport) nodes.push(id);
    }
    nodes.sort((a, b) => a.startIndex - b.startIndex);
    for (const n of nodes) {
      const name = dottedName(n);
      if (!name) continue;
      const q = facts.imports.resolve(name);
      if (UNVERIFIED.has(q)) {
        const called = n.parent?.type === 'call' && n.parent.childForFieldName('function')?.id === n.id;
        const attr = n.type === 'attribute' ? n.childForFieldName('attribute') : undefined;
        report(
          n.parent?.type === 'call' ? n.parent : n,
          called
            ? `\`${name}()\` creates an SSL context that accepts any certificate, ${why}. Use \`ssl.create_default_context()\` (with \`cafile=\` for a private CA).`
            : `Installing \`${name}\` disables certificate verification for every HTTPS request in the process, ${why}. Remove it and configure the CA bundle instead.`,
          called && attr ? { title: 'Use `ssl.create_default_context()`', applicability: 'unsafe', edits: [{ start: attr.startIndex, end: attr.endIndex, text: 'create_default_context' }] } : undefined,
        );
        continue;
      }
      if (q === 'ssl.CERT_NONE' && !inComparison(n) && !inAssertion(n) && !onServerContext(n)) {
        const attr = n.type === 'attribute' ? n.childForFieldName('attribute') : undefined;
        report(n, `\`${name}\` turns off certificate verification, ${why}. Use \`ssl.CERT_REQUIRED\`.`, attr ? { title: 'Use `ssl.CERT_REQUIRED`', applicability: 'unsafe', edits: [{ start: attr.startIndex, end: attr.endIndex, text: 'CERT_REQUIRED' }] } : undefined);
      }
    }
    // cert_reqs="CERT_NONE" / cert_reqs="NONE" (urllib3 accepts both; websocket sslopt dicts).
    for (const s of ctx.source.includes('cert_reqs') ? facts.strings : []) {
      const text = stringValue(s);
      if (text === undefined || !CERT_NONE_STRINGS.has(text)) continue;
      const parent = facts.stringParent(s);
      const key = parent?.type === 'keyword_argument' ? parent.childForFieldName('name')?.text : parent?.type === 'pair' ? stringValue(parent.childForFieldName('key')) : undefined;
      if (key !== 'cert_reqs') continue;
      report(s, `\`cert_reqs=${JSON.stringify(text)}\` turns off certificate verification, ${why}. Use \`"CERT_REQUIRED"\`.`, {
        title: 'Use `CERT_REQUIRED`',
        applicability: 'unsafe',
        edits: [{ start: s.startIndex, end: s.endIndex, text: s.text.replace(text, 'CERT_REQUIRED') }],
      });
    }
    // urllib3: PoolManager(..., assert_hostname=False) skips the host-name check.
    for (const call of ctx.source.includes('assert_hostname') ? facts.calls : []) {
      const value = call.kwargs.get('assert_hostname');
      if (value?.type !== 'false') continue;
      report(call.kwargNodes.get('assert_hostname') ?? value, `\`assert_hostname=False\` skips the host-name check (a valid certificate for any other site is accepted), ${why}. Remove it.`, {
        title: 'Remove `assert_hostname=False`',
        applicability: 'unsafe',
        edits: [removeArgument(call, call.kwargNodes.get('assert_hostname')!)].filter((e): e is TextEdit => !!e),
      });
    }
    // ctx.check_hostname = False, including `ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE`.
    for (const a of ctx.source.includes('check_hostname') ? facts.assignments : []) {
      if (a.operator !== '=' || !a.right) continue;
      const lefts = a.left.type === 'pattern_list' || a.left.type === 'tuple_pattern' ? a.left.namedChildren : [a.left];
      const rights = lefts.length > 1 && (a.right.type === 'expression_list' || a.right.type === 'tuple') ? a.right.namedChildren : [a.right];
      lefts.forEach((l, i) => {
        const r = rights.length === lefts.length ? rights[i] : lefts.length === 1 ? rights[0] : undefined;
        if (!l || !r || l.type !== 'attribute' || l.childForFieldName('attribute')?.text !== 'check_hostname' || r.type !== 'false') return;
        if (/serv(er|ing)?_?(ctx|context|ssl)|srv/i.test(l.childForFieldName('object')?.text ?? '')) return;
        report(l, `\`${l.text} = False\` skips the host-name check (a valid certificate for any other site is accepted), ${why}. Keep \`check_hostname = True\`.`, {
          title: 'Set `check_hostname = True`',
          applicability: 'unsafe',
          edits: [{ start: r.startIndex, end: r.endIndex, text: 'True' }],
        });
      });
    }
  },
};
