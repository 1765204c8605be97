import type { Rule, RuleContext } from '../engine/rule';
import type { SyntaxNode } from '../engine/parser';
import type { CallFact } from '../engine/facts';
import { dottedName, stringValue } from '../engine/ast';
import { classifySecretName } from '../engine/secrets';
import { APP_FACTORIES, AUTH_FAILURE_STATUS, AUTH_NAME, isModelName, MODEL_LOADERS, PREDICT_METHODS, ROUTE_METHODS, UNAMBIGUOUS_PREDICT } from '../engine/models/serving';

/** Whether a dependency list (or decorator) names auth, also through a variable (`read_access = Depends(require_roles(...))`). */
function namesAuth(node: SyntaxNode, ctx: RuleContext): boolean {
  if (AUTH_NAME.test(node.text)) return true;
  const ids = node.type === 'identifier' ? [node] : node.descendantsOfType('identifier').filter((n): n is SyntaxNode => !!n);
  return ids.some((id) => ctx.facts.assignments.some((a) => a.left.type === 'identifier' && a.left.text === id.text && !!a.right && AUTH_NAME.test(a.right.text)));
}

interface App {
  kind: 'fastapi' | 'flask';
  protectedAll: boolean;
}

/** Web apps and routers bound in the file (`app = FastAPI(...)`, `bp = Blueprint(...)`). */
function appsOf(ctx: RuleContext): Map<string, App> {
  const apps = new Map<string, App>();
  for (const a of ctx.facts.assignments) {
    if (a.right?.type !== 'call' || (a.left.type !== 'identifier' && a.left.type !== 'attribute')) continue;
    const kind = APP_FACTORIES[ctx.facts.imports.resolveNode(a.right.childForFieldName('function')) ?? ''];
    if (!kind) continue;
    const deps = a.right.childForFieldName('arguments')?.namedChildren.find((k) => k?.type === 'keyword_argument' && k.childForFieldName('name')?.text === 'dependencies');
    apps.set(a.left.text, { kind, protectedAll: !!deps && namesAuth(deps, ctx) });
  }
  for (const call of ctx.facts.calls) {
    const recv = call.receiver ? dottedName(call.receiver) : undefined;
    if (!recv || !apps.has(recv)) continue;
    // app.include_router(router, dependencies=[Depends(verify_token)])
    if (call.method === 'include_router') {
      const deps = call.kwargs.get('dependencies');
      const router = call.args[0] ? dottedName(call.args[0]) : undefined;
      const app = router ? apps.get(router) : undefined;
      if (app && deps && namesAuth(deps, ctx)) app.protectedAll = true;
    }
    // app.add_middleware(AuthenticationMiddleware, backend=...) / app.before_request(check_token)
    if ((call.method === 'add_middleware' || call.method === 'before_request' || call.method === 'middleware') && AUTH_NAME.test(call.node.text)) markAll(apps);
  }
  return apps;
}

function markAll(apps: Map<string, App>): void {
  for (const app of apps.values()) app.protectedAll = true;
}

/** Decorator expressions of a function definition. */
function decoratorsOf(fn: SyntaxNode): SyntaxNode[] {
  const parent = fn.parent;
  if (parent?.type !== 'decorated_definition') return [];
  return parent.namedChildren.filter((d): d is SyntaxNode => d?.type === 'decorator').map((d) => d.namedChildren[0]).filter((e): e is SyntaxNode => !!e);
}

/** `@app.post("/predict")` -> the app name, method and path. */
function routeOf(decorator: SyntaxNode, apps: Map<string, App>): { app: string; method: string; path?: string; call: SyntaxNode } | undefined {
  if (decorator.type !== 'call') return undefined;
  const fn = decorator.childForFieldName('function');
  if (fn?.type !== 'attribute') return undefined;
  const method = fn.childForFieldName('attribute')?.text ?? '';
  const app = dottedName(fn.childForFieldName('object'));
  if (!app || !apps.has(app) || !ROUTE_METHODS.has(method)) return undefined;
  const args = decorator.childForFieldName('arguments')?.namedChildren ?? [];
  const first = args.find((a) => a && a.type !== 'comment');
  // Flask `@app.route(path, methods=["POST"])`: the first listed method, GET by default.
  const methods = args.find((k) => k?.type === 'keyword_argument' && k.childForFieldName('name')?.text === 'methods')?.childForFieldName('value');
  const verb = method === 'route' || method === 'api_route' ? (stringValue(methods?.namedChildren[0]) ?? 'GET') : method;
  return { app, method: verb, path: stringValue(first), call: decorator };
}

