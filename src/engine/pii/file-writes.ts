// Free-text exports: values written to files opened for writing (`fh.write(json.dumps({...}))`,
// `json.dump(record, fh)`, `csv.writer(fh).writerow(row)`), e.g. JSONL training sets built row by
// row. The written expression is searched for personal-data values like a logged one.
import type { SyntaxNode } from '../parser';
import type { CallFact, FileFacts } from '../facts';
import { dottedName, stringValue } from '../ast';

/** Calls that open a file; the mode is their second positional argument or `mode=`. */
const OPENERS = /^(open|io\.open|gzip\.open|bz2\.open|lzma\.open|codecs\.open|smart_open\.open|fsspec\.open|tf\.io\.gfile\.GFile|tensorflow\.io\.gfile\.GFile)$|(^|\.)(open|open_text)$/;
/** Writers wrapping a file handle (their first argument). */
const WRAPPERS = /^(csv\.writer|csv\.DictWriter|jsonlines\.Writer)$/;
/** In-memory text buffers: what is written to them is built to be uploaded or saved (`s3.put_object(Body=buf.getvalue())`). */
const BUFFERS = /^(io\.StringIO|io\.BytesIO)$/;
/** Functions that write their first argument to the handle given second. */
const DUMPERS = /^(json\.dump|yaml\.dump|yaml\.safe_dump|pickle\.dump|joblib\.dump|ujson\.dump|orjson\.dump)$/;

export interface FileWrite {
  call: CallFact;
  /** The expression whose value ends up in the file. */
  value: SyntaxNode;
}

function opensForWriting(call: SyntaxNode): boolean {
  const args = call.childForFieldName('arguments')?.namedChildren.filter((a): a is SyntaxNode => !!a && a.type !== 'comment') ?? [];
  const modeNode = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'mode')?.childForFieldName('value') ?? args.filter((a) => a.type !== 'keyword_argument')[1];
  const mode = modeNode ? stringValue(modeNode) : undefined;
  return !!mode && /[wax]/.test(mode);
}

/** Names bound to writable file handles (and to csv/jsonlines writers over them) in the file. */
function writableHandles(facts: FileFacts): Set<string> {
  const handles = new Set<string>();
  const callee = (n: SyntaxNode | null | undefined): string => (n?.type === 'call' ? (dottedName(n.childForFieldName('function')) ?? '') : '');
  const bindIfOpen = (target: SyntaxNode | null | undefined, value: SyntaxNode | null | undefined): void => {
    if (!target || !value || value.type !== 'call') return;
    const name = facts.imports.resolve(callee(value));
    if ((OPENERS.test(name) && opensForWriting(value)) || BUFFERS.test(name)) handles.add(target.text);
    else if (WRAPPERS.test(name)) {
      const first = value.childForFieldName('arguments')?.namedChildren.find((a) => a && a.type !== 'keyword_argument' && a.type !== 'comment');
      if (first && (handles.has(first.text) || (first.type === 'call' && OPENERS.test(facts.imports.resolve(callee(first))) && opensForWriting(first)))) handles.add(target.text);
    }
  };
  // two rounds: a writer may wrap a handle bound later in source order of the scan
  for (let round = 0; round < 2; round++) {
    for (const call of facts.calls) {
      // What bindIfOpen resolves, known already (FileFacts resolved every callee): only an
      // opener, a buffer or a writer binds anything, so the other calls' parents are not read.
      const q = call.qualified ?? '';
      if (!OPENERS.test(q) && !BUFFERS.test(q) && !WRAPPERS.test(q)) continue;
      const parent = call.node.parent;
      if (parent?.type === 'assignment' && parent.childForFieldName('right')?.id === call.node.id) bindIfOpen(parent.childForFieldName('left'), call.node);
      else if (parent?.type === 'as_pattern') bindIfOpen(parent.childForFieldName('alias')?.namedChildren[0] ?? parent.namedChildren[1], call.node);
    }
  }
  return handles;
}

/** Every write of a value to a writable file handle. */
export function fileWrites(facts: FileFacts): FileWrite[] {
  return facts.memo('pii.fileWrites', () => {
    const out: FileWrite[] = [];
    let handles: Set<string> | undefined;
    for (const call of facts.calls) {
      const q = call.qualified ?? '';
      if (DUMPERS.test(q) && call.args[0] && call.args[1]) {
        handles ??= writableHandles(facts);
        if (handles.has(call.args[1].text)) out.push({ call, value: call.args[0] });
        continue;
      }
      if (!call.receiver || !['write', 'writelines', 'writerow', 'writerows', 'writeall'].includes(call.method ?? '') || !call.args[0]) continue;
      handles ??= writableHandles(facts);
      if (handles.has(call.receiver.text)) out.push({ call, value: call.args[0] });
    }
    return out;
  });
}
