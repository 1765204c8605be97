import type { Rule } from '../engine/rule';
import type { SyntaxNode } from '../engine/parser';
import type { MlguardConfig } from '../engine/config';
import type { FileFacts } from '../engine/facts';
import { dottedName, stringValue } from '../engine/ast';
import { receiverConstruction } from '../engine/constructed-objects';
import { stringOrConstant } from '../engine/constants';
import { SPARK_HADOOP_PREFIX } from '../engine/models/secrets';
import {
  ENDPOINT_CONFIG_KEYS,
  ENV_LOOKUPS,
  LOCAL_HOSTS,
  LOCAL_SUFFIXES,
  CLUSTER_SUFFIXES,
  NAMESPACE_HOSTS,
  NOT_ENDPOINT_WORDS,
  NOT_SINK_CALLS,
  PLAINTEXT_CONNECTIONS,
  RESERVED_DOMAINS,
  RESERVED_TLDS,
  TLS_OFF_CONFIG,
  URL_OPENER,
  URL_POSITIONAL_SINKS,
  URLISH_WORDS,
} from '../engine/models/transport';

/** snake_case / camelCase / UPPER name -> lower-case tokens. */
function tokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function urlishName(name: string | undefined): boolean {
  if (!name) return false;
  const t = tokens(name);
  return t.some((x) => URLISH_WORDS.test(x)) && !t.some((x) => NOT_ENDPOINT_WORDS.test(x));
}

function endpointName(name: string | undefined): boolean {
  if (!name || /^__\w+__$/.test(name)) return false; // __url__, __homepage__: package metadata
  // `SCHEMA_REGISTRY` is a Kafka schema registry's endpoint, not a schema document
  return !tokens(name).some((x, i, all) => NOT_ENDPOINT_WORDS.test(x) && !(x === 'schema' && all[i + 1] === 'registry'));
}

/** The string's text with interpolations replaced by HOLE (a private-use character) (f-strings), or undefined if not a string. */
function template(node: SyntaxNode): string | undefined {
  if (node.type === 'concatenated_string') {
    let out = '';
    for (const part of node.namedChildren) {
      const t = part ? template(part) : '';
      if (t === undefined) return undefined;
      out += t;
    }
    return out;
  }
  if (node.type !== 'string') return undefined;
  let out = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'interpolation') out += HOLE;
    else if (child.type === 'string_content') out += child.text;
    else if (child.type === 'escape_sequence') out += child.text;
  }
  return out;
}