/** App-wide hooks: `@app.before_request` (Flask) or `@app.middleware("http")` with an auth name or a 401. */
function hasAuthHook(ctx: RuleContext, apps: Map<string, App>): boolean {
  for (const f of ctx.facts.functions) {
    for (const d of decoratorsOf(f.node)) {
      const target = d.type === 'call' ? d.childForFieldName('function') : d;
      const name = dottedName(target) ?? '';
      const [obj, hook] = [name.slice(0, name.lastIndexOf('.')), name.slice(name.lastIndexOf('.') + 1)];
      if (!apps.has(obj) || (hook !== 'before_request' && hook !== 'middleware' && hook !== 'before_app_request')) continue;
      if (AUTH_NAME.test(f.name) || AUTH_FAILURE_STATUS.test(f.body.text) || AUTH_NAME.test(f.body.text)) return true;
    }
  }
  return false;
}

/** Whether the handler authenticates: auth dependency, decorator, credential parameter, or a 401/403 check. */
function authenticates(ctx: RuleContext, fn: SyntaxNode, body: SyntaxNode, route: { call: SyntaxNode }, decorators: SyntaxNode[], calls: CallFact[]): boolean {
  const routeDeps = route.call.childForFieldName('arguments')?.namedChildren.find((k) => k?.type === 'keyword_argument' && k.childForFieldName('name')?.text === 'dependencies');
  if (routeDeps && (namesAuth(routeDeps, ctx) || dependsOnCheckingFunction(routeDeps.text, ctx, 0))) return true;
  if (decorators.some((d) => d.id !== route.call.id && AUTH_NAME.test(d.text))) return true;
  return checksCredentials(ctx, fn, body, calls, 0);
}

/** Parameters, body and calls of a handler or dependency that take or check credentials. */
function checksCredentials(ctx: RuleContext, fn: SyntaxNode, body: SyntaxNode, calls: CallFact[], depth: number): boolean {
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!p) continue;
    const text = p.text;
    if (/\bSecurity\s*\(/.test(text) || (/\bDepends\s*\(/.test(text) && AUTH_NAME.test(text.slice(text.indexOf('Depends')))) || /\b(HTTPAuthorizationCredentials|HTTPBasicCredentials|OAuth2PasswordRequestForm)\b/.test(text)) return true;
    if (dependsOnCheckingFunction(text, ctx, depth)) return true;
    const value = p.childForFieldName('value');
    if (value?.type === 'identifier' && namesAuth(value, ctx)) return true; // `user=read_access`
    const name = (p.type === 'identifier' ? p : (p.childForFieldName('name') ?? p.namedChildren[0]))?.text ?? '';
    if (classifySecretName(name) || /^(x_)?(api_key|apikey|authorization|token|current_user|user)$/i.test(name)) return true;
  }
  if (AUTH_FAILURE_STATUS.test(body.text)) return true;
  return calls.some((c) => AUTH_NAME.test(c.callee ?? '') && !/tokeni[sz]/i.test(c.callee ?? ''));
}

