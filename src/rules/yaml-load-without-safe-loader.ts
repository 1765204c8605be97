import { UNSAFE_DESERIALIZATION_REFERENCES } from './family-references';
import type { Rule, RuleContext } from '../engine/rule';
import type { CallFact } from '../engine/facts';
import type { SyntaxNode } from '../engine/parser';
import type { TextEdit } from '../engine/types';
import { dottedName, stringList, stringValue } from '../engine/ast';
import { removeArgument } from '../engine/edits/call-arguments';
import { constructedNames, receiverConstruction } from '../engine/constructed-objects';
import { PYYAML, RUAMEL_LEGACY, RUAMEL_YAML, type YamlApi } from '../engine/models/serialization';

const MESSAGE_TAIL = 'can build arbitrary Python objects from `!!python/` tags, so a tampered YAML file runs code (CWE-502).';

/** The API and function name when the call is one of the table's module functions, really imported. */
function moduleFunction(call: CallFact, ctx: RuleContext): { api: YamlApi; fn: string } | undefined {
  const q = call.qualified;
  const head = call.callee?.split('.')[0];
  // `yaml.load` where `yaml` is no import (a ruamel `yaml = YAML()` instance, a parameter) is not PyYAML.
  if (!q || !head || !ctx.facts.imports.bindsLocal(head) || constructedNames(ctx.facts, RUAMEL_YAML.factory).has(head)) return undefined;
  for (const api of [RUAMEL_LEGACY, PYYAML]) {
    if (!q.startsWith(`${api.module}.`)) continue;
    const fn = q.slice(api.module.length + 1);
    if (api.loaderDependent.includes(fn) || api.alwaysUnsafe.includes(fn)) return { api, fn };
  }
  return undefined;
}

/** `typ="unsafe"` / `typ=["unsafe", "pure"]` on a ruamel `YAML(...)` construction. */
function unsafeType(construction: SyntaxNode): boolean {
  const typ = construction.childForFieldName('arguments')?.namedChildren.find((a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'typ')?.childForFieldName('value');
  const values = stringValue(typ) !== undefined ? [stringValue(typ)!] : (stringList(typ)?.map((v) => v.value) ?? []);
  return values.some((v) => RUAMEL_YAML.unsafeTypes.has(v));
}

function checkModuleFunction(ctx: RuleContext, call: CallFact, api: YamlApi, fn: string): void {
  const loader = api.loaderDependent.includes(fn) ? (call.kwargs.get('Loader') ?? call.args[1]) : undefined;
  let explicitUnsafe = api.alwaysUnsafe.includes(fn);
  if (loader) {
    const name = dottedName(loader);
    if (!name) return; // a loader built by a call: unknown
    const last = ctx.facts.imports.resolve(name).split('.').pop() ?? '';
    if (api.safeLoaders.has(last) || !api.unsafeLoaders.has(last)) return; // safe, or a custom class we cannot judge
    explicitUnsafe = true;
  } else if (!explicitUnsafe && call.hasSplat) return;
  const replacement = api.replacement[fn] ?? 'safe_load';
  const edits: TextEdit[] = [];
  const attr = call.function.type === 'attribute' ? call.function.childForFieldName('attribute') : undefined;
  if (attr) {
    edits.push({ start: attr.startIndex, end: attr.endIndex, text: replacement });
    if (loader) {
      const removal = removeArgument(call, call.kwargNodes.get('Loader') ?? loader);
      if (removal) edits.push(removal);
      else edits.length = 0;
    }
  }
  const what = loader ? ` with the unsafe loader \`${loader.text}\`` : explicitUnsafe ? '' : ' without a safe Loader';
  ctx.report({
    node: call.node,
    message: `\`${call.callee ?? call.qualified}\`${what} ${MESSAGE_TAIL} Use \`${api.module}.safe_load\` (or \`Loader=${api.module}.SafeLoader\`).`,
    fixes: edits.length ? [{ title: `Use \`${api.module}.${replacement}\``, applicability: explicitUnsafe ? 'unsafe' : 'safe', edits }] : [],
  });
}

export const yamlLoadWithoutSafeLoader: Rule = {
  meta: {
    id: 'SER003',
    name: 'yaml-load-without-safe-loader',
    family: 'SER',
    defaultSeverity: 'warning',
    confidence: 'high',
    title: '`yaml.load` without a safe loader can construct arbitrary Python objects',
    fixTitle: 'Use `yaml.safe_load`',
    fixAvailability: 'sometimes',
    docs: {
      what: 'Reports PyYAML `yaml.load`/`yaml.load_all` with no `Loader` or an unsafe one (`Loader`, `CLoader`, `UnsafeLoader`, `FullLoader`), `yaml.unsafe_load`/`unsafe_load_all` and `yaml.full_load`/`full_load_all`; ruamel.yaml\'s legacy `ruamel.yaml.load` without a safe loader; and `.load` on a ruamel `YAML(typ="unsafe")` object. Not reported: `yaml.safe_load`, `Loader=yaml.SafeLoader`/`CSafeLoader`/`BaseLoader`, custom loader classes the engine cannot judge, and ruamel `YAML()` / `YAML(typ="rt" | "safe" | "base")` objects (a `yaml = YAML(...)` instance is not the PyYAML module). The call must resolve through an import of `yaml` / `ruamel.yaml`.',
      why: 'Non-safe PyYAML loaders (and ruamel\'s unsafe type) instantiate Python objects named in the document (`!!python/object/apply:os.system`), so a tampered params.yaml, pipeline spec or model card executes code (CWE-502, MITRE ATLAS AML.T0010). `FullLoader` still resolves `!!python/name` and similar tags and has had code-execution bypasses (CVE-2020-1747, CVE-2020-14343).',
      example: {
        bad: 'import yaml\n\nwith open("params.yaml") as f:\n    params = yaml.load(f, Loader=yaml.Loader)',
        good: 'import yaml\n\nwith open("params.yaml") as f:\n    params = yaml.safe_load(f)',
      },
      fixSafety: 'Replaces the call by `yaml.safe_load` / `yaml.safe_load_all` and drops the loader argument. Safe when no loader was given (PyYAML >= 6 rejects such calls; older versions differ only on `!!python/` tags). Unsafe when an unsafe loader or `unsafe_load`/`full_load` was named, since the author may rely on Python tags. No fix when `load` was imported bare, nor for ruamel `YAML(typ="unsafe")` (change the type to `"safe"` or `"rt"`).',
    },
    references: UNSAFE_DESERIALIZATION_REFERENCES,
  },
  // Every finding names one of these in the source (prefilter: the rule is skipped otherwise).
  requires: ['load'],
  check(ctx) {
    const { facts } = ctx;
    if (!facts.imports.has('yaml') && !facts.imports.has('ruamel')) return;
    for (const call of facts.calls) {
      const fn = moduleFunction(call, ctx);
      if (fn) {
        checkModuleFunction(ctx, call, fn.api, fn.fn);
        continue;
      }
      if (!call.method || !RUAMEL_YAML.loadMethods.has(call.method)) continue;
      const built = receiverConstruction(call, facts, RUAMEL_YAML.factory);
      if (!built?.some(unsafeType)) continue;
      ctx.report({
        node: call.node,
        message: `\`${call.callee ?? call.method}\` on a ruamel \`YAML(typ="unsafe")\` object ${MESSAGE_TAIL} Use \`YAML(typ="safe")\` (or the default round-trip loader).`,
        fixes: [],
      });
    }
  },
};
