// Knowledge for AUD001 kept as data: which calls read, download, register, promote or delete a
// model, per platform. src/rules/model-access-without-audit.ts reads these tables.
import type { Factory } from '../constructed-objects';

export const MLFLOW_CLIENT: Factory = { key: 'mlflow.client', names: ['MlflowClient'] };
export const HF_API: Factory = { key: 'hf.api', names: ['HfApi'] };

/** MLflow module functions that load, register, list or download models (`mlflow.<flavor>.load_model` is matched by shape). */
export const MLFLOW_FUNCTIONS: ReadonlySet<string> = new Set([
  'mlflow.register_model',
  'mlflow.artifacts.download_artifacts',
  'mlflow.pyfunc.spark_udf',
  'mlflow.search_registered_models',
  'mlflow.search_model_versions',
]);

/**
 * MlflowClient methods with MLflow-specific names: model-registry writes (stage, alias, delete,
 * create, copy) and reads (listing and looking up versions, which tells who looked at which model
 * and is how a serving job picks the version it then downloads).
 */
export const MLFLOW_CLIENT_METHODS: ReadonlySet<string> = new Set([
  'transition_model_version_stage',
  'delete_registered_model',
  'delete_model_version',
  'set_registered_model_alias',
  'delete_registered_model_alias',
  'create_model_version',
  'get_model_version_download_uri',
  'copy_model_version',
  'search_model_versions',
  'search_registered_models',
  'get_latest_versions',
  'get_model_version',
  'get_model_version_by_alias',
  'get_registered_model',
]);

/** MlflowClient methods whose names are generic: need a known client receiver. */
export const MLFLOW_CLIENT_GENERIC_METHODS: ReadonlySet<string> = new Set(['download_artifacts']);

/** Hugging Face Hub calls that publish or delete a repository's content, and that download from it. */
export const HF_PUBLISH: ReadonlySet<string> = new Set([
  'upload_folder', 'upload_file', 'upload_large_folder', 'create_repo', 'delete_repo', 'create_commit', 'delete_file', 'delete_folder',
  'create_tag', 'delete_tag', 'create_branch', 'delete_branch', 'update_repo_settings', 'move_repo', 'super_squash_history',
]);
/** Downloads and registry reads (which revisions exist, what a repository holds: how a release job picks what it ships). */
export const HF_DOWNLOAD: ReadonlySet<string> = new Set(['hf_hub_download', 'snapshot_download', 'list_repo_refs', 'list_repo_commits', 'list_repo_files', 'list_repo_tree', 'model_info']);
/**
 * Libraries whose objects publish a model with `.push_to_hub("org/name")` (a model, a trainer, a
 * pipeline). Tokenizers and processors ship with the model and datasets are PII002's exports.
 */
export const HF_PUSH_LIBRARIES: readonly string[] = ['transformers', 'peft', 'sentence_transformers', 'setfit', 'diffusers', 'timm', 'trl'];
export const HF_PUSH_NON_MODEL_RECEIVER = /(^|_)(ds|dset|data|datasets?|tokenizer|processor|feature_extractor|image_processor)s?($|_)/i;

/** MLflow `log_model` flavours register the logged model when given `registered_model_name=`. */
export const MLFLOW_REGISTERING_KEYWORD = 'registered_model_name';
/** `repo_type=` values that are not models: a dataset or Space repository is not model access. */
export const HF_NON_MODEL_REPO_TYPES: ReadonlySet<string> = new Set(['dataset', 'space']);

/**
 * SageMaker model classes (last segment, under `sagemaker.`): constructing one with model data or
 * a model id / package makes SageMaker fetch the artefact into a serving container.
 */
export const SAGEMAKER_MODEL_CLASSES: ReadonlySet<string> = new Set([
  'Model', 'PyTorchModel', 'SKLearnModel', 'HuggingFaceModel', 'TensorFlowModel', 'XGBoostModel', 'MXNetModel', 'ModelPackage',
  'JumpStartModel',
]);
/** Arguments that name the artefact for a SageMaker model class (positional index for `Model(image_uri, model_data)`). */
export const SAGEMAKER_MODEL_ARGS = { keywords: ['model_data', 'model_id', 'model_package_arn'], positional: 1 } as const;
/** SageMaker model-registry calls on a boto3 `sagemaker` client (model packages: list, approve, create, delete). */
export const SAGEMAKER_REGISTRY_METHODS: ReadonlySet<string> = new Set([
  'list_model_packages', 'describe_model_package', 'update_model_package', 'create_model_package', 'delete_model_package',
  'list_model_package_groups', 'describe_model_package_group', 'delete_model_package_group',
]);
/** SageMaker artefact downloads. */
export const SAGEMAKER_DOWNLOADS: ReadonlySet<string> = new Set(['sagemaker.s3.S3Downloader.download', 'sagemaker.s3.S3Downloader.read_file']);

/** Vertex AI model registry: getting, listing and uploading models (`google.cloud.aiplatform.` + these). */
export const VERTEX_MODEL_CALLS: ReadonlySet<string> = new Set(['Model', 'Model.list', 'Model.upload', 'models.Model', 'Model.upload_scikit_learn_model_file', 'Model.upload_xgboost_model_file', 'Model.upload_tensorflow_saved_model']);
export const VERTEX_MODULE = 'google.cloud.aiplatform.';

