// The files under `.mlguard/`: their in-memory shape, a stable TOML serializer, and parsing with
// schema validation that reports problems with file, line and column.
//
// Format choice: TOML, one table per item (`[item.<id>]`, `[threat."<id>"]`), tables sorted by id,
// keys in a fixed order, one key per line. Two people changing different items touch lines that are
// far apart, so git merges them cleanly; a reviewer reads the diff as plain text. JSON would put
// commas and braces on neighbouring lines (adjacent edits conflict); YAML's implicit typing is a
// trap for free-text notes ("no" → false). The sign-off log is JSON-lines instead (see signoffs.ts):
// it is append-only and every line must be hashed byte for byte.
import Ajv, { type ErrorObject } from 'ajv';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { NistFunction, StrideCategory } from '../engine/types';
import { ALL_TEMPLATE_ITEMS, FRAMEWORK_IDS, frameworkOf, templateFor } from './checklist-template';
import type { SignoffEntry } from './signoffs';
import type { ChecklistItem, ChecklistStatus, FileProblem } from './types';

export const SCHEMA_VERSION = 1;

export interface StoredChecklistItem {
  article: string;
  title: string;
  status: ChecklistStatus;
  owner: string;
  note: string;
  evidence: string[];
  changed_by: string;
  changed_at: string;
  signoff?: string;
}

export interface ChecklistDoc {
  schema: number;
  /** Frameworks chosen for this workspace (absent: GDPR only). */
  frameworks?: string[];
  item: Record<string, StoredChecklistItem>;
}

export interface StoredThreat {
  id: string;
  custom?: boolean;
  title?: string;
  stride?: StrideCategory;
  nist?: NistFunction;
  mitigation?: string;
  asset?: string;
  status?: 'open' | 'mitigated' | 'accepted';
  reason?: string;
  owner?: string;
  note?: string;
  changed_by?: string;
  changed_at?: string;
  signoff?: string;
}

export interface ThreatsDoc {
  schema: number;
  threat: Record<string, Omit<StoredThreat, 'id'>>;
}

export type { FileProblem } from './types';

const STRIDE = ['Spoofing', 'Tampering', 'Repudiation', 'Information disclosure', 'Denial of service', 'Elevation of privilege'];
const NIST = ['Govern', 'Map', 'Measure', 'Manage'];
const ID = '^[A-Za-z0-9][A-Za-z0-9_.:@/ -]{0,199}$';
const TEXT = { type: 'string', maxLength: 4000 };

export const CHECKLIST_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['schema', 'item'],
  properties: {
    schema: { const: SCHEMA_VERSION },
    frameworks: { type: 'array', items: { enum: FRAMEWORK_IDS }, uniqueItems: true, maxItems: 10 },
    item: {
      type: 'object',
      propertyNames: { pattern: ID },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['article', 'title', 'status', 'owner', 'note', 'evidence', 'changed_by', 'changed_at'],
        properties: {
          article: TEXT,
          title: TEXT,
          status: { enum: ['todo', 'in-progress', 'done', 'not-applicable'] },
          owner: TEXT,
          note: TEXT,
          evidence: { type: 'array', items: TEXT, maxItems: 100 },
          changed_by: TEXT,
          changed_at: TEXT,
          signoff: { type: 'string', pattern: '^[0-9a-f]{64}$' },
        },
      },
    },
  },
} as const;

export const THREATS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['schema', 'threat'],
  properties: {
    schema: { const: SCHEMA_VERSION },
    threat: {
      type: 'object',
      propertyNames: { pattern: ID },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          custom: { type: 'boolean' },
          title: TEXT,
          stride: { enum: STRIDE },
          nist: { enum: NIST },
          mitigation: TEXT,
          asset: TEXT,
          status: { enum: ['open', 'mitigated', 'accepted'] },
          reason: TEXT,
          owner: TEXT,
          note: TEXT,
          changed_by: TEXT,
          changed_at: TEXT,
          signoff: { type: 'string', pattern: '^[0-9a-f]{64}$' },
        },
        if: { properties: { custom: { const: true } }, required: ['custom'] },
        then: { required: ['title', 'stride', 'nist', 'status'] },
      },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: false });
const validateChecklist = ajv.compile(CHECKLIST_SCHEMA);
const validateThreats = ajv.compile(THREATS_SCHEMA);

// --- serializer ---------------------------------------------------------------------------------

