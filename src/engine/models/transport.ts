// Knowledge for the TLS rules kept as data: which hosts never leave the machine or are not real,
// which names and calls carry an endpoint, and which settings turn TLS off. The rules
// (src/rules/plaintext-http-endpoint.ts, unverified-ssl-context.ts) read these tables.

/** Host names of the local machine, the cloud metadata service and the docker host. */
export const LOCAL_HOSTS: ReadonlySet<string> = new Set(['localhost', '::1', '0.0.0.0', '::', 'metadata.google.internal', 'host.docker.internal']);

/** Suffixes of local names: `*.localhost`, mDNS `*.local`, `*.localdomain`. */
export const LOCAL_SUFFIXES: readonly string[] = ['.localhost', '.local', '.localdomain'];
/** Kubernetes in-cluster names end in `.local` but are reached over the cluster network. */
export const CLUSTER_SUFFIXES: readonly string[] = ['.cluster.local'];

/**
 * Top-level domains reserved so that they never resolve to a real server (RFC 2606, RFC 6761):
 * `.test`, `.example`, `.invalid`. A URL to one of them is a test value, not an endpoint.
 * `example.com` / `.net` / `.org` are deliberately NOT here: in training code and configs they are
 * the usual stand-in for the company's real host (`http://mlflow.example.com`), and reviewers
 * read them as that host (both evaluation corpora do).
 */
export const RESERVED_TLDS: readonly string[] = ['test', 'example', 'invalid'];
export const RESERVED_DOMAINS: readonly string[] = [];

/** XML namespace / schema / vocabulary hosts: identifiers, never fetched. */
export const NAMESPACE_HOSTS =
  /(^|\.)(w3\.org|hl7\.org|purl\.org|xmlsoap\.org|openxmlformats\.org|schemas\.microsoft\.com|xmlns\.com|json-schema\.org|schema\.org|ns\.adobe\.com|opengis\.net|oasis-open\.org|xml\.org|java\.sun\.com|ogp\.me|rdfs\.org|snomed\.info|loinc\.org|unitsofmeasure\.org|terminology\.hl7\.org|dublincore\.org|acs\.amazonaws\.com|xmlns\.oracle\.com|maven\.apache\.org)$/i;

/** Words of keyword / key / parameter names that carry an endpoint. */
export const URLISH_WORDS =
  /^(url|uri|urls|uris|endpoint|endpoints|host|hosts|hostname|base|server|servers|api|gateway|webhook|address|addr|origin|registry|tracking|broker|mlflow|wandb)$/;

/** Words of names that denote documentation, namespaces or metadata rather than an endpoint. */
export const NOT_ENDPOINT_WORDS =
  /^(ns|nsmap|namespace|namespaces|xmlns|schema|schemas|doc|docs|documentation|homepage|home|license|licence|paper|citation|cite|reference|references|ref|wiki|readme|help|website|repo|repository|source|about|issues|bugtracker|changelog|example|examples|pattern|regex|prefix|scheme|proxy|proxies|expected|sample|message|msg|text|template|fmt|description|comment|note|title|label|placeholder|link|links|href|card|author|maintainer|credits|copyright)$/;

/** Calls (by last name segment) whose first positional argument is a URL that is fetched or used as an endpoint. */
export const URL_POSITIONAL_SINKS: ReadonlySet<string> = new Set([
  'get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'stream', 'urlopen', 'urlretrieve', 'Request', 'set_tracking_uri',
  'set_registry_uri', 'MlflowClient', 'download', 'read_csv', 'read_json', 'read_parquet', 'read_table', 'read_excel', 'read_html',
  'read_xml', 'Elasticsearch', 'OpenSearch', 'QdrantClient', 'HTTPConnectionPool', 'connection_from_url', 'ws_connect', 'ClientSession',
  'Client', 'AsyncClient', 'HttpUrl', 'RemoteRunnable', 'HuggingFaceEndpoint', 'InferenceClient',
]);

/** Calls whose URL-named keywords are metadata, not endpoints (packaging, logging, string helpers). */
export const NOT_SINK_CALLS =
  /(^|\.)(setup|setuptools\.setup|info|debug|warning|warn|error|exception|critical|print|echo|write|secho|add_argument|startswith|endswith|replace|format|join|split|match|search|compile|sub)$/;

/** urllib openers: `build_opener(...).open(url)`, `URLopener().retrieve(url)`. */
export const URL_OPENER = {
  factory: { key: 'urllib.opener', names: ['urllib.request.build_opener', 'urllib.request.OpenerDirector', 'urllib.request.URLopener', 'urllib.request.FancyURLopener', 'urllib2.build_opener'] },
  methods: new Set(['open', 'retrieve']),
} as const;

/** Connection classes that speak plain HTTP to the host they are given (`HTTPConnection("host", 80)`). */
export const PLAINTEXT_CONNECTIONS: ReadonlySet<string> = new Set(['http.client.HTTPConnection', 'httplib.HTTPConnection']);

/** Environment lookups whose second argument is the default used when the variable is unset. */
export const ENV_LOOKUPS = /(^|\.)(getenv|get)$/;

/**
 * Configuration keys (Spark / Hadoop object-store connectors) whose value is an endpoint, matched
 * after stripping `spark.hadoop.`; any key whose last segment names an endpoint counts too.
 */
export const ENDPOINT_CONFIG_KEYS: readonly RegExp[] = [/^fs\.(?:s3a|s3|gs|oss|cosn|obs)\.(?:bucket\.[^.\s]+\.)?endpoint$/];

/** Configuration pairs that turn TLS off for an object-store connector: key -> the value that disables it. */
export const TLS_OFF_CONFIG: ReadonlyMap<string, RegExp> = new Map([
  ['fs.s3a.connection.ssl.enabled', /^\s*false\s*$/i],
  ['fs.cosn.userinfo.ssl.enabled', /^\s*false\s*$/i],
]);

/** String values of `cert_reqs` that disable verification (urllib3 accepts both spellings). */
export const CERT_NONE_STRINGS: ReadonlySet<string> = new Set(['CERT_NONE', 'NONE']);
