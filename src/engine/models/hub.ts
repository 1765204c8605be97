// Library knowledge for the supply-chain rules (SUP*): which calls download a model or dataset
// from the Hugging Face Hub, where their repository id and revision are, and which names are
// local builders or paths rather than Hub repositories.
import type { CallFact, Imports } from '../facts';
import type { SyntaxNode } from '../parser';

export interface HubDownload {
  /** How the call is recognised: a qualified name, or `.method` on any receiver of a Hub library. */
  callee: string;
  /** Positions the repository id may take (PeftModel.from_pretrained(model, "org/adapter")). */
  idPositions: number[];
  /** Keyword of the repository id. */
  idKeywords: string[];
  what: 'model' | 'dataset' | 'repository';
}

/** SUP001's `requires` lists what each of these names in the source: keep it in step. */
export const HUB_DOWNLOADS: readonly HubDownload[] = [
  { callee: '.from_pretrained', idPositions: [0], idKeywords: ['pretrained_model_name_or_path', 'model_id', 'repo_id'], what: 'model' },
  { callee: 'huggingface_hub.hf_hub_download', idPositions: [0], idKeywords: ['repo_id'], what: 'repository' },
  { callee: 'huggingface_hub.snapshot_download', idPositions: [0], idKeywords: ['repo_id'], what: 'repository' },
  { callee: 'datasets.load_dataset', idPositions: [0], idKeywords: ['path'], what: 'dataset' },
  { callee: 'transformers.pipeline', idPositions: [], idKeywords: ['model'], what: 'model' },
  { callee: 'sentence_transformers.SentenceTransformer', idPositions: [0], idKeywords: ['model_name_or_path'], what: 'model' },
];

/** `Model.from_pretrained` of these libraries takes `revision=` and downloads from the Hub. */
export const HUB_LIBRARIES: readonly string[] = ['transformers', 'diffusers', 'peft', 'huggingface_hub', 'sentence_transformers', 'optimum', 'trl', 'datasets', 'accelerate'];

/**
 * `PeftModel.from_pretrained(base_model, "org/adapter")`: the id is the second argument. Not
 * `AutoPeftModel*.from_pretrained("org/adapter", adapter_name, is_trainable)`, whose id comes first.
 */
const SECOND_ARGUMENT_ID = /(^|\.)(PeftModel|PeftModelFor\w+)\.from_pretrained$/;

/** `datasets.load_dataset` packaged builders that read local or given files, not a Hub repository. */
export const LOCAL_DATASET_BUILDERS: ReadonlySet<string> = new Set(['csv', 'json', 'parquet', 'text', 'arrow', 'pandas', 'sql', 'generator', 'imagefolder', 'audiofolder', 'videofolder', 'webdataset', 'xml', 'spark', 'cache', 'folder_based_builder']);

/** A full commit hash: the only revision that cannot move under you. */
export const COMMIT_HASH = /^[0-9a-f]{40}$/;

/** File extensions that mark a local file rather than a repository id. */
const FILE_EXTENSION = /\.(bin|pt|pth|ckpt|safetensors|json|ya?ml|txt|csv|tsv|parquet|jsonl|h5|onnx|pkl|py|zip|gz|tar|model|arrow)$/i;

/** Placeholders that stand for the user's own path or repository (`path-to-your-trained-model`). */
const PLACEHOLDER = /(^|[-_/])(path[-_]to|your)([-_/]|$)/i;

/** Whether a literal names a Hub repository (`gpt2`, `org/name`) rather than a local path. */
export function looksLikeHubId(value: string): boolean {
  if (!/^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)?$/.test(value)) return false;
  return !FILE_EXTENSION.test(value) && !/^\.+$/.test(value) && !PLACEHOLDER.test(value);
}

/** Calls whose first argument is a directory the file writes: `save_pretrained("out")`, `os.makedirs("out")`. */
const WRITES_DIRECTORY = new Set(['save_pretrained', 'save_model', 'save_to_disk', 'makedirs', 'mkdir', 'copytree']);

/**
 * Literal directories this file writes a model or dataset into (`model.save_pretrained("out")`,
 * `os.makedirs("out")`, `TrainingArguments(output_dir="out")`, `snapshot_download(..., local_dir="out")`,
 * `fs.get(remote, "out", recursive=True)`, `shutil.copytree(src, "out")`): a later
 * `from_pretrained("out")` loads that directory, not a Hub repository.
 */
export function directoriesWritten(calls: readonly CallFact[], literal: (node: SyntaxNode | undefined, call: CallFact) => string | undefined): Set<string> {
  const dirs = new Set<string>();
  const add = (node: SyntaxNode | undefined, call: CallFact): void => {
    const value = literal(node, call);
    if (value !== undefined) dirs.add(value.replace(/\/+$/, ''));
  };
  for (const call of calls) {
    const m = call.method ?? '';
    if (WRITES_DIRECTORY.has(m)) add(m === 'copytree' ? call.args[1] ?? call.kwargs.get('dst') : call.args[0] ?? call.kwargs.get('save_directory') ?? call.kwargs.get('name'), call);
    if (m === 'get' && call.kwargs.has('recursive')) add(call.args[1] ?? call.kwargs.get('lpath'), call);
    for (const k of ['output_dir', 'local_dir']) if (call.kwargs.has(k)) add(call.kwargs.get(k), call);
  }
  return dirs;
}

/**
 * The table entry for a call, if it is a Hub download. `.from_pretrained` counts on a Hub
 * library's class, and on a project class or computed class (`MODEL_CLASSES[t].from_pretrained`)
 * in a file that imports a Hub library; not on other libraries' classes (efficientnet_pytorch).
 */
export function hubDownloadOf(call: CallFact, imports: Imports): HubDownload | undefined {
  const q = call.qualified ?? '';
  const root = q.split('.')[0];
  for (const d of HUB_DOWNLOADS) {
    if (d.callee.startsWith('.')) {
      if (call.method !== d.callee.slice(1) || !call.receiver) continue;
      if (HUB_LIBRARIES.includes(root)) return d;
      const localRoot = (call.callee ?? '').split('.')[0];
      if (localRoot && imports.bindsLocal(localRoot)) continue; // another library's class
      if (HUB_LIBRARIES.some((m) => imports.has(m))) return d;
      continue;
    }
    const last = d.callee.split('.').pop();
    if (q === d.callee || (root === d.callee.split('.')[0] && q.endsWith(`.${last}`))) return d;
  }
  return undefined;
}

/** Positions of the repository id for this particular call. */
export function idPositionsOf(call: CallFact, d: HubDownload): number[] {
  return SECOND_ARGUMENT_ID.test(call.qualified ?? '') ? [1] : d.idPositions;
}
