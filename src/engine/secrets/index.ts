// Secret detection shared by the SEC rules and by mask.ts.
export { TOKEN_PATTERNS, GCP_SERVICE_ACCOUNT, WANDB_HEX_KEY, findTokens, isPlaceholderToken } from './patterns';
export type { TokenPattern, TokenMatch } from './patterns';
export { splitIdentifier, tokenizeName, classifySecretName, envNameFor, looksLikeEnvVarName } from './names';
export type { SecretKind, SecretName } from './names';
export { shannonEntropy, isWordLike } from './entropy';
export { isPlaceholder, isTemplateMarker } from './placeholder';
export { bindingOf, callIndex, literalValue } from './binding';
export type { Binding, BindingKind } from './binding';
export { envLookupFix, validEnvName } from './fix';
export { envNameForBinding, envNameForConstant, providerPrefix } from './binding';
export { looksLikeSecretValue, AUTH_SCHEME, MIN_LENGTH } from './value';
export { credentialConfigKey, credentialConfigUses } from './config-keys';
export { secretNamedUses } from './named-uses';
export type { SecretNamedUse } from './named-uses';
export type { CredentialConfig, CredentialConfigUse } from './config-keys';
export { boundSecret } from './bound-secret';
export type { BoundSecret } from './bound-secret';
