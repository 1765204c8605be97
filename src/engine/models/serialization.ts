// Library knowledge for the SER rules: which YAML entry points build arbitrary Python objects.
// Data only; the rules read it (src/rules/yaml-load-without-safe-loader.ts).
import { lookupTable } from '../lookup-table';

export interface YamlApi {
  /** Import-resolved module prefix (`yaml` for PyYAML, `ruamel.yaml` for ruamel's legacy functions). */
  module: string;
  /** Functions that are safe only with a safe `Loader` (positional index 1 or `Loader=`); no loader means unsafe. */
  loaderDependent: readonly string[];
  /** Functions that always construct Python objects. */
  alwaysUnsafe: readonly string[];
  /** Loader class names (last dotted segment) that build plain data only. */
  safeLoaders: ReadonlySet<string>;
  /** Loader class names known to build Python objects; any other (custom) loader is not judged. */
  unsafeLoaders: ReadonlySet<string>;
  /** The safe replacement of each reported function. */
  replacement: Readonly<Record<string, string | undefined>>;
}

/** PyYAML: `load`/`load_all` follow the loader; `full_load` uses FullLoader (python/name, python/tuple... tags, CVE-2020-1747/14343). */
export const PYYAML: YamlApi = {
  module: 'yaml',
  loaderDependent: ['load', 'load_all'],
  alwaysUnsafe: ['unsafe_load', 'unsafe_load_all', 'full_load', 'full_load_all'],
  safeLoaders: new Set(['SafeLoader', 'CSafeLoader', 'BaseLoader', 'CBaseLoader']),
  unsafeLoaders: new Set(['Loader', 'CLoader', 'UnsafeLoader', 'CUnsafeLoader', 'FullLoader', 'CFullLoader']),
  replacement: lookupTable({ load: 'safe_load', load_all: 'safe_load_all', unsafe_load: 'safe_load', unsafe_load_all: 'safe_load_all', full_load: 'safe_load', full_load_all: 'safe_load_all' }),
};

/** ruamel.yaml's legacy module functions (< 0.18): `load(stream)` without a Loader used the unsafe loader. */
export const RUAMEL_LEGACY: YamlApi = {
  module: 'ruamel.yaml',
  loaderDependent: ['load', 'load_all'],
  alwaysUnsafe: ['unsafe_load', 'unsafe_load_all'],
  safeLoaders: new Set(['SafeLoader', 'CSafeLoader', 'BaseLoader', 'CBaseLoader', 'RoundTripLoader']),
  unsafeLoaders: new Set(['Loader', 'CLoader', 'UnsafeLoader', 'CUnsafeLoader']),
  replacement: lookupTable({ load: 'safe_load', load_all: 'safe_load_all', unsafe_load: 'safe_load', unsafe_load_all: 'safe_load_all' }),
};

/**
 * ruamel.yaml's object API: `YAML(typ=...)` decides what `.load` builds. The default (`rt`), `safe`
 * and `base` build plain data; only `typ="unsafe"` (alone or in a list) constructs Python objects.
 */
export const RUAMEL_YAML = {
  factory: { key: 'ruamel.YAML', names: ['ruamel.yaml.YAML', 'ruamel.yaml.main.YAML'] },
  loadMethods: new Set(['load', 'load_all']),
  unsafeTypes: new Set(['unsafe']),
} as const;
