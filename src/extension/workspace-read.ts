// The extension's counterpart of src/engine/read-file.ts for reads through workspace.fs (virtual
// file systems included): stat first and read only regular files within a size limit, so a
// committed `model.py -> /dev/zero` or a FIFO named `mlguard.toml` is refused with a note instead
// of hanging the extension host or exhausting its memory. (workspace.fs has no open-then-fstat;
// the stat comes from the same provider that reads, and devices report FileType.Unknown.)
import * as vscode from 'vscode';

export type WorkspaceRead = { ok: true; bytes: Uint8Array } | { ok: false; reason: string; missing?: boolean };

export async function readWorkspaceFile(uri: vscode.Uri, limit: number): Promise<WorkspaceRead> {
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch (e) {
    const missing = e instanceof vscode.FileSystemError && e.code === 'FileNotFound';
    return { ok: false, reason: missing ? 'not found' : (e as Error).message, missing };
  }
  if ((stat.type & vscode.FileType.File) === 0) return { ok: false, reason: (stat.type & vscode.FileType.Directory) !== 0 ? 'is a folder' : 'not a regular file (device, FIFO or socket)' };
  if (stat.size > limit) return { ok: false, reason: `larger than ${limit} bytes` };
  try {
    const bytes = await vscode.workspace.fs.readFile(uri);
    if (bytes.length > limit) return { ok: false, reason: `larger than ${limit} bytes` };
    return { ok: true, bytes };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}
