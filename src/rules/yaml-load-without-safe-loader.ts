import { UNSAFE_DESERIALIZATION_REFERENCES } from './family-references';
import { lookupTable } from '../engine/lookup-table';
import type { Rule } from '../engine/rule';
import type { TextEdit } from '../engine/types';
import { dottedName } from '../engine/ast';
import { removeArgument } from '../engine/edits/call-arguments';

const SAFE = new Set(['SafeLoader', 'CSafeLoader', 'BaseLoader', 'CBaseLoader']);
const UNSAFE = new Set(['Loader', 'CLoader', 'UnsafeLoader', 'CUnsafeLoader', 'FullLoader', 'CFullLoader']);
const REPLACEMENT = lookupTable<string>({
  load: 'safe_load',
  load_all: 'safe_load_all',
  unsafe_load: 'safe_load',
  unsafe_load_all: 'safe_load_all',
});

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
      what: 'Reports `yaml.load`/`yaml.load_all` with no `Loader` or an unsafe one (`Loader`, `CLoader`, `UnsafeLoader`, `FullLoader`), and `yaml.unsafe_load`/`unsafe_load_all`. `yaml.safe_load` and `Loader=yaml.SafeLoader`/`CSafeLoader`/`BaseLoader` are fine.',
      why: 'Non-safe PyYAML loaders instantiate Python objects named in the document (`!!python/object/apply:os.system`), so a tampered params.yaml, pipeline spec or model card executes code (CWE-502, MITRE ATLAS AML.T0010).',
      example: {
        bad: 'with open("params.yaml") as f:\n    params = yaml.load(f, Loader=yaml.Loader)',
        good: 'with open("params.yaml") as f:\n    params = yaml.safe_load(f)',
      },
      fixSafety: 'Replaces the call by `yaml.safe_load` / `yaml.safe_load_all` and drops the loader argument. Safe when no loader was given (PyYAML >= 6 rejects such calls; older versions differ only on `!!python/` tags). Unsafe when an unsafe loader was named, since the author may rely on Python tags. No fix when `load` was imported bare.',
    },
    references: UNSAFE_DESERIALIZATION_REFERENCES,
  },
  check(ctx) {
    const { facts } = ctx;
    for (const call of facts.calls) {
      const q = call.qualified;
      if (!q || !/^yaml\.(load|load_all|unsafe_load|unsafe_load_all)$/.test(q)) continue;
      const method = q.slice('yaml.'.length);
      const loader = call.kwargs.get('Loader') ?? call.args[1];
      let explicitUnsafe = false;
      if (method.startsWith('unsafe_')) explicitUnsafe = true;
      else if (loader) {
        const name = dottedName(loader);
        if (!name) continue; // e.g. a loader built by a call: unknown
        const last = facts.imports.resolve(name).split('.').pop() ?? '';
        if (SAFE.has(last) || !UNSAFE.has(last)) continue;
        explicitUnsafe = true;
      } else if (call.hasSplat) continue;
      const edits: TextEdit[] = [];
      const attr = call.function.type === 'attribute' ? call.function.childForFieldName('attribute') : undefined;
      if (attr) {
        edits.push({ start: attr.startIndex, end: attr.endIndex, text: REPLACEMENT[method] ?? 'safe_load' });
        if (loader) {
          const node = call.kwargNodes.get('Loader') ?? loader;
          const removal = removeArgument(call, node);
          if (removal) edits.push(removal);
          else edits.length = 0;
        }
      }
      const what = loader ? `with the unsafe loader \`${loader.text}\`` : method.startsWith('unsafe_') ? '' : 'without a safe Loader';
      ctx.report({
        node: call.node,
        message: `\`${call.callee ?? q}\` ${what} can build arbitrary Python objects from \`!!python/\` tags, so a tampered YAML file runs code (CWE-502). Use \`yaml.safe_load\` (or \`Loader=yaml.SafeLoader\`).`.replace('`  can', '` can'),
        fixes: edits.length ? [{ title: `Use \`yaml.${REPLACEMENT[method]}\``, applicability: explicitUnsafe ? 'unsafe' : 'safe', edits }] : [],
      });
    }
  },
};
