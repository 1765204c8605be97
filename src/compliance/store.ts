// The `.mlguard/` file store: atomic writes (temp file + rename), conflict detection (a write never
// overwrites a change made on disk since the caller read the file: content hashes are compared),
// corrupted files reported with position and never overwritten, sign-offs appended to the chain.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync } from 'node:fs';
import lockfile from 'proper-lockfile';
import { userInfo, homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../engine/atomic-write';
import { readRegularText } from '../engine/read-file';
import {
  defaultChecklist,
  parseChecklist,
  parseThreats,
  serializeChecklist,
  serializeThreats,
  SCHEMA_VERSION,
  type ChecklistDoc,
  type FileProblem,
  type StoredChecklistItem,
  type StoredThreat,
  type ThreatsDoc,
} from './documents';
import { makeEntry, serializeEntry, verifyChain, SIGNOFFS_FILE, type SignoffEntry } from './signoffs';

export const CHECKLIST_FILE = '.mlguard/checklist.toml';
export const THREATS_FILE = '.mlguard/threats.toml';
export { SIGNOFFS_FILE };

export interface FileState<T> {
  file: string;
  exists: boolean;
  /** sha256 of the bytes read ('' when the file does not exist). */
  hash: string;
  /** The text read (for positions in problems). */
  text?: string;
  doc?: T;
  problems: FileProblem[];
}

export interface StoreSnapshot {
  checklist: FileState<ChecklistDoc>;
  threats: FileState<ThreatsDoc>;
  signoffs: { file: string; exists: boolean; hash: string; entries: SignoffEntry[]; problems: FileProblem[]; text?: string };
}

export interface Conflict {
  file: string;
  /** The item (checklist id or threat id) that changed on disk and in the caller's edit. */
  itemId: string;
  message: string;
}

export type WriteResult =
  | { ok: true; snapshot: StoreSnapshot; signoff?: SignoffEntry }
  | { ok: false; conflict: Conflict }
  | { ok: false; corrupted: FileProblem[] }
  | { ok: false; invalid: string };

export interface Actor {
  name: string;
  now: () => Date;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Atomic write (temp file + rename) confined to the workspace: never through a planted symlink
 * (the link is replaced), never outside `root` (a symlinked .mlguard/ folder is refused).
 */
export function atomicWrite(path: string, text: string, root: string): void {
  writeFileAtomic(path, text, { createFolders: true, within: root, replaceLinks: true });
}

/** How long a writer waits for another process's lock before giving up (and how old a lock is stale). */
const LOCK_WAIT_MS = 15_000;
const LOCK_STALE_MS = 10_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/** A store file that is not a plain regular file of sane size (a planted symlink, a FIFO, a device). */
export class StoreReadError extends Error {}

/** The .mlguard/ files are big enough for years of sign-offs, small enough to never exhaust memory. */
export const STORE_FILE_LIMIT = 64 * 1024 * 1024;

/** Store files: regular files only, never through a symbolic link, bounded; undefined when missing. */
function readText(path: string, opts: { noFollow?: boolean } = { noFollow: true }): string | undefined {
  const read = readRegularText(path, { limit: STORE_FILE_LIMIT, noFollow: opts.noFollow });
  if (read.ok) return read.text;
  if (read.code === 'ENOENT') return undefined;
  throw new StoreReadError(`${path}: ${read.reason}`);
}

/** git user.name from the repository's .git/config (then ~/.gitconfig), else the OS user. */
export function whoAmI(root: string): string {
  for (const cfg of [join(root, '.git', 'config'), join(homedir(), '.gitconfig')]) {
    let text: string | undefined;
    try {
      text = readText(cfg, { noFollow: false });
    } catch {
      text = undefined;
    }
    if (!text) continue;
    let inUser = false;
    for (const line of text.split(/\r?\n/)) {
      const section = /^\s*\[([^\]]+)\]/.exec(line);
      if (section) inUser = section[1].trim().toLowerCase() === 'user';
      else if (inUser) {
        const m = /^\s*name\s*=\s*(.+?)\s*$/.exec(line);
        if (m) return m[1].replace(/^"(.*)"$/, '$1');
      }
    }
  }
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export function defaultActor(root: string): Actor {
  return { name: whoAmI(root), now: () => new Date() };
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a, Object.keys((a ?? {}) as object).sort()) === JSON.stringify(b, Object.keys((b ?? {}) as object).sort());
}

export class ComplianceStore {
  constructor(readonly root: string) {}

  abs(file: string): string {
    return join(this.root, file);
  }

  exists(): boolean {
    return existsSync(join(this.root, '.mlguard'));
  }

  /** The .mlguard/ folder must be a real folder of this workspace (not a symlink to elsewhere). */
  private folderProblem(): string | undefined {
    try {
      if (lstatSync(join(this.root, '.mlguard')).isSymbolicLink()) return '.mlguard is a symbolic link: MLGuard does not read or write through it';
    } catch {
      // missing: nothing to read yet, created on the first write
    }
    return undefined;
  }

  /** A store file's text, or a problem (symlink, FIFO, device, unreadable) at line 1. */
  private readFile(file: string): { text?: string; problem?: FileProblem } {
    const folder = this.folderProblem();
    if (folder) return { problem: { file, line: 1, column: 1, message: folder } };
    try {
      return { text: readText(this.abs(file)) };
    } catch (e) {
      const why = e instanceof StoreReadError ? e.message.slice(this.abs(file).length + 2) : (e as Error).message;
      return { problem: { file, line: 1, column: 1, message: `cannot read (${why}); the file was left untouched` } };
    }
  }

  /**
   * Runs a read-modify-write under the store's inter-process lock (proper-lockfile on
   * .mlguard/), so concurrent writers (two editors, a script) never lose each other's changes:
   * everything the write depends on is re-read inside `fn`. I/O failures become a result, never
   * an ok for a write that did not happen.
   */
  private locked(fn: () => WriteResult): WriteResult {
    const folder = this.folderProblem();
    if (folder) return { ok: false, invalid: folder };
    const dir = join(this.root, '.mlguard');
    let release: (() => void) | undefined;
    let compromised: Error | undefined;
    const deadline = Date.now() + LOCK_WAIT_MS;
    try {
      mkdirSync(dir, { recursive: true });
      for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
        try {
          release = lockfile.lockSync(dir, { lockfilePath: join(dir, '.lock'), stale: LOCK_STALE_MS, realpath: false, onCompromised: (e) => void (compromised = e) });
          break;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ELOCKED' || Date.now() > deadline) throw e;
          sleepSync(wait + Math.random() * wait);
        }
      }
      const result = fn();
      if (compromised) return { ok: false, invalid: `the .mlguard lock was taken over by another process (${compromised.message}); reload and try again` };
      return result;
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'ELOCKED') return { ok: false, invalid: `.mlguard is locked by another MLGuard writer (waited ${LOCK_WAIT_MS / 1000} s); try again` };
      return { ok: false, invalid: `could not save to .mlguard: ${err.message}` };
    } finally {
      try {
        release?.();
      } catch {
        // already released (compromised): nothing to undo
      }
    }
  }

  /** Writes a store file and reads it back: ok only when what is on disk is what was written. */
  private persist(file: string, text: string): void {
    atomicWrite(this.abs(file), text, this.root);
    if (readText(this.abs(file)) !== text) throw new Error(`${file} did not keep what was written (changed by another program during the write?)`);
  }

  read(): StoreSnapshot {
    const checklistRead = this.readFile(CHECKLIST_FILE);
    const threatsRead = this.readFile(THREATS_FILE);
    const logRead = this.readFile(SIGNOFFS_FILE);
    const checklistText = checklistRead.text;
    const threatsText = threatsRead.text;
    const logText = logRead.text;
    const checklist: FileState<ChecklistDoc> = { file: CHECKLIST_FILE, text: checklistText, exists: checklistText !== undefined || !!checklistRead.problem, hash: checklistText === undefined ? '' : sha256(checklistText), problems: checklistRead.problem ? [checklistRead.problem] : [] };
    if (checklistText !== undefined) {
      const p = parseChecklist(CHECKLIST_FILE, checklistText);
      if (p.ok) checklist.doc = p.doc;
      else checklist.problems = p.problems;
    }
    const threats: FileState<ThreatsDoc> = { file: THREATS_FILE, text: threatsText, exists: threatsText !== undefined || !!threatsRead.problem, hash: threatsText === undefined ? '' : sha256(threatsText), problems: threatsRead.problem ? [threatsRead.problem] : [] };
    if (threatsText !== undefined) {
      const p = parseThreats(THREATS_FILE, threatsText);
      if (p.ok) threats.doc = p.doc;
      else threats.problems = p.problems;
    }
    const chain = logText === undefined ? { entries: [], problems: logRead.problem ? [logRead.problem] : [] } : verifyChain(logText);
    return {
      checklist,
      threats,
      signoffs: { file: SIGNOFFS_FILE, exists: logText !== undefined || !!logRead.problem, hash: logText === undefined ? '' : sha256(logText), entries: chain.entries, problems: chain.problems, text: logText },
    };
  }

  /**
   * Changes one checklist item. `base` is the snapshot the caller showed the user. If the file
   * changed on disk since then: when this item is unchanged on disk the edit is applied on top of
   * the newer file (the teammate's other changes are kept); otherwise a conflict is returned and
   * nothing is written, unless `force` (the user chose to overwrite this item).
   * A status change to `done` appends a sign-off to the log first and records its hash.
   */
  updateChecklistItem(base: StoreSnapshot, id: string, patch: Partial<Pick<StoredChecklistItem, 'status' | 'owner' | 'note' | 'evidence' | 'title' | 'article'>>, actor: Actor, opts: { force?: boolean; reason?: string; expectVersion?: string } = {}): WriteResult {
    return this.locked(() => this.updateChecklistItemLocked(base, id, patch, actor, opts));
  }

  private updateChecklistItemLocked(base: StoreSnapshot, id: string, patch: Parameters<ComplianceStore['updateChecklistItem']>[2], actor: Actor, opts: { force?: boolean; reason?: string; expectVersion?: string }): WriteResult {
    const path = this.abs(CHECKLIST_FILE);
    const current = readText(path);
    const at = actor.now().toISOString();
    let doc: ChecklistDoc;
    if (current === undefined) {
      if (base.checklist.exists && !opts.force) return { ok: false, conflict: { file: CHECKLIST_FILE, itemId: id, message: `${CHECKLIST_FILE} was deleted on disk since it was read` } };
      doc = base.checklist.doc && !base.checklist.exists ? base.checklist.doc : defaultChecklist('', '');
    } else {
      const parsed = parseChecklist(CHECKLIST_FILE, current);
      if (!parsed.ok) return { ok: false, corrupted: parsed.problems };
      doc = parsed.doc;
      const now = doc.item[id];
      // The page says which version of the item it showed (its changed_at): a different one on disk
      // means someone changed this item after the user saw it.
      if (!opts.force && opts.expectVersion !== undefined && (now?.changed_at ?? '') !== opts.expectVersion)
        return { ok: false, conflict: { file: CHECKLIST_FILE, itemId: id, message: `Checklist item "${id}" was changed on disk (${now?.changed_by || 'someone'}, ${now?.changed_at || 'unknown time'}) after you opened it` } };
      if (sha256(current) !== base.checklist.hash && !opts.force) {
        const before = base.checklist.doc?.item[id];
        if (!equal(before, now)) return { ok: false, conflict: { file: CHECKLIST_FILE, itemId: id, message: `Checklist item "${id}" was changed on disk (${now?.changed_by || 'someone'}, ${now?.changed_at || 'unknown time'}) since the view read it` } };
      }
    }
    const template = defaultChecklist(actor.name, at, doc.frameworks).item[id];
    const prior = doc.item[id] ?? template ?? { article: patch.article ?? '', title: patch.title ?? id, status: 'todo', owner: '', note: '', evidence: [], changed_by: actor.name, changed_at: at };
    const next: StoredChecklistItem = { ...prior, ...patch, changed_by: actor.name, changed_at: at };
    let signoff: SignoffEntry | undefined;
    if (patch.status === 'done' && prior.status !== 'done') {
      const r = this.appendSignoffLocked(base, { at, by: actor.name, subject: `checklist:${id}`, status: 'done', owner: next.owner, reason: opts.reason ?? next.note });
      if (!r.ok) return r;
      signoff = r.entry;
      next.signoff = signoff.hash;
    } else if (patch.status && patch.status !== 'done') delete next.signoff;
    // Fill in every template item so the file lists the whole checklist (untouched: nobody changed them).
    const full = defaultChecklist('', '', doc.frameworks);
    for (const [k, v] of Object.entries(full.item)) if (!(k in doc.item)) doc.item[k] = v;
    doc.item[id] = next;
    this.persist(CHECKLIST_FILE, serializeChecklist(doc));
    return { ok: true, snapshot: this.read(), signoff };
  }

  /** Chooses the checklist frameworks (gdpr, hipaa, eu-ai-act); adds their items, keeps all others. */
  setFrameworks(base: StoreSnapshot, frameworks: string[], opts: { force?: boolean } = {}): WriteResult {
    return this.locked(() => this.setFrameworksLocked(base, frameworks, opts));
  }

  private setFrameworksLocked(base: StoreSnapshot, frameworks: string[], opts: { force?: boolean }): WriteResult {
    const path = this.abs(CHECKLIST_FILE);
    const current = readText(path);
    let doc: ChecklistDoc;
    if (current === undefined) doc = defaultChecklist('', '', frameworks);
    else {
      const parsed = parseChecklist(CHECKLIST_FILE, current);
      if (!parsed.ok) return { ok: false, corrupted: parsed.problems };
      doc = parsed.doc;
      if (!opts.force && sha256(current) !== base.checklist.hash && !equal(base.checklist.doc?.frameworks, doc.frameworks))
        return { ok: false, conflict: { file: CHECKLIST_FILE, itemId: 'frameworks', message: `The frameworks in ${CHECKLIST_FILE} were changed on disk since the view read them` } };
    }
    doc.frameworks = frameworks;
    for (const [k, v] of Object.entries(defaultChecklist('', '', frameworks).item)) if (!(k in doc.item)) doc.item[k] = v;
    this.persist(CHECKLIST_FILE, serializeChecklist(doc));
    return { ok: true, snapshot: this.read() };
  }

  /** Changes (or creates) a threat record: accept with reason+owner, notes, users' own threats. */
  updateThreat(base: StoreSnapshot, id: string, patch: Partial<Omit<StoredThreat, 'id' | 'changed_by' | 'changed_at' | 'signoff'>>, actor: Actor, opts: { force?: boolean; expectVersion?: string } = {}): WriteResult {
    return this.locked(() => this.updateThreatLocked(base, id, patch, actor, opts));
  }

  private updateThreatLocked(base: StoreSnapshot, id: string, patch: Parameters<ComplianceStore['updateThreat']>[2], actor: Actor, opts: { force?: boolean; expectVersion?: string }): WriteResult {
    const path = this.abs(THREATS_FILE);
    const current = readText(path);
    const at = actor.now().toISOString();
    let doc: ThreatsDoc;
    if (current === undefined) {
      if (base.threats.exists && !opts.force) return { ok: false, conflict: { file: THREATS_FILE, itemId: id, message: `${THREATS_FILE} was deleted on disk since it was read` } };
      doc = { schema: SCHEMA_VERSION, threat: {} };
    } else {
      const parsed = parseThreats(THREATS_FILE, current);
      if (!parsed.ok) return { ok: false, corrupted: parsed.problems };
      doc = parsed.doc;
      if (!opts.force && opts.expectVersion !== undefined && (doc.threat[id]?.changed_at ?? '') !== opts.expectVersion)
        return { ok: false, conflict: { file: THREATS_FILE, itemId: id, message: `Threat "${id}" was changed on disk (${doc.threat[id]?.changed_by || 'someone'}) after you opened it` } };
      if (sha256(current) !== base.threats.hash && !opts.force) {
        if (!equal(base.threats.doc?.threat[id], doc.threat[id]))
          return { ok: false, conflict: { file: THREATS_FILE, itemId: id, message: `Threat "${id}" was changed on disk since the view read it` } };
      }
    }
    const prior = doc.threat[id] ?? {};
    const next: Omit<StoredThreat, 'id'> = { ...prior, ...patch, changed_by: actor.name, changed_at: at };
    for (const k of Object.keys(next) as (keyof typeof next)[]) if (next[k] === undefined) delete next[k];
    let signoff: SignoffEntry | undefined;
    if (patch.status === 'accepted' && prior.status !== 'accepted') {
      if (!next.reason || !next.owner) return { ok: false, invalid: 'Accepting a threat needs a reason and an owner.' };
      const r = this.appendSignoffLocked(base, { at, by: actor.name, subject: `threat:${id}`, status: 'accepted', owner: next.owner, reason: next.reason });
      if (!r.ok) return r;
      signoff = r.entry;
      next.signoff = signoff.hash;
    } else if (patch.status && patch.status !== 'accepted') delete next.signoff;
    doc.threat[id] = next;
    this.persist(THREATS_FILE, serializeThreats(doc));
    return { ok: true, snapshot: this.read(), signoff };
  }

  /** Removes a user's own threat (derived threats cannot be removed, only accepted). */
  removeThreat(base: StoreSnapshot, id: string, opts: { force?: boolean } = {}): WriteResult {
    return this.locked(() => this.removeThreatLocked(base, id, opts));
  }

  private removeThreatLocked(base: StoreSnapshot, id: string, opts: { force?: boolean }): WriteResult {
    const path = this.abs(THREATS_FILE);
    const current = readText(path);
    if (current === undefined) return { ok: true, snapshot: this.read() };
    const parsed = parseThreats(THREATS_FILE, current);
    if (!parsed.ok) return { ok: false, corrupted: parsed.problems };
    if (sha256(current) !== base.threats.hash && !opts.force && !equal(base.threats.doc?.threat[id], parsed.doc.threat[id]))
      return { ok: false, conflict: { file: THREATS_FILE, itemId: id, message: `Threat "${id}" was changed on disk since the view read it` } };
    delete parsed.doc.threat[id];
    this.persist(THREATS_FILE, serializeThreats(parsed.doc));
    return { ok: true, snapshot: this.read() };
  }

  /** Appends one entry to the chain; refuses when the log on disk is broken (never rewrites it). */
  appendSignoff(base: StoreSnapshot, input: Parameters<typeof makeEntry>[1]): { ok: true; entry: SignoffEntry } | { ok: false; corrupted: FileProblem[] } | { ok: false; invalid: string } {
    let out: ReturnType<ComplianceStore['appendSignoffLocked']> | undefined;
    const r = this.locked(() => {
      out = this.appendSignoffLocked(base, input);
      return out.ok ? { ok: true, snapshot: base } : out;
    });
    if (!r.ok && 'invalid' in r) return r;
    return out!;
  }

  private appendSignoffLocked(_base: StoreSnapshot, input: Parameters<typeof makeEntry>[1]): { ok: true; entry: SignoffEntry } | { ok: false; corrupted: FileProblem[] } {
    const text = readText(this.abs(SIGNOFFS_FILE)) ?? '';
    const chain = verifyChain(text);
    if (chain.problems.length) return { ok: false, corrupted: chain.problems };
    const entry = makeEntry(chain.entries[chain.entries.length - 1], input);
    const body = text === '' || text.endsWith('\n') ? text : `${text}\n`;
    this.persist(SIGNOFFS_FILE, `${body}${serializeEntry(entry)}\n`);
    return { ok: true, entry };
  }
}