/** Keyword arguments that say what was accessed, for the inserted audit line (`name` becomes `model_name`). */
export const AUDIT_SUBJECT_KEYWORDS: readonly string[] = ['model_uri', 'artifact_uri', 'run_id', 'name', 'model_name', 'repo_id', 'model_data', 'model_id', 'model_package_arn', 's3_uri', 'filter_string', 'uri'];

/**
 * Model-file loaders (callee -> argument slot of the file or path). Loading such a file is model
 * access when the path names the production / serving model (PRODUCTION_MODEL_PATH): the serving
 * copy of a model trained on personal data, which audit trails must cover like a registry load.
 */
export const MODEL_FILE_LOADERS: ReadonlyMap<string, { position: number; keywords: readonly string[] }> = new Map([
  ['joblib.load', { position: 0, keywords: ['filename'] }],
  ['pickle.load', { position: 0, keywords: ['file'] }],
  ['cloudpickle.load', { position: 0, keywords: ['file'] }],
  ['dill.load', { position: 0, keywords: ['file'] }],
  ['torch.load', { position: 0, keywords: ['f'] }],
  ['tensorflow.keras.models.load_model', { position: 0, keywords: ['filepath'] }],
  ['keras.models.load_model', { position: 0, keywords: ['filepath'] }],
  ['keras.saving.load_model', { position: 0, keywords: ['filepath'] }],
  ['xgboost.Booster', { position: -1, keywords: ['model_file'] }],
  ['lightgbm.Booster', { position: -1, keywords: ['model_file'] }],
  ['catboost.CatBoost.load_model', { position: 0, keywords: ['fname'] }],
  ['onnxruntime.InferenceSession', { position: 0, keywords: ['path_or_bytes'] }],
  ['pyspark.ml.PipelineModel.load', { position: 0, keywords: ['path'] }],
  ['pyspark.ml.tuning.CrossValidatorModel.load', { position: 0, keywords: ['path'] }],
]);
/** A path segment or word naming the production / serving copy of a model. */
export const PRODUCTION_MODEL_PATH = /(^|[/_.-])(prod|production|champion|serving|live)([/_.-]|$)/i;

/**
 * Words of a file or table name that say it holds people (`crm.loyalty_members`,
 * `student_profiles.csv`, `participant_genotypes.parquet`): reading it is a personal-data access
 * even when the code never names a personal column.
 */
export const PEOPLE_SOURCE_WORDS: ReadonlySet<string> = new Set([
  'customer', 'customers', 'patient', 'patients', 'applicant', 'applicants', 'employee', 'employees', 'member', 'members',
  'user', 'users', 'claimant', 'claimants', 'student', 'students', 'candidate', 'candidates', 'participant', 'participants',
  'person', 'persons', 'people', 'subscriber', 'subscribers', 'borrower', 'borrowers', 'policyholder', 'policyholders',
  'client', 'clients', 'kyc', 'buyer', 'buyers', 'donor', 'donors', 'voter', 'voters', 'citizen', 'citizens', 'resident',
  'residents', 'beneficiary', 'beneficiaries', 'payroll', 'pupil', 'pupils', 'cardholder', 'cardholders', 'debtor', 'debtors',
  'tenant', 'tenants', 'guest', 'guests', 'passenger', 'passengers', 'driver', 'drivers', 'insured', 'contacts', 'leads',
  'player', 'players', 'shopper', 'shoppers', 'traveler', 'travelers', 'traveller', 'travellers', 'worker', 'workers',
  'learner', 'learners', 'recipient', 'recipients', 'caller', 'callers', 'rider', 'riders', 'householder', 'householders',
  // a loan / job / benefit application is one person's record
  'applications',
]);
/**
 * Words that name a log of activity (`sessions/`, `completed_trips`, `support_tickets`): such files
 * carry identifiers by nature, so their read is a personal-data load only when the read itself asks
 * for personal columns (usecols=, a SELECT list, a selection in the same statement), not when the
 * identifiers are found only by later uses.
 */
export const ACTIVITY_SOURCE_WORDS: ReadonlySet<string> = new Set([
  'event', 'events', 'session', 'sessions', 'transaction', 'transactions', 'txn', 'txns', 'trip', 'trips', 'ride', 'rides',
  'ticket', 'tickets', 'conversion', 'conversions', 'impression', 'impressions', 'click', 'clicks', 'clickstream',
  'install', 'installs', 'login', 'logins', 'encounter', 'encounters', 'order', 'orders', 'call', 'calls', 'cdr', 'cdrs',
  'message', 'messages', 'conversation', 'conversations', 'note', 'notes', 'log', 'logs', 'visit', 'visits',
  'booking', 'bookings', 'payment', 'payments', 'pageviews', 'interactions', 'telemetry',
]);
/** Words after a singular people word that keep it about the people (`customer_profile`, `participant_genotypes`), unlike `user_feature_idx`. */
export const PEOPLE_RECORD_WORDS: ReadonlySet<string> = new Set([
  'profile', 'profiles', 'master', 'register', 'registry', 'details', 'pii', 'contact', 'contacts', 'records', 'genotypes',
  'data', 'risk', 'list', 'demographics', 'info', 'snapshot', 'extract', 'base', 'accounts', 'history', 'leavers', 'joiners',
]);
