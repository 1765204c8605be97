import type { Rule } from '../engine/rule';
import type { SyntaxNode } from '../engine/parser';
import type { CallFact, FileFacts } from '../engine/facts';
import type { MlguardConfig } from '../engine/config';
import { dottedName, enclosingStatement, stringValue } from '../engine/ast';
import { auditFixEdits, auditFixTitle, hasAuditInScope } from '../engine/audit';
import { receiverConstruction, type Factory } from '../engine/constructed-objects';
import {
  AUDIT_SUBJECT_KEYWORDS,
  HF_API,
  HF_DOWNLOAD,
  HF_NON_MODEL_REPO_TYPES,
  HF_PUBLISH,
  HF_PUSH_LIBRARIES,
  HF_PUSH_NON_MODEL_RECEIVER,
  MLFLOW_CLIENT,
  MLFLOW_CLIENT_GENERIC_METHODS,
  MLFLOW_CLIENT_METHODS,
  MLFLOW_FUNCTIONS,
  MLFLOW_REGISTERING_KEYWORD,
  MODEL_FILE_LOADERS,
  PRODUCTION_MODEL_PATH,
  SAGEMAKER_DOWNLOADS,
  SAGEMAKER_MODEL_ARGS,
  SAGEMAKER_MODEL_CLASSES,
  SAGEMAKER_REGISTRY_METHODS,
  VERTEX_MODEL_CALLS,
  VERTEX_MODULE,
} from '../engine/models/audit';
import { modelFilePath } from '../engine/model-file-load';
import { dataframeFacts } from '../engine/facts/dataframes';

function receiverIs(call: CallFact, facts: FileFacts, factory: Factory): boolean {
  return receiverConstruction(call, facts, factory) !== undefined;
}

/** A receiver that is data, not a model: a frame or dataset the data-flow knows, or one named or built as such. */
function datasetReceiver(receiver: SyntaxNode, facts: FileFacts): boolean {
  const name = receiver.type === 'call' ? dottedName(receiver.childForFieldName('function')) : dottedName(receiver);
  if (receiver.type === 'call' && /(^|\.)(Dataset|DatasetDict)(\.|$)/.test(name ?? '')) return true;
  if (HF_PUSH_NON_MODEL_RECEIVER.test(name?.split('.').pop() ?? '')) return true;
  return dataframeFacts(facts).valueAt(receiver)?.kind === 'frame';
}

/** `repo_type="dataset"` / `"space"`: a Hub call about a non-model repository. */
function nonModelRepo(call: CallFact): boolean {
  const type = stringValue(call.kwargs.get('repo_type'));
  return type !== undefined && HF_NON_MODEL_REPO_TYPES.has(type);
}

function configuredMatch(name: string | undefined, ops: readonly string[]): string | undefined {
  if (!name) return undefined;
  return ops.find((op) => op && (name === op || name.endsWith(`.${op}`)));
}

/** The operation's display name when the call is sensitive model access, else undefined. */
function importedPlatforms(facts: FileFacts): { mlflow: boolean; azureV1: boolean; azureV2: boolean; wandb: boolean } {
  return facts.memo('aud001.platforms', () => ({
    mlflow: facts.imports.has('mlflow'),
    azureV1: facts.imports.has('azureml.core'),
    azureV2: facts.imports.has('azure.ai.ml'),
    wandb: facts.imports.has('wandb'),
  }));
}

