import type { Rule } from '../engine/rule';
import type { SyntaxNode } from '../engine/parser';
import { argument } from '../engine/facts';
import { stringOrConstant } from '../engine/constants';
import { COMMIT_HASH, directoriesWritten, hubDownloadOf, idPositionsOf, LOCAL_DATASET_BUILDERS, looksLikeHubId } from '../engine/models/hub';

// The rule page is generated from `meta.docs` (`mlguard rules --write-docs docs/rules`): one source.
export const hubDownloadWithoutPinnedRevision: Rule = {
  meta: {
    id: 'SUP001',
    name: 'hub-download-without-pinned-revision',
    family: 'SUP',
    defaultSeverity: 'warning',
    confidence: 'medium',
    title: 'Model or dataset downloaded from the Hub without a pinned commit revision',
    fixAvailability: 'none',
    docs: {
      what: 'Reports Hugging Face Hub downloads whose repository id is a literal (or a module constant) that names a Hub repository: `<Hub class>.from_pretrained(...)` (transformers, diffusers, peft, sentence-transformers and project classes in files that use them), `hf_hub_download`, `snapshot_download`, `datasets.load_dataset` (not the local `csv`/`json`/`parquet`... builders), `transformers.pipeline(model=...)` and `SentenceTransformer(...)`, when `revision=` is missing or is a literal that is not a 40-hex commit hash (`"main"`, `"v2.0"`). Ids computed at run time (`args.model_name_or_path`), local paths (also a bare name the same file writes as a directory: `save_pretrained("out")`, `os.makedirs("out")`, `output_dir="out"`), placeholders (`path-to-your-model`), `local_files_only=True`, non-literal revisions and calls with `**kwargs` are not reported.',
      why: 'A branch or tag is a moving pointer: a compromised account, a force-push or a new upload changes the weights, tokenizer, dataset rows or remote code your pipeline runs with no change in your code or lock files, and a later audit cannot say which artefact trained or served a model (OWASP ML06 AI supply chain, MITRE ATLAS AML.T0010, CWE-829, CWE-494; NIST AI RMF Map/Manage).',
      example: {
        bad: 'from datasets import load_dataset\nfrom transformers import AutoTokenizer\n\ntokenizer = AutoTokenizer.from_pretrained("acme/churn-bert")\nds = load_dataset("acme/support-tickets", revision="main")',
        good: 'from datasets import load_dataset\nfrom transformers import AutoTokenizer\n\nREVISION = "4f1c0e6d9a1b2c3d4e5f60718293a4b5c6d7e8f9"  # reviewed 2026-11-02\ntokenizer = AutoTokenizer.from_pretrained("acme/churn-bert", revision=REVISION)\nds = load_dataset("acme/support-tickets", revision="0a1b2c3d4e5f60718293a4b5c6d7e8f901234567")',
      },
      fixSafety: 'No automatic fix: the commit to pin is the one you reviewed (`huggingface_hub.HfApi().model_info(repo_id).sha` prints the current one), which a tool cannot choose for you.',
    },
    references: {
      cwe: ['CWE-829', 'CWE-494'],
      gdpr: [],
      nist: ['Map', 'Manage'],
      stride: ['Tampering'],
      owaspMl: ['ML06:2023 AI Supply Chain Attacks'],
      atlas: ['AML.T0010'],
    },
  },
  // Every download of models/hub.ts is a `.from_pretrained` or a qualified name of one of these
  // libraries, which its import names (prefilter).
  requires: ['from_pretrained', 'huggingface_hub', 'datasets', 'transformers'],
  check(ctx) {
    let written: Set<string> | undefined;
    for (const call of ctx.facts.calls) {
      const d = hubDownloadOf(call, ctx.facts.imports);
      if (!d) continue;
      if (call.kwargs.get('local_files_only')?.type === 'true') continue;
      const idNode = d.idKeywords.map((k) => call.kwargs.get(k)).find(Boolean) ?? idPositionsOf(call, d).map((i) => argument(call, i)).find(Boolean);
      const literal = (node: SyntaxNode | undefined): string | undefined => stringOrConstant(node, ctx.facts, call.scope);
      const id = literal(idNode);
      if (id === undefined || !looksLikeHubId(id)) continue;
      if (d.what === 'dataset' && LOCAL_DATASET_BUILDERS.has(id)) continue;
      // A directory this file saved or copied the model into (`save_pretrained("out")` ... `from_pretrained("out")`).
      written ??= directoriesWritten(ctx.facts.calls, (node, at) => stringOrConstant(node, ctx.facts, at.scope));
      if (written.has(id)) continue;
      const revisionNode = call.kwargs.get('revision');
      if (!revisionNode && call.hasSplat) continue;
      let problem: string;
      if (revisionNode) {
        const revision = literal(revisionNode);
        if (revision === undefined || COMMIT_HASH.test(revision)) continue;
        problem = `\`revision="${revision}"\` is a branch or tag, which moves`;
      } else problem = 'no `revision=` is given, so it downloads whatever the default branch holds today';
      ctx.report({
        node: revisionNode ?? call.node,
        message: `${d.what === 'dataset' ? 'Dataset' : d.what === 'model' ? 'Model' : 'Hub repository'} "${id}" is downloaded without a pinned commit: ${problem}. A compromised or updated repository changes what you train or serve without any change in your code (OWASP ML06). Pin \`revision="<40-hex commit>"\` of the revision you reviewed.`,
        related: revisionNode ? [{ node: call.node, message: 'the download' }] : [],
      });
    }
  },
};
