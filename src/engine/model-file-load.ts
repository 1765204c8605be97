// The path a model-file load reads (`joblib.load(MODEL_PATH)`, `pickle.load(fh)` inside `with
// open(PATH, "rb") as fh`, `os.getenv("MODEL", "/models/prod/m.pkl")`), as text when it is known.
import type { SyntaxNode } from './parser';
import type { CallFact, FileFacts } from './facts';
import { enclosingFunction, parameterIdentifier, stringValue } from './ast';
import { boundExpression, stringOrConstant } from './constants';
import { MODEL_FILE_LOADERS } from './models/audit';

function pathText(expr: SyntaxNode | undefined, call: CallFact, facts: FileFacts, depth = 0): string | undefined {
  if (!expr || depth > 3) return undefined;
  const direct = stringOrConstant(expr, facts, call.scope);
  if (direct !== undefined) return direct;
  if (expr.type === 'call') {
    const fn = facts.imports.resolveNode(expr.childForFieldName('function')) ?? '';
    const args = expr.childForFieldName('arguments')?.namedChildren.filter((a): a is SyntaxNode => !!a && a.type !== 'comment') ?? [];
    // os.getenv("MODEL_PATH", "/models/prod/m.pkl"): the default names the file
    if (/^os\.(getenv|environ\.get)$/.test(fn)) return stringOrConstant(args[1], facts, call.scope);
    // open(path, "rb"), Path(path), os.path.join(a, b): the path inside
    if (/^(open|io\.open|pathlib\.Path|os\.path\.join)$/.test(fn) || fn === 'Path') return args.map((a) => pathText(a, call, facts, depth + 1) ?? '').join('/') || undefined;
  }
  if (expr.type === 'string') return stringValue(expr) ?? expr.text;
  if (expr.type === 'identifier') {
    // `def rescore(path="/models/prod/m.joblib")`: the file read when no caller says otherwise
    const fn = enclosingFunction(expr);
    const param = fn?.childForFieldName('parameters')?.namedChildren.find((p) => p && /default_parameter$/.test(p.type) && parameterIdentifier(p)?.text === expr.text);
    const rebound = facts.assignments.some((a) => a.scope?.id === fn?.id && a.left.text === expr.text);
    const byDefault = param && !rebound ? stringValue(param.childForFieldName('value')) : undefined;
    if (byDefault !== undefined) return byDefault;
    // `MODEL_PATH = os.environ.get("MODEL", "/models/prod/m.joblib")`: what the constant is bound to
    const bound = boundExpression(expr, facts, call.scope);
    if (bound?.type === 'call') {
      const text = pathText(bound, call, facts, depth + 1);
      if (text !== undefined) return text;
    }
    // `with open(PATH, "rb") as fh: pickle.load(fh)`
    for (let p = expr.parent; p; p = p.parent) {
      if (p.type !== 'with_statement') continue;
      for (const item of p.descendantsOfType('as_pattern')) {
        const alias = item?.childForFieldName('alias')?.namedChildren[0] ?? item?.namedChildren[1];
        if (alias?.text === expr.text) return pathText(item?.namedChildren[0] ?? undefined, call, facts, depth + 1);
      }
    }
  }
  return undefined;
}

/** The path a model-file loader call reads, when the call is one (MODEL_FILE_LOADERS) and the path is known. */
export function modelFilePath(call: CallFact, facts: FileFacts): string | undefined {
  const slot = MODEL_FILE_LOADERS.get(call.qualified ?? '');
  if (!slot) return undefined;
  const arg = slot.keywords.map((k) => call.kwargs.get(k)).find((v) => !!v) ?? (slot.position >= 0 ? call.args[slot.position] : undefined);
  return pathText(arg, call, facts);
}