/** `Depends(caller)` where `caller` is a function of this file that itself checks credentials (two levels deep). */
function dependsOnCheckingFunction(text: string, ctx: RuleContext, depth: number): boolean {
  if (depth > 1) return false;
  for (const m of text.matchAll(/\b(?:Depends|Security)\s*\(\s*([A-Za-z_]\w*)/g)) {
    const dep = ctx.facts.functions.find((f) => f.name === m[1]);
    if (dep && checksCredentials(ctx, dep.node, dep.body, dep.calls, depth + 1)) return true;
  }
  return false;
}

/** Names bound from a model-loading call anywhere in the file (`clf = joblib.load(...)`). */
function loadedModels(ctx: RuleContext): Set<string> {
  return ctx.facts.memo('serving.loadedModels', () => {
    const names = new Set<string>();
    for (const a of ctx.facts.assignments) {
      if (a.right?.type !== 'call') continue;
      const fn = ctx.facts.imports.resolveNode(a.right.childForFieldName('function')) ?? '';
      if (MODEL_LOADERS.test(fn)) names.add(a.left.text.replace(/^self\./, ''));
    }
    return names;
  });
}

function lastSegment(node: SyntaxNode | undefined): string {
  if (!node) return '';
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') return node.childForFieldName('attribute')?.text ?? '';
  if (node.type === 'subscript') return lastSegment(node.childForFieldName('value') ?? undefined);
  return '';
}

function functionNames(ctx: RuleContext): Set<string> {
  return ctx.facts.memo('serving.functionNames', () => new Set(ctx.facts.functions.map((f) => f.name)));
}

/** The call in `calls` that runs a model, if any. */
function modelCall(ctx: RuleContext, calls: CallFact[]): CallFact | undefined {
  const loaded = loadedModels(ctx);
  const modelLike = (node: SyntaxNode | undefined): boolean => {
    const last = lastSegment(node);
    return !!last && (isModelName(last) || loaded.has(last) || loaded.has(node?.text.replace(/^self\./, '') ?? ''));
  };
  for (const c of calls) {
    const m = c.method ?? '';
    if (c.receiver && UNAMBIGUOUS_PREDICT.has(m)) return c;
    // `await asyncio.to_thread(registry.predict, x)`, `run_in_threadpool(model.predict, x)`
    if (c.args.some((a) => a.type === 'attribute' && UNAMBIGUOUS_PREDICT.has(a.childForFieldName('attribute')?.text ?? ''))) return c;
    if (c.receiver && PREDICT_METHODS.has(m) && modelLike(c.receiver)) return c;
    // model(x), self.model(x), app.state.model(x), pipe(text): a model object called directly, not an
    // imported factory, a same-file function, or a service method (`service.current_model()`)
    const holder = c.function.type === 'identifier' || (c.function.type === 'attribute' && /^(self|cls|(\w+\.)*state)$/.test(c.receiver?.text ?? ''));
    if (holder && modelLike(c.function) && !ctx.facts.imports.bindsLocal((c.callee ?? '').split('.')[0]) && !functionNames(ctx).has(c.callee ?? '')) return c;
  }
  return undefined;
}

// The rule page is generated from `meta.docs` (`mlguard rules --write-docs docs/rules`): one source.
export const modelEndpointWithoutAuth: Rule = {
  meta: {
    id: 'SRV001',
    name: 'model-endpoint-without-auth',
    family: 'SRV',
    defaultSeverity: 'warning',
    confidence: 'medium',
    title: 'Model-serving route (FastAPI / Flask) without authentication',
    fixAvailability: 'none',
    docs: {
      what: 'Reports FastAPI (`FastAPI`, `APIRouter`) and Flask/Quart (`Flask`, `Blueprint`) routes of an app created in the same file whose handler runs a model — `.predict`/`.predict_proba` on any object, `.generate`/`.infer`/`.run` on a model-like or loaded object, `model(x)` — directly or through a function of the same file, and that authenticate nothing: no auth-named `Depends(...)` or any `Security(...)` parameter, no `dependencies=[...]` with an auth name on the route, the router (`include_router`) or the app, no auth decorator (`@login_required`, `@jwt_required()`, `@auth.login_required`, `@requires_auth`...), no credential parameter (`api_key`, `authorization`, `x_api_key: str = Header(...)`), no 401/403 response in the handler, and no app-wide hook (`before_request`, an auth middleware). Apps that serve both `/ping` and `/invocations` are SageMaker inference containers, reached only through the SageMaker runtime, which authenticates every call with IAM, and are not reported. Class-based views and apps created in another file are not analysed.',
      why: 'An unauthenticated prediction endpoint lets anyone who can reach it query the model without limit: copy it through its answers (model extraction, MITRE ATLAS AML.T0024 / AML.T0040, OWASP ML05 model theft), probe it for membership inference on the training people (GDPR Art. 32), or exhaust the service (CWE-306 missing authentication for a critical function, CWE-862).',
      example: {
        bad: 'from fastapi import FastAPI\n\nfrom .registry import Features, load_champion_model\n\napp = FastAPI()\nmodel = load_champion_model()\n\n\n@app.post("/predict")\ndef predict(features: Features):\n    return {"score": float(model.predict_proba([features.values])[0, 1])}',
        good: 'from fastapi import Depends, FastAPI\n\nfrom .auth import User, get_current_user\nfrom .registry import Features, load_champion_model\n\napp = FastAPI()\nmodel = load_champion_model()\n\n\n@app.post("/predict")\ndef predict(features: Features, user: User = Depends(get_current_user)):\n    return {"score": float(model.predict_proba([features.values])[0, 1])}',
      },
      fixSafety: 'No automatic fix: the authentication scheme (API key header, OAuth2 bearer token, mTLS at the gateway) is the service\'s choice. When a gateway in front of the service authenticates every request, suppress with that reason.',
    },
    references: {
      cwe: ['CWE-306', 'CWE-862'],
      gdpr: ['Art. 32'],
      nist: ['Manage'],
      stride: ['Spoofing', 'Information disclosure', 'Denial of service'],
      owaspMl: ['ML05:2023 Model Theft'],
      atlas: ['AML.T0040', 'AML.T0024'],
    },
  },
  check(ctx) {
    const apps = appsOf(ctx);
    if (apps.size === 0) return;
    if (hasAuthHook(ctx, apps)) markAll(apps);
    // Same-file helpers that run a model (`def run_inference(text): return pipe(text)`), one level deep.
    // SageMaker inference containers (`GET /ping` + `POST /invocations` on one app): the only client is the
    // SageMaker runtime, which authenticates every InvokeEndpoint call (IAM SigV4); the port is not reachable otherwise.
    const paths = new Map<string, Set<string>>();
    for (const f of ctx.facts.functions) {
      for (const d of decoratorsOf(f.node)) {
        const r = routeOf(d, apps);
        if (r?.path !== undefined) (paths.get(r.app) ?? paths.set(r.app, new Set()).get(r.app)!).add(r.path.replace(/\/+$/, ''));
      }
    }
    for (const [app, routes] of paths) if (routes.has('/ping') && routes.has('/invocations')) apps.get(app)!.protectedAll = true;
    const helpers = new Map<string, CallFact>();
    for (const f of ctx.facts.functions) {
      const c = modelCall(ctx, f.calls);
      if (c) helpers.set(f.name, c);
    }
    for (const f of ctx.facts.functions) {
      const decorators = decoratorsOf(f.node);
      const route = decorators.map((d) => routeOf(d, apps)).find(Boolean);
      if (!route || apps.get(route.app)!.protectedAll) continue;
      const direct = modelCall(ctx, f.calls);
      const viaHelper = direct ? undefined : f.calls.find((c) => c.function.type === 'identifier' && c.callee !== f.name && helpers.has(c.callee ?? ''));
      const use = direct ?? viaHelper;
      if (!use) continue;
      if (authenticates(ctx, f.node, f.body, route, decorators, f.calls)) continue;
      const name = f.node.childForFieldName('name') ?? f.node;
      ctx.report({
        node: name,
        message: `Route ${route.method.toUpperCase()} ${route.path ? route.path : route.path === '' ? '""' : '(path)'} runs a model (\`${use.node.text.slice(0, 60)}\`) with no authentication: anyone who can reach it can query the model without limit, extract it or probe its training data (CWE-306, OWASP ML05). Add an auth dependency (\`Depends(get_current_user)\`, an API-key \`Security\` scheme) or decorator.`,
        related: [{ node: use.node, message: viaHelper ? `calls \`${viaHelper.callee}\`, which runs the model` : 'the model call' }],
      });
    }
  },
};
