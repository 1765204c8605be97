import type { Rule } from '../engine/rule';
import type { SyntaxNode } from '../engine/parser';
import type { MlguardConfig } from '../engine/config';
import type { FileFacts } from '../engine/facts';
import { dottedName, stringValue } from '../engine/ast';

/** Keyword/key/parameter names that carry an endpoint. */
const URLISH = /^(url|uri|urls|uris|endpoint|endpoints|host|hosts|hostname|base|server|servers|api|gateway|webhook|address|addr|origin|registry|tracking|broker|mlflow|wandb)$/;
/** Names that denote documentation, namespaces or metadata rather than an endpoint. */
const NOT_ENDPOINT = /^(ns|nsmap|namespace|namespaces|xmlns|schema|schemas|doc|docs|documentation|homepage|home|license|licence|paper|citation|cite|reference|references|ref|wiki|readme|help|website|repo|repository|source|about|issues|bugtracker|changelog|example|examples|pattern|regex|prefix|scheme|proxy|proxies|expected|sample|message|msg|text|template|fmt|description|comment|note|title|label|placeholder|link|links|href|card|author|maintainer|credits|copyright)$/;
/** XML namespace / schema / vocabulary hosts: identifiers, never fetched. */
const NAMESPACE_HOSTS = /(^|\.)(w3\.org|hl7\.org|purl\.org|xmlsoap\.org|openxmlformats\.org|schemas\.microsoft\.com|xmlns\.com|json-schema\.org|schema\.org|ns\.adobe\.com|opengis\.net|oasis-open\.org|xml\.org|java\.sun\.com|ogp\.me|rdfs\.org|snomed\.info|loinc\.org|unitsofmeasure\.org|terminology\.hl7\.org|dublincore\.org|acs\.amazonaws\.com|xmlns\.oracle\.com|maven\.apache\.org)$/i;
/** Calls whose first positional argument is a URL that is fetched or used as an endpoint. */
const POSITIONAL_SINKS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'stream', 'urlopen', 'urlretrieve', 'Request', 'set_tracking_uri', 'set_registry_uri', 'MlflowClient', 'download', 'read_csv', 'read_json', 'read_parquet', 'read_table', 'read_excel', 'read_html', 'read_xml', 'Elasticsearch', 'OpenSearch', 'QdrantClient', 'HTTPConnectionPool', 'connection_from_url', 'ws_connect', 'ClientSession', 'Client', 'AsyncClient', 'HttpUrl', 'RemoteRunnable', 'HuggingFaceEndpoint', 'InferenceClient']);
/** Calls whose URL-named keywords are metadata, not endpoints (packaging). */
const NOT_SINK_CALLS = /(^|\.)(setup|setuptools\.setup|info|debug|warning|warn|error|exception|critical|print|echo|write|secho|add_argument|startswith|endswith|replace|format|join|split|match|search|compile|sub)$/;

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
  return t.some((x) => URLISH.test(x)) && !t.some((x) => NOT_ENDPOINT.test(x));
}

