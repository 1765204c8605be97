// The tamper-evident sign-off log `.mlguard/signoffs.jsonl`: one JSON object per line, keys in a
// fixed order; each entry carries the hash of the previous entry (`prev`) and its own `hash` =
// sha256 of the entry's canonical JSON without `hash`. Editing any entry changes its hash (and
// breaks the next entry's `prev`); deleting or reordering entries breaks `seq` and `prev`; deleting
// the last entries is caught by the checklist/threat files, which record the hash of the sign-off
// behind every done/accepted status (see verifyStore).
import { createHash } from 'node:crypto';
import Ajv from 'ajv';
import type { FileProblem } from './documents';

export const GENESIS = '0'.repeat(64);
export const SIGNOFFS_FILE = '.mlguard/signoffs.jsonl';

export interface SignoffInput {
  at: string;
  by: string;
  /** `checklist:<item id>` or `threat:<threat id>`. */
  subject: string;
  status: string;
  owner: string;
  reason: string;
}

export interface SignoffEntry extends SignoffInput {
  seq: number;
  prev: string;
  hash: string;
}

const KEYS = ['seq', 'at', 'by', 'subject', 'status', 'owner', 'reason', 'prev'] as const;

export const SIGNOFF_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [...KEYS, 'hash'],
  properties: {
    seq: { type: 'integer', minimum: 1 },
    at: { type: 'string', minLength: 1, maxLength: 64 },
    by: { type: 'string', maxLength: 200 },
    subject: { type: 'string', pattern: '^(checklist|threat):.+$', maxLength: 300 },
    status: { type: 'string', maxLength: 40 },
    owner: { type: 'string', maxLength: 200 },
    reason: { type: 'string', maxLength: 4000 },
    prev: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  },
} as const;

const validateEntry = new Ajv({ allErrors: true, strict: false }).compile(SIGNOFF_SCHEMA);

function canonical(e: Omit<SignoffEntry, 'hash'>): string {
  const o: Record<string, unknown> = {};
  for (const k of KEYS) o[k] = e[k];
  return JSON.stringify(o);
}

export function entryHash(e: Omit<SignoffEntry, 'hash'>): string {
  return createHash('sha256').update(canonical(e)).digest('hex');
}

/** The next entry after `last` (or the first one), hashed. */
export function makeEntry(last: SignoffEntry | undefined, input: SignoffInput): SignoffEntry {
  const base = { seq: (last?.seq ?? 0) + 1, at: input.at, by: input.by, subject: input.subject, status: input.status, owner: input.owner, reason: input.reason, prev: last?.hash ?? GENESIS };
  return { ...base, hash: entryHash(base) };
}

/** One line of the log (no trailing newline), keys in the fixed order. */
export function serializeEntry(e: SignoffEntry): string {
  const o: Record<string, unknown> = {};
  for (const k of KEYS) o[k] = e[k];
  o.hash = e.hash;
  return JSON.stringify(o);
}

export interface ChainResult {
  entries: SignoffEntry[];
  problems: FileProblem[];
}

/** Parses and verifies the whole chain; every problem has a line number. */
export function verifyChain(text: string, file = SIGNOFFS_FILE): ChainResult {
  const entries: SignoffEntry[] = [];
  const problems: FileProblem[] = [];
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  let prev = GENESIS;
  let expectSeq = 1;
  lines.forEach((raw, i) => {
    const line = i + 1;
    const l = raw.replace(/\r$/, '');
    if (l.trim() === '') {
      problems.push({ file, line, column: 1, message: 'empty line in the sign-off log (entries may have been deleted)' });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(l);
    } catch (e) {
      problems.push({ file, line, column: 1, message: `not valid JSON: ${(e as Error).message}` });
      prev = '?';
      expectSeq++;
      return;
    }
    if (!validateEntry(value)) {
      problems.push({ file, line, column: 1, message: `invalid entry: ${(validateEntry.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}` });
      prev = '?';
      expectSeq++;
      return;
    }
    const e = value as SignoffEntry;
    if (e.seq !== expectSeq) problems.push({ file, line, column: 1, message: `entry seq ${e.seq} where ${expectSeq} was expected (entries deleted, inserted or reordered)` });
    if (prev !== '?' && e.prev !== prev) problems.push({ file, line, column: 1, message: `entry ${e.seq} does not chain to the previous entry (prev hash mismatch: an entry was changed, deleted or reordered)` });
    const h = entryHash(e);
    if (h !== e.hash) problems.push({ file, line, column: 1, message: `entry ${e.seq} was modified after it was signed (hash mismatch)` });
    if (serializeEntry(e) !== l) problems.push({ file, line, column: 1, message: `entry ${e.seq} is not in canonical form (edited by hand?)` });
    entries.push(e);
    prev = e.hash;
    expectSeq = e.seq + 1;
  });
  return { entries, problems };
}
