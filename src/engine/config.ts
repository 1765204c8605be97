// MLGuard configuration: the shape users write under [tool.mlguard] (kebab-case keys), its
// validation (unknown keys and wrong types are reported with their key path, never ignored),
// and the resolved form rules read.
import Ajv, { type ErrorObject } from 'ajv';
import { RULE_LOOKUP } from '../rules/lookup';
import { globProblem } from './glob';
import { PII_CLASS_SETTINGS, PII_SINK_DEFAULTS, type PiiClassSetting, type PiiSink } from './pii/names';
import { FAMILIES, type RuleMeta, type Severity } from './types';

export type SeveritySetting = Severity | 'off';

/** Resolved configuration, as rules and the runner see it. */
export interface MlguardConfig {
  /** Rule IDs, families (PII) or rule names that are off. */
  disable: string[];
  /** Per rule ID, family or name. */
  severity: Record<string, SeveritySetting>;
  /** Globs (relative to the config's folder) of files that are not analysed. */
  exclude: string[];
  pii: {
    /** Extra column names (or name tokens) that denote personal data. */
    extraNames: string[];
    /** Column names that are never personal data in this project. */
    allow: string[];
    /** Which classes of personal data are findings at each sink (`[tool.mlguard.pii.report]`). */
    report: Record<PiiSink, readonly PiiClassSetting[]>;
  };
  secrets: {
    /** Variable/key names whose literal values are never secrets here. */
    allowNames: string[];
  };
  audit: {
    /** Dotted names (or suffixes) of calls that count as an audit record. */
    functions: string[];
    /** Extra dotted call names that are sensitive model or data access. */
    sensitiveOperations: string[];
    /** Call inserted by the quick fix, e.g. "audit_log.info". */
    fixFunction: string;
  };
  fairness: {
    extraAttributes: string[];
    allow: string[];
  };
  tls: {
    /** Hosts for which plain http:// is acceptable (besides localhost). */
    allowedHosts: string[];
  };
}

export const DEFAULT_CONFIG: MlguardConfig = {
  disable: [],
  severity: {},
  exclude: [],
  pii: { extraNames: [], allow: [], report: PII_SINK_DEFAULTS },
  secrets: { allowNames: [] },
  audit: { functions: [], sensitiveOperations: [], fixFunction: 'audit_log.info' },
  fairness: { extraAttributes: [], allow: [] },
  tls: { allowedHosts: [] },
};

const stringArray = { type: 'array', items: { type: 'string' } } as const;
const severityValue = { enum: ['error', 'warning', 'note', 'off'] } as const;

/** JSON schema of the [tool.mlguard] table as users write it. */
export const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    disable: stringArray,
    severity: { type: 'object', additionalProperties: severityValue },
    exclude: stringArray,
    pii: {
      type: 'object',
      additionalProperties: false,
      properties: {
        'extra-names': stringArray,
        allow: stringArray,
        report: {
          type: 'object',
          additionalProperties: false,
          properties: Object.fromEntries(Object.keys(PII_SINK_DEFAULTS).map((sink) => [sink, { type: 'array', items: { enum: PII_CLASS_SETTINGS } }])),
        },
      },
    },
    secrets: { type: 'object', additionalProperties: false, properties: { 'allow-names': stringArray } },
    audit: {
      type: 'object',
      additionalProperties: false,
      properties: {
        functions: stringArray,
        'sensitive-operations': stringArray,
        'fix-function': { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$' },
      },
    },
    fairness: {
      type: 'object',
      additionalProperties: false,
      properties: { 'extra-attributes': stringArray, allow: stringArray },
    },
    tls: { type: 'object', additionalProperties: false, properties: { 'allowed-hosts': stringArray } },
  },
} as const;

export interface ConfigProblem {
  /** Dotted key path inside the table, e.g. "tool.mlguard.pii.extra-names". */
  key: string;
  message: string;
}

const ajv = new Ajv({ allErrors: true, strict: true });
const validateSchema = ajv.compile(CONFIG_SCHEMA);

function describe(error: ErrorObject, prefix: string): ConfigProblem {
  const path = error.instancePath.split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'additionalProperties') {
    const extra = String((error.params as { additionalProperty: string }).additionalProperty);
    return { key: [prefix, ...path, extra].join('.'), message: `unknown key "${extra}"` };
  }
  const key = [prefix, ...path].join('.');
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ');
    return { key, message: `must be one of ${allowed}` };
  }
  return { key, message: error.message ?? 'is invalid' };
}

function str(table: Record<string, unknown>, key: string): string[] {
  const v = table[key];
  return Array.isArray(v) ? (v as string[]) : [];
}