function endpointName(name: string | undefined): boolean {
  if (!name || /^__\w+__$/.test(name)) return false; // __url__, __homepage__: package metadata
  return !tokens(name).some((x) => NOT_ENDPOINT.test(x));
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
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host === '0.0.0.0' || host === '::') return undefined;
  if (IPV4.test(host) && (host.startsWith('127.') || host.startsWith('169.254.'))) return undefined;
  if (!IPV4.test(host) && !host.includes('.') && !host.includes(':')) return undefined; // single-label service name
  if (/\.(local|localdomain)$/.test(host)) return undefined;
  // Other `*.internal` names are private-network hosts like any corporate domain: traffic still crosses a network.
  if (host === 'metadata.google.internal' || host === 'host.docker.internal') return undefined;
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
function endpointUse(str: SyntaxNode): string | undefined {
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
    if (index === 0 && POSITIONAL_SINKS.has(method)) return `passed to \`${callee || method}\``;
    if (index === 1 && method === 'request') return `passed to \`${callee}\``;
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

/** The module-level string a name is bound to: `HOST = "x"` or `HOST = os.getenv("H", "x")`. */
function moduleString(name: string, facts: FileFacts): string | undefined {
  const bound = facts.assignments.filter((a) => !a.scope && a.operator === '=' && a.left.type === 'identifier' && a.left.text === name);
  const right = bound[bound.length - 1]?.right;
  if (!right) return undefined;
  const literal = stringValue(right);
  if (literal !== undefined) return literal;
  if (right.type === 'call') {
    const fn = dottedName(right.childForFieldName('function')) ?? '';
    const args = right.childForFieldName('arguments')?.namedChildren.filter((n) => n && n.type !== 'comment') ?? [];
    if (/(^|\.)(getenv|get)$/.test(fn) && args.length >= 2) return stringValue(args[1]);
  }
  return undefined;
}

/** For an f-string whose host is one `{NAME}` interpolation, the constant NAME holds (host[:port]). */
function resolveHostInterpolation(str: SyntaxNode, facts: FileFacts): string | undefined {
  const parts = str.namedChildren.filter((n): n is SyntaxNode => !!n && n.type !== 'string_start' && n.type !== 'string_end');
  const first = parts[0];
  const second = parts[1];
  if (first?.type !== 'string_content' || !/^\s*http:\/\/$/i.test(first.text) || second?.type !== 'interpolation') return undefined;
  const expr = second.namedChildren.find((n) => n?.type !== 'format_specifier' && n?.type !== 'type_conversion');
  if (expr?.type !== 'identifier') return undefined;
  return moduleString(expr.text, facts);
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
      what: 'Reports `http://` URLs to non-local hosts used as endpoints: passed to HTTP clients and tracking APIs, given to URL-named keywords (`tracking_uri=`, `base_url=`, `endpoint_url=`, `host=`...), assigned to variables, attributes or environment variables, URL-named dict values and parameter defaults; also `grpc.insecure_channel` to a non-local target. Local hosts, `*.local`, the cloud metadata / docker host names, single-label service names, allowed hosts, XML namespaces, docs links and comments are not reported.',
      why: 'Plain HTTP exposes tracking credentials, personal data, features and predictions to anyone on the network path and lets them alter models, metrics or responses (CWE-319, GDPR Art. 32 encryption in transit, STRIDE information disclosure/tampering/spoofing).',
      example: {
        bad: 'mlflow.set_tracking_uri("http://mlflow.corp.example.com:5000")',
        good: 'mlflow.set_tracking_uri("https://mlflow.corp.example.com")',
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
  check(ctx) {
    const { facts, config } = ctx;
    for (const s of /http:\/\//i.test(ctx.source) ? facts.strings : []) {
      const value = template(s);
      if (value === undefined || !/^\s*http:\/\//i.test(value)) continue;
      // "http://" + host + ":5000": the scheme is fixed, the host is computed.
      const concatenated = s.parent?.type === 'binary_operator' && s.parent.childForFieldName('left')?.id === s.id && /^\s*http:\/\/$/i.test(value);
      let host = concatenated ? '{host}' : remoteHttpHost(value, config);
      if (host === '{host}' && !concatenated) {
        // f"http://{HOST}:{PORT}/x" with HOST a module constant (or env lookup with a default): use its value.
        const resolved = resolveHostInterpolation(s, facts);
        if (resolved !== undefined) host = remoteHttpHost(`http://${resolved}`, config);
      }
      if (!host) continue;
      const why = endpointUse(s);
      if (!why) continue;
      const at = s.text.search(/http:\/\//i);
      ctx.report({
        node: s,
        message: `Plain-HTTP URL to \`${host}\` ${why}: credentials, personal data and models travel unencrypted and can be read or altered on the way (CWE-319, GDPR Art. 32). Serve it over \`https://\` (or add the host to \`tls.allowed-hosts\` if it never leaves a trusted network).`,
        fixes: at >= 0 ? [{ title: 'Use `https://`', applicability: 'unsafe', edits: [{ start: s.startIndex + at, end: s.startIndex + at + 7, text: 'https://' }] }] : [],
      });
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
