// Record classes: same-file dataclasses, pydantic models, attrs classes, TypedDicts and
// NamedTuples declare the fields of a person's record (`class Application(BaseModel): full_name:
// str; email: str`). Dumping an instance (`asdict(c)`, `app.dict()`, `app.model_dump()`) or
// printing it writes out every field, so a log or export of the dump holds those fields' values.
import type { SyntaxNode } from '../parser';
import type { FileFacts } from '../facts';
import { dottedName, enclosingFunction, parameterIdentifier } from '../ast';
import { annotationClass } from '../dataflow/syntax';

export interface RecordField {
  name: string;
  node: SyntaxNode;
}

/** Bases and decorators that make a class a record of named fields. */
const RECORD_BASES = /(^|\.)(BaseModel|BaseSettings|TypedDict|NamedTuple|Struct|Schema)$/;
const RECORD_DECORATORS = /^(dataclass|dataclasses\.dataclass|attr\.s|attrs\.define|attr\.define|define|frozen|attrs\.frozen|pydantic\.dataclasses\.dataclass)$/;
/** Calls that turn an instance into a dict / text of all its fields. */
const DUMP_FUNCTIONS = /^(dataclasses\.asdict|dataclasses\.astuple|attr\.asdict|attrs\.asdict|vars)$/;
const DUMP_METHODS: ReadonlySet<string> = new Set(['dict', 'model_dump', 'model_dump_json', 'json', '_asdict', 'to_dict']);
/** Dumps that only record instances have (not a response's `.json()` or a frame's `.to_dict()`). */
const UNAMBIGUOUS_DUMPS = /^(dataclasses\.asdict|dataclasses\.astuple|attr\.asdict|attrs\.asdict|model_dump|model_dump_json|_asdict)$/;

function classFields(cls: SyntaxNode): RecordField[] {
  const out: RecordField[] = [];
  for (const stmt of cls.childForFieldName('body')?.namedChildren ?? []) {
    const e = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
    // `full_name: str` or `email: str = ""` (an annotated class-level name is a field)
    if (e?.type !== 'assignment' || !e.childForFieldName('type')) continue;
    const left = e.childForFieldName('left');
    if (left?.type === 'identifier') out.push({ name: left.text, node: left });
  }
  return out;
}

/** Record classes defined in the file, by name. */
export function recordClasses(facts: FileFacts): ReadonlyMap<string, RecordField[]> {
  return facts.memo('pii.recordClasses', () => {
    const out = new Map<string, RecordField[]>();
    const visit = (n: SyntaxNode): void => {
      for (const c of n.namedChildren) {
        if (!c) continue;
        const cls = c.type === 'decorated_definition' ? c.childForFieldName('definition') : c;
        if (cls?.type === 'class_definition') {
          const decorated = c.type === 'decorated_definition' && c.namedChildren.some((d) => d?.type === 'decorator' && RECORD_DECORATORS.test(facts.imports.resolve(dottedName(d.namedChildren[0]?.type === 'call' ? d.namedChildren[0].childForFieldName('function') : d.namedChildren[0]) ?? '')));
          const based = (cls.childForFieldName('superclasses')?.namedChildren ?? []).some((b) => !!b && RECORD_BASES.test(facts.imports.resolve(dottedName(b) ?? b.text)));
          const name = cls.childForFieldName('name')?.text;
          const fields = classFields(cls);
          if (name && (decorated || based) && fields.length) out.set(name, fields);
        } else if (c.type === 'if_statement' || c.type === 'try_statement' || c.type === 'block') visit(c);
      }
    };
    visit(facts.root);
    return out;
  });
}

/** The record class a name holds in its scope: a parameter annotated with it, or an assignment of its constructor. */
function classOf(id: SyntaxNode, facts: FileFacts, classes: ReadonlyMap<string, RecordField[]>): string | undefined {
  const scope = facts.functionOf(enclosingFunction(id));
  for (const p of scope?.parameters ?? []) {
    const name = parameterIdentifier(p);
    if (!name || name.text !== id.text) continue;
    const cls = annotationClass(name);
    if (cls && classes.has(cls)) return cls;
  }
  for (const a of facts.assignments) {
    if (a.left.text !== id.text || a.right?.type !== 'call' || (a.scope?.id ?? -1) !== (scope?.node.id ?? -1)) continue;
    const fn = a.right.childForFieldName('function');
    if (fn?.type === 'identifier' && classes.has(fn.text)) return fn.text;
  }
  return undefined;
}

/**
 * The fields a call dumps, when it dumps an instance of a same-file record class: `asdict(c)`,
 * `app.dict()`, `app.model_dump()`. An instance whose class is not known from its name's binding
 * is taken to be the file's only record class of that kind (`asdict` needs a dataclass).
 */
export function dumpedFields(call: SyntaxNode, facts: FileFacts): RecordField[] | undefined {
  const classes = recordClasses(facts);
  if (!classes.size) return undefined;
  const fn = call.childForFieldName('function');
  const args = call.childForFieldName('arguments')?.namedChildren.filter((a): a is SyntaxNode => !!a && a.type !== 'comment') ?? [];
  let instance: SyntaxNode | undefined;
  let dump = '';
  if (fn?.type === 'attribute' && DUMP_METHODS.has(fn.childForFieldName('attribute')?.text ?? '')) {
    instance = fn.childForFieldName('object') ?? undefined;
    dump = fn.childForFieldName('attribute')?.text ?? '';
  } else if (fn && DUMP_FUNCTIONS.test(facts.imports.resolve(dottedName(fn) ?? ''))) {
    instance = args[0];
    dump = facts.imports.resolve(dottedName(fn) ?? '');
  }
  if (!instance || instance.type !== 'identifier') return undefined;
  const cls = classOf(instance, facts, classes);
  if (cls) return classes.get(cls);
  // `r.json()` of a response, `df.to_dict()` of a frame: only a known instance counts for these
  return classes.size === 1 && UNAMBIGUOUS_DUMPS.test(dump) ? [...classes.values()][0] : undefined;
}
