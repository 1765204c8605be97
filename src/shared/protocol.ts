// The typed message protocol between the extension host and the sidebar page (GitLens-style: one
// file both sides import). Everything the page sends is untrusted: the host runs
// parsePageMessage() on every message and drops (and logs) whatever fails.
import type { ChecklistStatus, ComplianceModel } from '../compliance/types';
import type { NistFunction, StrideCategory } from '../engine/types';
import { FRAMEWORK_IDS } from '../compliance/checklist-template';

export const STRIDE_CATEGORIES: readonly StrideCategory[] = ['Spoofing', 'Tampering', 'Repudiation', 'Information disclosure', 'Denial of service', 'Elevation of privilege'];
export const NIST_FUNCTIONS: readonly NistFunction[] = ['Govern', 'Map', 'Measure', 'Manage'];
export const STATUSES: readonly ChecklistStatus[] = ['todo', 'in-progress', 'done', 'not-applicable'];

// --- host → page ---------------------------------------------------------------------------------
export type HostMessage =
  | { type: 'model'; model: ComplianceModel }
  | { type: 'busy'; message: string }
  | { type: 'notice'; level: 'info' | 'error'; message: string };

// --- page → host ---------------------------------------------------------------------------------
export type PageMessage =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'exportReport' }
  | { type: 'open'; path: string; line: number; column: number; cell?: number }
  /** status `done` is a sign-off: it needs a statement (what evidence shows it) and an owner. */
  | { type: 'setChecklist'; id: string; status?: ChecklistStatus; owner?: string; note?: string; evidence?: string[]; statement?: string; version?: string }
  | { type: 'setFrameworks'; frameworks: string[] }
  | { type: 'acceptThreat'; id: string; reason: string; owner: string; version?: string }
  | { type: 'reopenThreat'; id: string; version?: string }
  | { type: 'addThreat'; title: string; stride: StrideCategory; nist: NistFunction; mitigation: string; asset?: string }
  | { type: 'removeThreat'; id: string };

export type Validated = { ok: true; message: PageMessage } | { ok: false; error: string };

const MAX_TEXT = 4000;
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:@/ -]{0,199}$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, max = MAX_TEXT): v is string => typeof v === 'string' && v.length <= max;
const isId = (v: unknown): v is string => typeof v === 'string' && ID.test(v);
/** The item's `changed_at` as the page showed it ('' for never changed). */
const isVersion = (v: unknown): v is string => typeof v === 'string' && v.length <= 64;
const isLine = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 10_000_000;

function only(o: Obj, keys: string[]): string | undefined {
  const extra = Object.keys(o).filter((k) => !keys.includes(k));
  return extra.length ? `unexpected field(s): ${extra.join(', ')}` : undefined;
}

