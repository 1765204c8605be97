// Library knowledge for the serving rules (SRV*): how FastAPI and Flask declare routes and
// authentication, which calls run a model, and how an MLflow tracking server is started.
import { lookupTable } from '../lookup-table';

/** Constructors of web applications and routers, by qualified name. */
export const APP_FACTORIES = lookupTable<'fastapi' | 'flask'>({
  'fastapi.FastAPI': 'fastapi',
  'fastapi.APIRouter': 'fastapi',
  'fastapi.routing.APIRouter': 'fastapi',
  'flask.Flask': 'flask',
  'flask.Blueprint': 'flask',
  'quart.Quart': 'flask',
  'quart.Blueprint': 'flask',
});

/** Decorator methods that register a route (`@app.post("/predict")`, `@bp.route(...)`). */
export const ROUTE_METHODS: ReadonlySet<string> = new Set(['get', 'post', 'put', 'patch', 'delete', 'route', 'api_route', 'websocket']);

/**
 * Names (of a dependency, decorator, middleware or hook) that say "authentication": `Depends(get_current_user)`,
 * `Security(oauth2_scheme)`, `@login_required`, `@jwt_required()`, `@auth.login_required`, `@requires_auth`,
 * `verify_api_key`, `HTTPBearer`.
 */
export const AUTH_NAME = /auth|login|jwt|token|api_?key|apikey|secur|current_user|get_user|verify|credential|oauth|bearer|permission|principal|protected|require|session_user|signature|guard/i;

/** Status codes a handler sends when it checks credentials itself. */
export const AUTH_FAILURE_STATUS = /\b(401|403|HTTP_401_UNAUTHORIZED|HTTP_403_FORBIDDEN|Unauthorized|Forbidden)\b/;

/** Methods that run a model on a request's input. */
export const PREDICT_METHODS: ReadonlySet<string> = new Set(['predict', 'predict_proba', 'predict_log_proba', 'decision_function', 'generate', 'transform_predict', 'infer', 'inference', 'run']);

/** Methods whose name alone says "model" (`.predict`): any receiver. The others need a model-like receiver. */
export const UNAMBIGUOUS_PREDICT: ReadonlySet<string> = new Set(['predict', 'predict_proba', 'predict_log_proba']);

/** Names (last segment) of an object that holds a model: `model`, `self.model`, `clf`, `pipe`, `llm`, `sentiment_model`. */
const MODEL_NAME = /^_?(model|clf|classifier|regressor|estimator|predictor|pipe|pipeline|generator|llm|nlp|net|ml_model|ort_session|onnx_session|booster|\w+_(model|clf|classifier|regressor|estimator|pipeline|pipe|predictor|generator|llm|session))$/i;
/** Functions that make or fetch a model rather than run it (`get_model()`, `load_model()`). */
const MODEL_FACTORY_NAME = /^_?(get|load|build|create|init|make|train|save|fit|register|download|fetch|set|update|reload)_/i;

export function isModelName(name: string): boolean {
  return MODEL_NAME.test(name) && !MODEL_FACTORY_NAME.test(name);
}

/** Loading calls that produce a model (used to recognise receivers bound from them). */
export const MODEL_LOADERS = /(^|\.)(load|load_model|from_pretrained|pipeline|InferenceSession|Booster|load_learner|SentenceTransformer|YOLO|LLM)$/;

/** The MLflow CLI options that enable authentication. */
export const MLFLOW_AUTH_APP = 'basic-auth';

/** Addresses that listen on every interface. */
export const ALL_INTERFACES: ReadonlySet<string> = new Set(['0.0.0.0', '::', '[::]', '*']);

/** Calls that start a process from an argument list or a shell command. */
export const PROCESS_CALLS: ReadonlySet<string> = new Set(['subprocess.run', 'subprocess.Popen', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'os.system', 'os.popen', 'os.execvp', 'os.execlp']);