/** A TOML basic string: JSON escapes are valid TOML escapes; DEL must be escaped too. */
export function tomlString(s: string): string {
  return JSON.stringify(s).replace(/\u007f/g, '\\u007F').replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function tomlKey(k: string): string {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : tomlString(k);
}

function tomlValue(v: unknown): string {
  if (typeof v === 'string') return tomlString(v);
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `[${v.map(tomlValue).join(', ')}]`;
  throw new Error(`unsupported TOML value ${typeof v}`);
}

function table(header: string, values: Record<string, unknown>, order: readonly string[]): string {
  const lines = [`[${header}]`];
  for (const k of order) {
    const v = values[k];
    if (v === undefined) continue;
    lines.push(`${k} = ${tomlValue(v)}`);
  }
  return lines.join('\n');
}

const ITEM_KEYS = ['article', 'title', 'status', 'owner', 'note', 'evidence', 'changed_by', 'changed_at', 'signoff'] as const;
const THREAT_KEYS = ['custom', 'title', 'stride', 'nist', 'asset', 'mitigation', 'status', 'reason', 'owner', 'note', 'changed_by', 'changed_at', 'signoff'] as const;

/** Items in template order first, then users' own items by id: a stable order for diffs. */
function orderedItemIds(doc: ChecklistDoc): string[] {
  const template = ALL_TEMPLATE_ITEMS.map((t) => t.id).filter((id) => id in doc.item);
  const own = Object.keys(doc.item).filter((id) => !template.includes(id)).sort();
  return [...template, ...own];
}

export function serializeChecklist(doc: ChecklistDoc): string {
  const head = [
    '# MLGuard compliance checklist: one [item.<id>] table per item. Edit it in the MLGuard sidebar or by hand;',
    '# `mlguard verify` checks it in CI. Status: todo | in-progress | done | not-applicable.',
    '# frameworks: gdpr | hipaa | eu-ai-act (absent: gdpr).',
    `schema = ${SCHEMA_VERSION}`,
    ...(doc.frameworks ? [`frameworks = ${tomlValue(doc.frameworks)}`] : []),
  ].join('\n');
  const blocks = orderedItemIds(doc).map((id) => table(`item.${tomlKey(id)}`, doc.item[id] as unknown as Record<string, unknown>, ITEM_KEYS));
  return `${[head, ...blocks].join('\n\n')}\n`;
}

export function serializeThreats(doc: ThreatsDoc): string {
  const head = [
    '# MLGuard threat model decisions and users\' own threats: one [threat."<id>"] table per threat.',
    '# Derived threats are computed from the code; only decisions about them are stored here.',
    `schema = ${SCHEMA_VERSION}`,
  ].join('\n');
  const blocks = Object.keys(doc.threat)
    .sort()
    .map((id) => table(`threat.${tomlKey(id)}`, doc.threat[id] as unknown as Record<string, unknown>, THREAT_KEYS));
  return `${[head, ...blocks].join('\n\n')}\n`;
}

// --- parsing ------------------------------------------------------------------------------------

export type Parsed<T> = { ok: true; doc: T } | { ok: false; problems: FileProblem[] };

/** Line/column of the table header of `[prefix.<id>]` in the text, for schema errors. */
function locate(text: string, prefix: string, id: string | undefined, key: string | undefined): { line: number; column: number } {
  const lines = text.split(/\r?\n/);
  if (id === undefined) return { line: 1, column: 1 };
  const headers = [`[${prefix}.${id}]`, `[${prefix}.${JSON.stringify(id)}]`, `[${prefix}.'${id}']`];
  const at = lines.findIndex((l) => headers.includes(l.trim()));
  if (at < 0) return { line: 1, column: 1 };
  if (key) {
    for (let i = at + 1; i < lines.length && !lines[i].trim().startsWith('['); i++) {
      if (new RegExp(`^\\s*${key.replace(/[^\w-]/g, '')}\\s*=`).test(lines[i])) return { line: i + 1, column: lines[i].indexOf(key) + 1 };
    }
  }
  return { line: at + 1, column: 1 };
}

function schemaProblems(file: string, text: string, prefix: string, errors: ErrorObject[]): FileProblem[] {
  return errors.map((e) => {
    const parts = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const id = parts[0] === prefix ? parts[1] : undefined;
    let key = parts[0] === prefix ? parts[2] : parts[0];
    if (e.keyword === 'additionalProperties') key = String((e.params as { additionalProperty?: string }).additionalProperty ?? key);
    const pos = locate(text, prefix, id ?? (e.keyword === 'propertyNames' ? String((e.params as { propertyName?: string }).propertyName) : undefined), key);
    const where = [id, key].filter(Boolean).join('.');
    return { file, ...pos, message: `${where ? `${where}: ` : ''}${e.message ?? 'invalid'}${e.keyword === 'enum' ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : ''}` };
  });
}

function parseText(file: string, text: string): { ok: true; value: unknown } | { ok: false; problems: FileProblem[] } {
  try {
    // JSON round trip: plain prototypes, and TOML dates become strings (the schema then checks them).
    return { ok: true, value: JSON.parse(JSON.stringify(parseToml(text))) as unknown };
  } catch (e) {
    if (e instanceof TomlError) {
      const first = e.message.split('\n')[0];
      return { ok: false, problems: [{ file, line: e.line, column: e.column, message: first }] };
    }
    return { ok: false, problems: [{ file, line: 1, column: 1, message: (e as Error).message }] };
  }
}

export function parseChecklist(file: string, text: string): Parsed<ChecklistDoc> {
  const p = parseText(file, text);
  if (!p.ok) return p;
  const value = p.value as Record<string, unknown>;
  if (value.item === undefined) value.item = {};
  if (!validateChecklist(value)) return { ok: false, problems: schemaProblems(file, text, 'item', validateChecklist.errors ?? []) };
  return { ok: true, doc: value as unknown as ChecklistDoc };
}

export function parseThreats(file: string, text: string): Parsed<ThreatsDoc> {
  const p = parseText(file, text);
  if (!p.ok) return p;
  const value = p.value as Record<string, unknown>;
  if (value.threat === undefined) value.threat = {};
  if (!validateThreats(value)) return { ok: false, problems: schemaProblems(file, text, 'threat', validateThreats.errors ?? []) };
  return { ok: true, doc: value as unknown as ThreatsDoc };
}

export function storedThreats(doc: ThreatsDoc): StoredThreat[] {
  return Object.keys(doc.threat)
    .sort()
    .map((id) => ({ id, ...doc.threat[id] }));
}

/** The default checklist document of the chosen frameworks (every template item todo). */
export function defaultChecklist(by: string, at: string, frameworks?: readonly string[]): ChecklistDoc {
  const item: Record<string, StoredChecklistItem> = {};
  for (const t of templateFor(frameworks))
    item[t.id] = { article: t.article, title: t.title, status: 'todo', owner: '', note: '', evidence: [], changed_by: by, changed_at: at };
  return { schema: SCHEMA_VERSION, ...(frameworks ? { frameworks: [...frameworks] } : {}), item };
}

/** Who signed an item off, when, and with which statement (from its sign-off log entry). */
function signedFields(hash: string | undefined, log: ReadonlyMap<string, SignoffEntry>): Pick<ChecklistItem, 'signedBy' | 'signedAt' | 'statement'> {
  const e = hash ? log.get(hash) : undefined;
  return e ? { signedBy: e.by, signedAt: e.at, statement: e.reason } : {};
}

/**
 * Checklist items for the view: template items of the chosen frameworks (defaults when absent
 * from the file), then own items. Items of frameworks not chosen stay in the file, unshown.
 */
export function checklistItems(doc: ChecklistDoc | undefined, signoffs: readonly SignoffEntry[] = []): ChecklistItem[] {
  const log = new Map(signoffs.map((e) => [e.hash, e]));
  const out: ChecklistItem[] = [];
  const seen = new Set<string>();
  for (const t of templateFor(doc?.frameworks)) {
    const s = doc?.item[t.id];
    seen.add(t.id);
    out.push({
      id: t.id,
      framework: t.framework,
      article: s?.article ?? t.article,
      title: s?.title ?? t.title,
      guidance: t.guidance,
      status: s?.status ?? 'todo',
      owner: s?.owner ?? '',
      note: s?.note ?? '',
      evidence: s?.evidence ?? [],
      changedBy: s?.changed_by ?? '',
      changedAt: s?.changed_at ?? '',
      signoff: s?.signoff,
      ...signedFields(s?.signoff, log),
    });
  }
  for (const id of Object.keys(doc?.item ?? {}).sort()) {
    if (seen.has(id) || frameworkOf(id)) continue;
    const s = doc!.item[id];
    out.push({ id, framework: 'own', article: s.article, title: s.title, guidance: '', status: s.status, owner: s.owner, note: s.note, evidence: s.evidence, changedBy: s.changed_by, changedAt: s.changed_at, signoff: s.signoff, ...signedFields(s.signoff, log) });
  }
  return out;
}