export function modelAccessOperation(call: CallFact, facts: FileFacts, config: MlguardConfig): string | undefined {
  const q = call.qualified ?? '';
  const method = call.method ?? '';
  const platforms = importedPlatforms(facts);
  const configured = configuredMatch(call.qualified, config.audit.sensitiveOperations) ?? configuredMatch(call.callee, config.audit.sensitiveOperations);
  if (configured) return call.callee ?? configured;
  // MLflow module functions.
  if (q.startsWith('mlflow.')) {
    if (/^mlflow\.[a-z_0-9]+\.(load_model|load_pyfunc)$/.test(q) && !q.startsWith('mlflow.models.')) return q;
    if (MLFLOW_FUNCTIONS.has(q)) return q;
    // `mlflow.xgboost.log_model(m, "model", registered_model_name="scorecard")` registers a version
    if (/^mlflow\.[a-z_0-9]+\.log_model$/.test(q) && call.kwargs.has(MLFLOW_REGISTERING_KEYWORD)) return `${q}(registered_model_name=...)`;
  }
  if (platforms.mlflow) {
    if (MLFLOW_CLIENT_METHODS.has(method) && call.receiver && !q.startsWith('mlflow.')) return `MlflowClient.${method}`;
    // Generic names need a known client (assigned from MlflowClient(...), annotated) or a client-named receiver.
    if (MLFLOW_CLIENT_GENERIC_METHODS.has(method) && (receiverIs(call, facts, MLFLOW_CLIENT) || /(^|[._])(mlflow_?)?client$/i.test(dottedName(call.receiver) ?? ''))) {
      return `MlflowClient.${method}`;
    }
  }
  // SageMaker: a model built from model data / a model id is fetched into serving; S3Downloader downloads artefacts.
  if (q.startsWith('sagemaker.')) {
    if (SAGEMAKER_DOWNLOADS.has(q)) return q.replace(/^sagemaker\.s3\./, '');
    const last = q.split('.').pop() ?? '';
    if (SAGEMAKER_MODEL_CLASSES.has(last) && (SAGEMAKER_MODEL_ARGS.keywords.some((k) => call.kwargs.has(k)) || (last === 'Model' && call.args[SAGEMAKER_MODEL_ARGS.positional]))) return `sagemaker ${last}`;
  }
  // SageMaker model registry through boto3 (`sm = boto3.client("sagemaker")`; `sm.update_model_package(...)`)
  if (SAGEMAKER_REGISTRY_METHODS.has(method) && call.receiver && facts.imports.has('boto3')) return `sagemaker.${method}`;
  // Vertex AI model registry: aiplatform.Model(name), Model.list(...), Model.upload(...).
  if (q.startsWith(VERTEX_MODULE) && VERTEX_MODEL_CALLS.has(q.slice(VERTEX_MODULE.length))) return `aiplatform.${q.slice(VERTEX_MODULE.length)}`;
  // Azure ML v1 (`Model.register`, `Model.download`) and v2 (`ml_client.models.create_or_update`).
  if (/^azureml\.core(\.model)?\.Model\.(register|download)$/.test(q)) return `Model.${method}`;
  if (platforms.azureV1 && /(^|\.)Model$/.test(call.receiver ? facts.imports.resolveNode(call.receiver) ?? '' : '') && ['register', 'download'].includes(method)) {
    return `Model.${method}`;
  }
  if (platforms.azureV2 && ['create_or_update', 'download'].includes(method) && call.receiver?.type === 'attribute' && call.receiver.childForFieldName('attribute')?.text === 'models') {
    return `models.${method}`;
  }
  // Weights & Biases model registry.
  if (platforms.wandb) {
    if (['use_model', 'link_model'].includes(method) && call.receiver) return `wandb.${method}`;
    if (method === 'use_artifact' || (method === 'artifact' && call.receiver)) {
      const type = stringValue(call.kwargs.get('type') ?? call.args[1]);
      const name = stringValue(call.args[0] ?? call.kwargs.get('artifact_or_name') ?? call.kwargs.get('name')) ?? '';
      if (type === 'model' || (type === undefined && /model-registry\/|(^|[/_-])models?(:|$)|[-_]model:/i.test(name))) return `wandb.${method}`;
    }
  }
  // The production / serving model file (`joblib.load("/models/prod/scorer.joblib")`).
  if (MODEL_FILE_LOADERS.has(q)) {
    const path = modelFilePath(call, facts);
    return path !== undefined && PRODUCTION_MODEL_PATH.test(path) ? q : undefined;
  }
  // Hugging Face Hub publishing and model downloads; dataset and Space repositories are not model access.
  if (HF_PUBLISH.has(method) || HF_DOWNLOAD.has(method)) {
    if (nonModelRepo(call)) return undefined;
    if (q === `huggingface_hub.${method}`) return q;
    if (receiverIs(call, facts, HF_API)) return `HfApi.${method}`;
  }
  // `model.push_to_hub("org/name")` / `trainer.push_to_hub()` publishes a model
  // (a dataset, a frame or a `Dataset.from_pandas(...)` is PII002's export, not a model)
  if (method === 'push_to_hub' && call.receiver && HF_PUSH_LIBRARIES.some((lib) => facts.imports.has(lib)) && !datasetReceiver(call.receiver, facts)) {
    return `${dottedName(call.receiver) ?? 'model'}.push_to_hub`;
  }
  return undefined;
}