const HOLE = '\uE000';
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** The host of an http:// URL when it is remote (not local, not allowed); undefined otherwise. */
export function remoteHttpHost(value: string, config: MlguardConfig): string | undefined {
  const m = /^\s*http:\/\/([^/?#\s]*)/i.exec(value);
  if (!m) return undefined;
  let authority = m[1];
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  let host: string;
  if (authority.startsWith('[')) host = authority.slice(1, authority.indexOf(']') > 0 ? authority.indexOf(']') : undefined);
  else host = authority.replace(/:[^:]*$/, '');
  host = host.toLowerCase().replace(/\.$/, '');
  if (!host) return undefined;
  if (host.includes(HOLE)) return host.startsWith(HOLE) ? '{host}' : host.split(HOLE).join('{}');
  if (/[%{}]/.test(host)) return '{host}'; // "http://%s:%d" % ..., "http://{}:{}".format(...)
  // in-cluster service names (`mlflow.ml.svc.cluster.local`) cross the pod network between nodes
  if (LOCAL_HOSTS.has(host) || (LOCAL_SUFFIXES.some((s) => host.endsWith(s)) && !CLUSTER_SUFFIXES.some((s) => host.endsWith(s)))) return undefined;
  if (IPV4.test(host) && (host.startsWith('127.') || host.startsWith('169.254.'))) return undefined;
  if (!IPV4.test(host) && !host.includes('.') && !host.includes(':')) return undefined; // single-label service name
  // Reserved documentation / test names never reach a real server (RFC 2606, RFC 6761).
  if (RESERVED_TLDS.some((t) => host.endsWith(`.${t}`)) || RESERVED_DOMAINS.some((d) => host === d || host.endsWith(`.${d}`))) return undefined;
  // Other `*.internal` names are private-network hosts like any corporate domain: traffic still crosses a network.
  if (NAMESPACE_HOSTS.test(host)) return undefined;
  for (const allowed of config.tls.allowedHosts) {
    const a = allowed.toLowerCase().replace(/^\*\./, '');
    if (host === a || host.endsWith(`.${a}`)) return undefined;
  }
  return host;
}

/** Climbs from a string through parentheses, `+` concatenation (as left operand), conditionals and % formatting. */
function usageNode(node: SyntaxNode): SyntaxNode {
  let cur = node;
  for (;;) {
    const p = cur.parent;
    if (!p) return cur;
    if (p.type === 'parenthesized_expression' || p.type === 'conditional_expression') cur = p;
    else if (p.type === 'binary_operator' && p.childForFieldName('left')?.id === cur.id) cur = p;
    // One level of list/tuple/set only: `HOSTS = ["http://a", "http://b"]`, not rows of test tables.
    else if ((p.type === 'list' || p.type === 'tuple' || p.type === 'set') && p.parent?.type !== 'argument_list' && cur.type === 'string') cur = p;
    else if (p.type === 'call' && cur.type === 'attribute') return cur;
    else if (p.type === 'attribute' && p.childForFieldName('attribute')?.text === 'format' && p.parent?.type === 'call') cur = p.parent;
    else return cur;
  }
}

function targetName(left: SyntaxNode): string | undefined {
  if (left.type === 'identifier' || left.type === 'attribute') return dottedName(left)?.split('.').pop();
  if (left.type === 'subscript') return stringValue(left.childForFieldName('subscript'));
  return undefined;
}

/** Why this string is an endpoint, or undefined when its use does not make it one. */
function endpointUse(str: SyntaxNode, facts: FileFacts): string | undefined {
  const use = usageNode(str);
  const p = use.parent;
  if (!p) return undefined;
  if (p.type === 'keyword_argument') {
    const name = p.childForFieldName('name')?.text;
    const call = p.parent?.parent;
    const callee = call?.type === 'call' ? (dottedName(call.childForFieldName('function')) ?? '') : '';
    // parser.add_argument("--tracking-uri", default="http://..."), click.option("--endpoint", default=...)
    if (name === 'default' && call?.type === 'call' && /(^|\.)(add_argument|option|Field|Option)$/.test(callee)) {
      const first = call.childForFieldName('arguments')?.namedChildren.find((n) => n?.type === 'string');
      const option = stringValue(first);
      return option && urlishName(option.replace(/^-+/, '')) ? `as the default of \`${option}\`` : undefined;
    }
    if (NOT_SINK_CALLS.test(callee)) return undefined;
    return urlishName(name) ? `passed as \`${name}=\`` : undefined;
  }
  if (p.type === 'argument_list') {
    const call = p.parent;
    const fn = call?.childForFieldName('function');
    const callee = dottedName(fn) ?? '';
    const method = callee.split('.').pop() ?? (fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined) ?? '';
    const args = p.namedChildren.filter((n): n is SyntaxNode => !!n && n.type !== 'comment' && n.type !== 'keyword_argument');
    const index = args.findIndex((a) => a.id === use.id);
    if (NOT_SINK_CALLS.test(callee)) return undefined;
    if (index === 0 && URL_POSITIONAL_SINKS.has(method)) return `passed to \`${callee || method}\``;
    if (index === 1 && method === 'request') return `passed to \`${callee}\``;
    // .config("spark.hadoop.fs.s3a.endpoint", "http://..."), spark.conf.set("fs.s3a.endpoint", ...)
    const key = index === 1 ? stringValue(args[0]) : undefined;
    if (key !== undefined && isEndpointConfigKey(key)) return `set as \`${key}\``;
    // opener = urllib.request.build_opener(...); opener.open("http://...")
    if (index === 0 && call?.type === 'call' && URL_OPENER.methods.has(method)) {
      const fact = facts.calls.find((c) => c.node.id === call.id);
      if (fact && receiverConstruction(fact, facts, URL_OPENER.factory)) return `opened with \`${callee || method}\``;
    }
    // os.getenv("API_URL", "http://...") / os.environ.get / .setdefault / config.get("tracking_uri", ...)
    if (index === 1 && ['getenv', 'get', 'setdefault', 'putenv'].includes(method) && urlishName(stringValue(args[0]))) return `used as the value of \`${stringValue(args[0])}\``;
    return undefined;
  }
  if (p.type === 'assignment' && p.childForFieldName('right')?.id === use.id) {
    const left = p.childForFieldName('left');
    const name = left ? targetName(left) : undefined;
    return name && endpointName(name) ? `assigned to \`${name}\`` : undefined;
  }
  if (p.type === 'pair' && p.childForFieldName('value')?.id === use.id) {
    const key = stringValue(p.childForFieldName('key'));
    if (urlishName(key)) return `used as the value of \`${key}\``;
    // Kubernetes-style env entries: {"name": "MLFLOW_TRACKING_URI", "value": "http://..."}
    if (key === 'value' && p.parent?.type === 'dictionary') {
      for (const sibling of p.parent.namedChildren) {
        if (sibling?.type !== 'pair' || stringValue(sibling.childForFieldName('key')) !== 'name') continue;
        const envName = stringValue(sibling.childForFieldName('value'));
        if (urlishName(envName)) return `used as the value of \`${envName}\``;
      }
    }
    return undefined;
  }
  if ((p.type === 'default_parameter' || p.type === 'typed_default_parameter') && p.childForFieldName('value')?.id === use.id) {
    const name = p.childForFieldName('name')?.text;
    return urlishName(name) ? `default of parameter \`${name}\`` : undefined;
  }
  // def tracking_uri(): return "http://..."
  if (p.type === 'return_statement') {
    for (let f = p.parent; f; f = f.parent) {
      if (f.type === 'function_definition') {
        const name = f.childForFieldName('name')?.text;
        return urlishName(name) ? `returned by \`${name}()\`` : undefined;
      }
    }
  }
  return undefined;
}

/** A Spark / Hadoop configuration key whose value is an endpoint (`fs.s3a.endpoint`, `...tracking.uri`). */
function isEndpointConfigKey(key: string): boolean {
  if (!/^[A-Za-z][\w-]*(?:\.[\w-]+)+$/.test(key)) return false;
  const bare = key.startsWith(SPARK_HADOOP_PREFIX) ? key.slice(SPARK_HADOOP_PREFIX.length) : key;
  return ENDPOINT_CONFIG_KEYS.some((k) => k.test(bare)) || urlishName(bare.split('.').pop());
}

/** The module-level string a name is bound to: `HOST = "x"` or `HOST = os.getenv("H", "x")`. */
function moduleString(name: string, facts: FileFacts): string | undefined {
  const bound = facts.assignments.filter((a) => !a.scope && a.operator === '=' && a.left.type === 'identifier' && a.left.text === name);
  const right = bound[bound.length - 1]?.right;
  if (!right) return undefined;
  const literal = stringValue(right);
  if (literal !== undefined) return literal;
  return lookupDefault(right);
}

/** The default of an environment lookup (`os.getenv("HOST", "localhost")`, `os.environ.get(...)`, `cfg.get("host", ...)`). */
function lookupDefault(expr: SyntaxNode): string | undefined {
  if (expr.type !== 'call' || !ENV_LOOKUPS.test(dottedName(expr.childForFieldName('function')) ?? '')) return undefined;
  const args = expr.childForFieldName('arguments')?.namedChildren.filter((n) => n && n.type !== 'comment') ?? [];
  const fallback = args[1]?.type === 'keyword_argument' ? args[1].childForFieldName('value') : (args[1] ?? args.find((a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'default')?.childForFieldName('value'));
  return stringValue(fallback);
}

/** The host text an expression stands for: a module constant, or an env lookup's default (the value when unset). */
function hostValue(expr: SyntaxNode | undefined, facts: FileFacts): string | undefined {
  if (!expr) return undefined;
  if (expr.type === 'identifier') return moduleString(expr.text, facts);
  return lookupDefault(expr);
}

/** For an f-string whose host is one `{...}` interpolation, the host it stands for (host[:port]). */
function resolveHostInterpolation(str: SyntaxNode, facts: FileFacts): string | undefined {
  const parts = str.namedChildren.filter((n): n is SyntaxNode => !!n && n.type !== 'string_start' && n.type !== 'string_end');
  const first = parts[0];
  const second = parts[1];
  if (first?.type !== 'string_content' || !/^\s*http:\/\/$/i.test(first.text) || second?.type !== 'interpolation') return undefined;
  const expr = second.namedChildren.find((n) => n?.type !== 'format_specifier' && n?.type !== 'type_conversion');
  return hostValue(expr ?? undefined, facts);
}

/** For `"http://" + HOST + ...`, the host the right operand stands for. */
function resolveConcatenatedHost(str: SyntaxNode, facts: FileFacts): string | undefined {
  const right = str.parent?.childForFieldName('right');
  return hostValue(right ?? undefined, facts);
}

export const plaintextHttpEndpoint: Rule = {
  meta: {
    id: 'TLS004',
    name: 'plaintext-http-endpoint',
    family: 'TLS',
    defaultSeverity: 'warning',
    confidence: 'medium',
    title: 'Plain `http://` endpoint for a remote tracking server or API',
    fixTitle: 'Use `https://`',
    fixAvailability: 'sometimes',
    docs: {
      what: 'Reports `http://` URLs to non-local hosts used as endpoints: passed to HTTP clients and tracking APIs (`requests.*`, `httpx.*`, `urlopen`, `urlretrieve`, `Request`, a `build_opener(...)` opener\'s `.open`, `mlflow.set_tracking_uri`...), given to URL-named keywords (`tracking_uri=`, `base_url=`, boto3 `endpoint_url=`, `host=`...), set as an endpoint configuration key (`.config("spark.hadoop.fs.s3a.endpoint", ...)`, `spark.conf.set("fs.s3a.endpoint", ...)`, `hadoopConfiguration().set(...)`), assigned to variables, attributes or environment variables, URL-named dict values, parameter defaults and `os.getenv("..._URL", default)` fallbacks. Also `http.client.HTTPConnection` to a remote host, `fs.s3a.connection.ssl.enabled = false`, and `grpc.insecure_channel` to a non-local target. A host interpolated from a constant or an env lookup is judged by its value or default (`f"http://{os.getenv(\'HOST\', \'localhost\')}:5000"` is local). Not reported: `https://`; localhost, `127.0.0.0/8`, `::1`, `0.0.0.0`, link-local `169.254.*`, `*.local` / `*.localdomain`, the cloud metadata and docker host names, single-label service names (`http://mlflow:5000`), names reserved for documentation and tests that never reach a real server (`*.test`, `*.example`, `*.invalid`, `example.com` / `.net` / `.org`, RFC 2606 / 6761), hosts in `[tool.mlguard.tls] allowed-hosts`, XML namespaces, docs links and comments. Private IP addresses, in-cluster service names (`*.svc.cluster.local`) and other `*.internal` hosts are reported: the traffic still crosses a network.',
      why: 'Plain HTTP exposes tracking credentials, personal data, features and predictions to anyone on the network path and lets them alter models, metrics or responses (CWE-319, GDPR Art. 32 encryption in transit, STRIDE information disclosure/tampering/spoofing).',
      example: {
        bad: 'import mlflow\n\nmlflow.set_tracking_uri("http://mlflow.ml-platform.acme-corp.net:5000")',
        good: 'import mlflow\n\nmlflow.set_tracking_uri("https://mlflow.ml-platform.acme-corp.net")',
      },
      fixSafety: 'Unsafe: the fix replaces `http://` by `https://`, which works only if the server serves TLS on that host and port (the port often differs). No fix for `grpc.insecure_channel` (credentials are needed). Add hosts that are legitimately plain HTTP to `[tool.mlguard.tls] allowed-hosts`.',
    },
    references: {
      cwe: ['CWE-319'],
      gdpr: ['Art. 32'],
      nist: ['Manage'],
      stride: ['Information disclosure', 'Tampering', 'Spoofing'],
    },
  },
  // Every finding names one of these in the source (prefilter: the rule is skipped otherwise).
  requires: [/http/i],
  check(ctx) {
    const { facts, config } = ctx;
    for (const s of /http:\/\//i.test(ctx.source) ? facts.strings : []) {
      const value = template(s);
      if (value === undefined || !/^\s*http:\/\//i.test(value)) continue;
      // "http://" + host + ":5000": the scheme is fixed, the host is computed.
      const parent = facts.stringParent(s);
      const concatenated = parent?.type === 'binary_operator' && parent.childForFieldName('left')?.id === s.id && /^\s*http:\/\/$/i.test(value);
      let host = concatenated ? '{host}' : remoteHttpHost(value, config);
      if (host === '{host}') {
        // f"http://{HOST}:{PORT}/x", f"http://{os.getenv('HOST', 'localhost')}:5000", "http://" + HOST:
        // a module constant or an env lookup's default decides (the default is what runs when unset).
        const resolved = concatenated ? resolveConcatenatedHost(s, facts) : resolveHostInterpolation(s, facts);
        if (resolved !== undefined) host = remoteHttpHost(`http://${resolved}`, config);
      }
      if (!host) continue;
      const why = endpointUse(s, facts);
      if (!why) continue;
      const at = s.text.search(/http:\/\//i);
      ctx.report({
        node: s,
        message: `Plain-HTTP URL to \`${host}\` ${why}: credentials, personal data and models travel unencrypted and can be read or altered on the way (CWE-319, GDPR Art. 32). Serve it over \`https://\` (or add the host to \`tls.allowed-hosts\` if it never leaves a trusted network).`,
        fixes: at >= 0 ? [{ title: 'Use `https://`', applicability: 'unsafe', edits: [{ start: s.startIndex + at, end: s.startIndex + at + 7, text: 'https://' }] }] : [],
      });
    }
    for (const call of facts.calls) {
      // http.client.HTTPConnection("scoring.corp.net", 80): plain HTTP by construction.
      if (call.qualified && PLAINTEXT_CONNECTIONS.has(call.qualified)) {
        const target = stringOrConstant(call.args[0] ?? call.kwargs.get('host'), facts, call.scope);
        const host = target === undefined ? undefined : remoteHttpHost(`http://${target}`, config);
        if (host) {
          ctx.report({
            node: call.node,
            message: `\`${call.callee}\` speaks plain HTTP to \`${host}\`: requests, credentials and responses travel unencrypted and can be read or altered (CWE-319, GDPR Art. 32). Use \`http.client.HTTPSConnection\` (with a verifying SSL context).`,
          });
        }
        continue;
      }
      // .config("spark.hadoop.fs.s3a.connection.ssl.enabled", "false"): the object store is then spoken to in plain HTTP.
      const key = stringValue(call.args[0]);
      const bare = key?.startsWith(SPARK_HADOOP_PREFIX) ? key.slice(SPARK_HADOOP_PREFIX.length) : key;
      const off = bare === undefined ? undefined : TLS_OFF_CONFIG.get(bare);
      const value = off && stringOrConstant(call.args[1] ?? call.kwargs.get('value'), facts, call.scope);
      if (off && value !== undefined && off.test(value)) {
        ctx.report({
          node: call.args[1] ?? call.node,
          message: `\`${key}\` = \`${value.trim()}\` makes the object-store connector use plain HTTP: data, models and the request signatures travel unencrypted (CWE-319, GDPR Art. 32). Keep TLS on (\`true\`, the default).`,
        });
      }
    }
    // grpc.insecure_channel("scoring.corp.example.com:8500"): plaintext gRPC to a remote host
    // (the target literal, or a module-level constant holding it).
    for (const call of facts.calls) {
      if (!/^grpc(\.aio)?\.insecure_channel$/.test(call.qualified ?? '')) continue;
      const target = call.args[0] ?? call.kwargs.get('target');
      let value = stringValue(target);
      if (value === undefined && target?.type === 'identifier') {
        const bound = facts.assignments.filter((a) => !a.scope && a.operator === '=' && a.left.type === 'identifier' && a.left.text === target.text);
        value = stringValue(bound[bound.length - 1]?.right);
      }
      if (value === undefined) continue;
      const host = remoteHttpHost(`http://${value.replace(/^(dns:\/\/\/|ipv4:|ipv6:)/, '')}`, config);
      if (!host) continue;
      ctx.report({
        node: call.node,
        message: `\`${call.callee ?? 'grpc.insecure_channel'}\` opens a plaintext gRPC channel to \`${host}\`: requests, features and predictions travel unencrypted and can be read or altered (CWE-319, GDPR Art. 32). Use \`grpc.secure_channel(target, grpc.ssl_channel_credentials())\`.`,
      });
    }
  },
};