/** Validates a message from the page; never throws. Unknown fields, wrong types or sizes fail. */
export function parsePageMessage(raw: unknown): Validated {
  const fail = (error: string): Validated => ({ ok: false, error });
  if (!isObj(raw)) return fail('message is not an object');
  const type = raw.type;
  switch (type) {
    case 'ready':
    case 'refresh':
    case 'exportReport': {
      const e = only(raw, ['type']);
      return e ? fail(e) : { ok: true, message: { type } };
    }
    case 'open': {
      const e = only(raw, ['type', 'path', 'line', 'column', 'cell']);
      if (e) return fail(e);
      if (!isText(raw.path, 1000) || raw.path === '' || /\0/.test(raw.path)) return fail('open: path must be a non-empty string');
      if (!isLine(raw.line) || !isLine(raw.column)) return fail('open: line and column must be positive integers');
      if (raw.cell !== undefined && !(typeof raw.cell === 'number' && Number.isInteger(raw.cell) && raw.cell >= 0 && raw.cell < 100_000)) return fail('open: cell must be a non-negative integer');
      const m: PageMessage = { type, path: raw.path, line: raw.line, column: raw.column };
      if (raw.cell !== undefined) m.cell = raw.cell as number;
      return { ok: true, message: m };
    }
    case 'setChecklist': {
      const e = only(raw, ['type', 'id', 'status', 'owner', 'note', 'evidence', 'statement', 'version']);
      if (e) return fail(e);
      if (!isId(raw.id)) return fail('setChecklist: invalid id');
      if (raw.version !== undefined && !isVersion(raw.version)) return fail('setChecklist: invalid version');
      if (raw.status !== undefined && !STATUSES.includes(raw.status as ChecklistStatus)) return fail(`setChecklist: status must be one of ${STATUSES.join(', ')}`);
      if (raw.owner !== undefined && !isText(raw.owner, 200)) return fail('setChecklist: owner must be a string (≤ 200 chars)');
      if (raw.note !== undefined && !isText(raw.note)) return fail('setChecklist: note must be a string');
      if (raw.evidence !== undefined && !(Array.isArray(raw.evidence) && raw.evidence.length <= 100 && raw.evidence.every((x) => isText(x, 1000)))) return fail('setChecklist: evidence must be a list of strings');
      if (raw.statement !== undefined && !isText(raw.statement)) return fail('setChecklist: statement must be a string');
      if (raw.status === 'done') {
        // A sign-off is a deliberate act: what evidence shows it is done, and who owns it.
        if (typeof raw.statement !== 'string' || raw.statement.trim() === '') return fail('setChecklist: signing an item off as done needs a statement (what evidence shows it is done)');
        if (typeof raw.owner !== 'string' || raw.owner.trim() === '') return fail('setChecklist: signing an item off as done needs an owner');
      } else if (raw.statement !== undefined) return fail('setChecklist: a statement is only given when signing off (status done)');
      if (raw.status === undefined && raw.owner === undefined && raw.note === undefined && raw.evidence === undefined) return fail('setChecklist: nothing to change');
      const m: PageMessage = { type, id: raw.id };
      if (raw.status !== undefined) m.status = raw.status as ChecklistStatus;
      if (raw.owner !== undefined) m.owner = raw.owner as string;
      if (raw.note !== undefined) m.note = raw.note as string;
      if (raw.evidence !== undefined) m.evidence = (raw.evidence as string[]).map((s) => s.trim()).filter(Boolean);
      if (raw.statement !== undefined) m.statement = (raw.statement as string).trim();
      if (m.status === 'done') m.owner = (raw.owner as string).trim();
      if (raw.version !== undefined) m.version = raw.version as string;
      return { ok: true, message: m };
    }
    case 'setFrameworks': {
      const e = only(raw, ['type', 'frameworks']);
      if (e) return fail(e);
      const list = raw.frameworks;
      if (!Array.isArray(list) || list.length === 0 || list.length > FRAMEWORK_IDS.length || !list.every((x) => (FRAMEWORK_IDS as readonly string[]).includes(x as string)) || new Set(list).size !== list.length)
        return fail(`setFrameworks: frameworks must be a non-empty list of distinct ${FRAMEWORK_IDS.join(', ')}`);
      return { ok: true, message: { type, frameworks: FRAMEWORK_IDS.filter((id) => (list as unknown[]).includes(id)) } };
    }
    case 'acceptThreat': {
      const e = only(raw, ['type', 'id', 'reason', 'owner', 'version']);
      if (e) return fail(e);
      if (!isId(raw.id)) return fail('acceptThreat: invalid id');
      if (!isText(raw.reason) || raw.reason.trim() === '') return fail('acceptThreat: a reason is required');
      if (!isText(raw.owner, 200) || raw.owner.trim() === '') return fail('acceptThreat: an owner is required');
      if (raw.version !== undefined && !isVersion(raw.version)) return fail('acceptThreat: invalid version');
      return { ok: true, message: { type, id: raw.id, reason: raw.reason.trim(), owner: raw.owner.trim(), ...(raw.version !== undefined ? { version: raw.version as string } : {}) } };
    }
    case 'reopenThreat': {
      const e = only(raw, ['type', 'id', 'version']);
      if (e) return fail(e);
      if (!isId(raw.id)) return fail('reopenThreat: invalid id');
      if (raw.version !== undefined && !isVersion(raw.version)) return fail('reopenThreat: invalid version');
      return { ok: true, message: { type, id: raw.id, ...(raw.version !== undefined ? { version: raw.version as string } : {}) } };
    }
    case 'removeThreat': {
      const e = only(raw, ['type', 'id']);
      if (e) return fail(e);
      if (!isId(raw.id)) return fail('removeThreat: invalid id');
      return { ok: true, message: { type, id: raw.id } };
    }
    case 'addThreat': {
      const e = only(raw, ['type', 'title', 'stride', 'nist', 'mitigation', 'asset']);
      if (e) return fail(e);
      if (!isText(raw.title, 200) || raw.title.trim() === '') return fail('addThreat: a title is required');
      if (!STRIDE_CATEGORIES.includes(raw.stride as StrideCategory)) return fail('addThreat: invalid STRIDE category');
      if (!NIST_FUNCTIONS.includes(raw.nist as NistFunction)) return fail('addThreat: invalid NIST function');
      if (!isText(raw.mitigation)) return fail('addThreat: mitigation must be a string');
      if (raw.asset !== undefined && !isText(raw.asset, 300)) return fail('addThreat: asset must be a string');
      const m: PageMessage = { type, title: raw.title.trim(), stride: raw.stride as StrideCategory, nist: raw.nist as NistFunction, mitigation: raw.mitigation };
      if (raw.asset) m.asset = raw.asset as string;
      return { ok: true, message: m };
    }
    default:
      return fail(`unknown message type ${JSON.stringify(String(type)).slice(0, 60)}`);
  }
}

/** Slug for a user's own threat id (`custom:<slug>`), stable for the same title. */
export function customThreatId(title: string): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'threat';
  return `custom:${slug}`;
}