/** What the access is about, for the audit line: a known keyword argument, else the positional one. */
function subjectOf(call: CallFact): { subject?: SyntaxNode; key: string } {
  const method = call.method ?? '';
  // `extra` keys must not clash with LogRecord attributes (`name`, `msg`, ...): `name` becomes model_name.
  for (const k of AUDIT_SUBJECT_KEYWORDS) {
    const v = call.kwargs.get(k);
    if (v) return { subject: v, key: k === 'name' ? 'model_name' : k };
  }
  if (method === 'spark_udf') return { subject: call.args[1], key: 'model_uri' };
  if (method === 'Model' && call.qualified?.startsWith('sagemaker.')) return { subject: call.args[SAGEMAKER_MODEL_ARGS.positional], key: 'model_data' };
  const key = /load_model|load_pyfunc|register_model/.test(method)
    ? 'model_uri'
    : SAGEMAKER_DOWNLOADS.has(call.qualified ?? '')
      ? 's3_uri'
      : HF_PUBLISH.has(method) || HF_DOWNLOAD.has(method)
        ? 'repo_id'
        : method === 'download_artifacts'
      ? call.qualified === 'mlflow.artifacts.download_artifacts' ? 'artifact_uri' : 'run_id'
      : ['use_artifact', 'artifact', 'use_model', 'link_model'].includes(method)
        ? 'artifact'
        : 'model_name';
  return { subject: call.args[0], key };
}

