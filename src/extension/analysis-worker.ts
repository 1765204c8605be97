// Runs live analyses off the extension host's main thread (a worker_threads Worker), so a large
// file (the rules take ~1 s on 5,000 lines) never blocks other extensions or the editor. The worker
// keeps one tree-sitter Tree per document: edits arrive in order as they happen and are applied
// with tree.edit(); an analysis reparses incrementally from that tree. Messages are processed in
// the order they were posted, so an analysis always sees the edits sent before it.
// No `vscode` import here: this file is bundled on its own (dist/analysis-worker.js).
import { parentPort } from 'node:worker_threads';
import { Edit } from 'web-tree-sitter';
import { analyzePython, initParser, type Finding, type MlguardConfig, type Tree } from '../engine';

export interface TreeEditData {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: { row: number; column: number };
  oldEndPosition: { row: number; column: number };
  newEndPosition: { row: number; column: number };
}

export type WorkerRequest =
  | { type: 'edit'; uri: string; edits: TreeEditData[] }
  | { type: 'analyze'; id: number; uri: string; text: string; path: string; config: MlguardConfig }
  | { type: 'close'; uri: string };

export type WorkerResponse =
  | { id: number; ok: true; findings: Finding[]; internalErrors: string[]; tooDeep: string[]; engineMs: number; incremental: boolean }
  | { id: number; ok: false; error: string };

const port = parentPort;
if (port) {
  const trees = new Map<string, Tree>();
  const ready = initParser();
  port.on('message', async (m: WorkerRequest) => {
    await ready;
    if (m.type === 'edit') {
      const tree = trees.get(m.uri);
      if (!tree) return;
      try {
        for (const e of m.edits) tree.edit(new Edit(e));
      } catch {
        tree.delete();
        trees.delete(m.uri); // the next analysis parses from scratch
      }
    } else if (m.type === 'close') {
      trees.get(m.uri)?.delete();
      trees.delete(m.uri);
    } else {
      const old = trees.get(m.uri);
      const t0 = performance.now();
      try {
        const r = analyzePython(m.text, m.path, m.config, { oldTree: old });
        const engineMs = performance.now() - t0;
        old?.delete();
        trees.set(m.uri, r.tree);
        const reply: WorkerResponse = { id: m.id, ok: true, findings: r.findings, internalErrors: r.internalErrors, tooDeep: r.tooDeep, engineMs, incremental: old !== undefined };
        port.postMessage(reply);
      } catch (e) {
        old?.delete();
        trees.delete(m.uri);
        const reply: WorkerResponse = { id: m.id, ok: false, error: (e as Error).stack ?? String(e) };
        port.postMessage(reply);
      }
    }
  });
}
