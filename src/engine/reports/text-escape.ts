// Terminal injection: a flagged line or a file name from a hostile repository may carry ESC
// sequences (cursor movement, OSC 52 clipboard writes, hyperlinks), other C0/C1 controls, DEL or
// bidirectional overrides that make the terminal show something other than the bytes. Everything
// from the workspace is passed through terminalSafe before it reaches a terminal; a newline in a
// file name is shown as `\n`, so one finding stays one line.

// C0 except tab, DEL, C1, bidi embeddings/overrides/isolates and marks, line/paragraph separators.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The text with every control, DEL, C1 and bidi character shown as a visible escape (tabs kept). */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** Whether terminalSafe would change the text. */
export function hasUnsafeTerminalChars(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}