export const modelAccessWithoutAudit: Rule = {
  meta: {
    id: 'AUD001',
    name: 'model-access-without-audit',
    family: 'AUD',
    defaultSeverity: 'warning',
    confidence: 'medium',
    title: 'Model registry or artifact access without an audit record in the same function',
    fixTitle: 'Insert an audit log call before the model access',
    fixAvailability: 'sometimes',
    docs: {
      what: 'Reports model access in a function or module-level code that makes no audit call: MLflow loads (`mlflow.<flavor>.load_model` / `load_pyfunc`, `spark_udf`), registration (`register_model`, `mlflow.<flavor>.log_model(..., registered_model_name=...)`), artifact downloads, stage / alias transitions and deletions, and model-registry reads (`search_model_versions`, `search_registered_models`, `get_latest_versions`, `get_model_version`, `get_model_version_by_alias`, `get_registered_model`, e.g. in a helper that polls for a version to become ready); Azure ML `Model.register` / `download` and `ml_client.models.*`; the W&B model registry; SageMaker model classes built from model data, a model id or package (`PyTorchModel(model_data=...)`, `Model(image, model_data)`, `JumpStartModel`, `ModelPackage`) and `S3Downloader.download`; the SageMaker model registry through a boto3 client (`list_model_packages`, `describe_model_package`, `update_model_package` approvals, create / delete); Vertex AI `aiplatform.Model(...)`, `Model.list`, `Model.upload`; Hugging Face Hub model downloads and registry reads (`hf_hub_download`, `snapshot_download`, `list_repo_refs`, `list_repo_commits`, `list_repo_files`, `model_info`) and publishing (`upload_folder`, `upload_file`, `create_repo`, `delete_repo`, `create_commit`, tags and branches, and `model.push_to_hub(...)` / `trainer.push_to_hub()` of a transformers / peft / sentence-transformers object; a dataset\'s `push_to_hub` is PII002\'s export), except for `repo_type="dataset"` / `"space"` repositories; loads of the production / serving model file (`joblib.load`, `pickle.load` of a file opened from it, `torch.load`, Keras `load_model`, XGBoost / LightGBM `Booster(model_file=...)`, ONNX Runtime sessions, Spark `PipelineModel.load`) whose path, constant or env-lookup default names it (`prod`, `production`, `champion`, `serving`, `live` as a path segment or word); plus configured operations. The platform tables are data (src/engine/models/audit.ts). An audit call is a call with `audit` in its dotted name, a method of a logger from `logging.getLogger("...audit...")`, an access-log call (`record_access`, `log_access`, `access_log.info`), a configured `audit.functions` name, or a same-file helper whose body only records audit events. An audit decorator on the function or an audit call in an enclosing function also counts.',
      why: 'Models trained on personal data are processing assets: controllers must be able to show who accessed, promoted or deleted which model version (GDPR Art. 5(2) accountability, Art. 30 records of processing, Art. 32 security; EU AI Act Art. 12 logging). Without an audit record, model exfiltration or an unauthorised promotion to Production leaves no trace (STRIDE repudiation).',
      example: {
        bad: 'def load_champion(uri):\n    return mlflow.pyfunc.load_model(uri)',
        good: 'def load_champion(uri):\n    audit_log.info("model access: mlflow.pyfunc.load_model", extra={"model_uri": uri})\n    return mlflow.pyfunc.load_model(uri)',
      },
      fixSafety: 'Safe: the fix inserts one log line before the statement (the configured `audit.fix-function`, default `audit_log.info`) and, when that name is not bound in the file, `import logging` and `audit_log = logging.getLogger("audit")` after the imports. It does not change what is loaded. Unsafe when the access is in an `if`/`while`/`with` header, where the log runs once before the statement. No fix when the statement shares its line with other code.',
    },
    references: {
      cwe: ['CWE-778'],
      gdpr: ['Art. 5(2)', 'Art. 30', 'Art. 32'],
      nist: ['Govern', 'Manage'],
      stride: ['Repudiation'],
      owaspMl: ['ML05:2023 Model Theft'],
      atlas: ['AML.T0024'],
    },
  },
  check(ctx) {
    const { facts, config } = ctx;
    const audited = new Map<number, boolean>();
    for (const call of facts.calls) {
      const op = modelAccessOperation(call, facts, config);
      if (!op) continue;
      const scopeKey = call.scope?.id ?? -1;
      if (!audited.has(scopeKey)) audited.set(scopeKey, hasAuditInScope(call.scope, facts, config));
      if (audited.get(scopeKey)) continue;
      const where = call.scope ? `function \`${call.scope.childForFieldName('name')?.text ?? '?'}\`` : 'this module-level code';
      const statement = enclosingStatement(call.node);
      const { subject, key } = subjectOf(call);
      const fix = auditFixEdits(ctx, statement, { what: 'model access', operation: op, subject, subjectKey: key, call: call.node });
      ctx.report({
        node: call.node,
        message: `\`${op}\` accesses a model but ${where} records no audit event: without it, who loaded or changed this model cannot be shown (GDPR Art. 5(2) accountability, Art. 30). Add an audit call such as \`${config.audit.fixFunction}(...)\` before it.`,
        fixes: fix ? [{ title: auditFixTitle(config, 'Record the model access in the audit log'), applicability: fix.applicability, edits: fix.edits }] : [],
      });
    }
  },
};