export interface VerifyReport {
  problems: FileProblem[];
  entries: number;
  checked: string[];
}

/**
 * What `mlguard verify` checks: both documents against their schemas, the sign-off chain, and that
 * every done/accepted status is backed by a sign-off entry in the log for that subject and status
 * (so deleting trailing log entries, or marking done by hand without signing, is detected).
 */
export function verifyStore(snapshot: StoreSnapshot): VerifyReport {
  const problems: FileProblem[] = [...snapshot.checklist.problems, ...snapshot.threats.problems, ...snapshot.signoffs.problems];
  const byHash = new Map(snapshot.signoffs.entries.map((e) => [e.hash, e]));
  const checked: string[] = [];
  const lineOf = (file: 'checklist' | 'threats', id: string): number => {
    const text = (file === 'checklist' ? snapshot.checklist.text : snapshot.threats.text) ?? '';
    const prefix = file === 'checklist' ? 'item' : 'threat';
    const headers = [`[${prefix}.${id}]`, `[${prefix}.${JSON.stringify(id)}]`];
    const at = text.split(/\r?\n/).findIndex((l) => headers.includes(l.trim()));
    return at + 1 || 1;
  };
  if (snapshot.checklist.doc) {
    checked.push(CHECKLIST_FILE);
    for (const [id, item] of Object.entries(snapshot.checklist.doc.item)) {
      if (item.status !== 'done') continue;
      const e = item.signoff ? byHash.get(item.signoff) : undefined;
      if (!item.signoff) problems.push({ file: CHECKLIST_FILE, line: lineOf('checklist', id), column: 1, message: `item ${id} is done but has no sign-off (status changed outside MLGuard?)` });
      else if (!e) problems.push({ file: CHECKLIST_FILE, line: lineOf('checklist', id), column: 1, message: `item ${id}: its sign-off ${item.signoff.slice(0, 12)}… is missing from ${SIGNOFFS_FILE} (log truncated or rewritten)` });
      else if (e.subject !== `checklist:${id}` || e.status !== 'done') problems.push({ file: CHECKLIST_FILE, line: lineOf('checklist', id), column: 1, message: `item ${id}: its sign-off is for ${e.subject} (${e.status})` });
    }
  }
  if (snapshot.threats.doc) {
    checked.push(THREATS_FILE);
    for (const [id, t] of Object.entries(snapshot.threats.doc.threat)) {
      if (t.status !== 'accepted') continue;
      const e = t.signoff ? byHash.get(t.signoff) : undefined;
      if (!t.signoff) problems.push({ file: THREATS_FILE, line: lineOf('threats', id), column: 1, message: `threat ${id} is accepted but has no sign-off` });
      else if (!e) problems.push({ file: THREATS_FILE, line: lineOf('threats', id), column: 1, message: `threat ${id}: its sign-off ${t.signoff.slice(0, 12)}… is missing from ${SIGNOFFS_FILE} (log truncated or rewritten)` });
      else if (e.subject !== `threat:${id}` || e.status !== 'accepted') problems.push({ file: THREATS_FILE, line: lineOf('threats', id), column: 1, message: `threat ${id}: its sign-off is for ${e.subject} (${e.status})` });
    }
  }
  if (snapshot.signoffs.exists) checked.push(SIGNOFFS_FILE);
  return { problems, entries: snapshot.signoffs.entries.length, checked };
}