function sub(table: Record<string, unknown>, key: string): Record<string, unknown> {
  const v = table[key];
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Edit distance (insert/delete/substitute = 1), for "did you mean" suggestions. */
export function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** The known selector closest to `word` (case-insensitive), when it is close enough to be a typo. */
export function nearest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = levenshtein(word.toLowerCase(), k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** What `disable` entries, `severity` keys and pragma codes may name: rule IDs, rule names and families. */
export function knownSelectors(rules: readonly RuleMeta[]): string[] {
  return [...rules.flatMap((m) => [m.id, m.name]), ...FAMILIES];
}

/** Checks the values the schema cannot: glob syntax, rule selectors (with a suggestion). */
function semanticProblems(t: Record<string, unknown>, prefix: string, rules: readonly RuleMeta[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const key = (...parts: (string | number)[]): string => [prefix, ...parts].filter((p) => p !== '').join('.');
  str(t, 'exclude').forEach((g, i) => {
    const why = globProblem(g);
    if (why) problems.push({ key: key('exclude'), message: `entry ${i + 1} (${JSON.stringify(g.slice(0, 80))}) ${why}` });
  });
  const known = knownSelectors(rules);
  // Without the registry loaded (a pure config consumer) there is nothing to compare against.
  if (rules.length === 0) return problems;
  const unknown = (sel: string, where: string, caseless: boolean): void => {
    if (known.includes(sel) || (caseless && known.includes(sel.toUpperCase()))) return;
    const hint = nearest(sel, known);
    problems.push({ key: where, message: `unknown rule "${sel}"${hint ? `; did you mean "${hint}"?` : ''} (rule IDs, rule names and families are listed by \`mlguard rules\`)` });
  };
  for (const d of str(t, 'disable')) unknown(d, key('disable'), true);
  for (const k of Object.keys(sub(t, 'severity'))) unknown(k, key('severity', k), false);
  return problems;
}

/**
 * Validates a [tool.mlguard] table and merges it over the defaults. Problems are returned, not
 * thrown; on problems the caller decides (the CLI exits 2, the extension shows them).
 */
export function parseConfigTable(table: unknown, prefix = 'tool.mlguard', rules: readonly RuleMeta[] = RULE_LOOKUP()): { config: MlguardConfig; problems: ConfigProblem[] } {
  if (!validateSchema(table)) {
    return { config: DEFAULT_CONFIG, problems: (validateSchema.errors ?? []).map((e) => describe(e, prefix)) };
  }
  const t = table as Record<string, unknown>;
  const semantic = semanticProblems(t, prefix, rules);
  if (semantic.length) return { config: DEFAULT_CONFIG, problems: semantic };
  const pii = sub(t, 'pii');
  const secrets = sub(t, 'secrets');
  const audit = sub(t, 'audit');
  const fairness = sub(t, 'fairness');
  const tls = sub(t, 'tls');
  return {
    problems: [],
    config: {
      disable: str(t, 'disable'),
      severity: { ...(sub(t, 'severity') as Record<string, SeveritySetting>) },
      exclude: str(t, 'exclude'),
      pii: { extraNames: str(pii, 'extra-names'), allow: str(pii, 'allow'), report: { ...PII_SINK_DEFAULTS, ...(sub(pii, 'report') as Partial<Record<PiiSink, PiiClassSetting[]>>) } },
      secrets: { allowNames: str(secrets, 'allow-names') },
      audit: {
        functions: str(audit, 'functions'),
        sensitiveOperations: str(audit, 'sensitive-operations'),
        fixFunction: typeof audit['fix-function'] === 'string' ? (audit['fix-function'] as string) : DEFAULT_CONFIG.audit.fixFunction,
      },
      fairness: { extraAttributes: str(fairness, 'extra-attributes'), allow: str(fairness, 'allow') },
      tls: { allowedHosts: str(tls, 'allowed-hosts') },
    },
  };
}

/** Overlays settings (e.g. from the editor) on a file config: lists are concatenated, maps merged. */
export type ConfigOverlay = Partial<Omit<MlguardConfig, 'pii'>> & { pii?: Partial<MlguardConfig['pii']> };

export function mergeConfig(base: MlguardConfig, over: ConfigOverlay): MlguardConfig {
  return {
    disable: [...base.disable, ...(over.disable ?? [])],
    severity: { ...base.severity, ...(over.severity ?? {}) },
    exclude: [...base.exclude, ...(over.exclude ?? [])],
    pii: {
      extraNames: [...base.pii.extraNames, ...(over.pii?.extraNames ?? [])],
      allow: [...base.pii.allow, ...(over.pii?.allow ?? [])],
      report: { ...base.pii.report, ...(over.pii?.report ?? {}) },
    },
    secrets: { allowNames: [...base.secrets.allowNames, ...(over.secrets?.allowNames ?? [])] },
    audit: {
      functions: [...base.audit.functions, ...(over.audit?.functions ?? [])],
      sensitiveOperations: [...base.audit.sensitiveOperations, ...(over.audit?.sensitiveOperations ?? [])],
      fixFunction: over.audit?.fixFunction ?? base.audit.fixFunction,
    },
    fairness: {
      extraAttributes: [...base.fairness.extraAttributes, ...(over.fairness?.extraAttributes ?? [])],
      allow: [...base.fairness.allow, ...(over.fairness?.allow ?? [])],
    },
    tls: { allowedHosts: [...base.tls.allowedHosts, ...(over.tls?.allowedHosts ?? [])] },
  };
}
