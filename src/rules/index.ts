// The explicit registry of rules, sorted by ID. Add a rule: one file named after the rule,
// one import and one entry here, a fixture in test/fixtures/rules/<ID>.py.
import type { Rule } from '../engine/rule';
import { setRuleLookup } from './lookup';
// --- AUD ---
import { modelAccessWithoutAudit } from './model-access-without-audit';
import { personalDataLoadWithoutAudit } from './personal-data-load-without-audit';
// --- FAIR ---
import { protectedAttributeAsFeature } from './protected-attribute-as-feature';
// --- MLG ---
import { suppressionWithoutReason } from './suppression-without-reason';
import { suppressionUnknownRule } from './suppression-unknown-rule';
// --- PII ---
import { piiColumnReachesTraining } from './pii-column-reaches-training';
import { piiColumnWrittenOut } from './pii-column-written-out';
import { piiValueLogged } from './pii-value-logged';
import { piiSentToExperimentTracking } from './pii-sent-to-experiment-tracking';
import { piiUploadedWithoutEncryption } from './pii-uploaded-without-encryption';
// --- SEC ---
import { hardcodedProviderToken } from './hardcoded-provider-token';
import { secretLiteralBoundToSecretName } from './secret-literal-bound-to-secret-name';
import { credentialsInConnectionUrl } from './credentials-in-connection-url';
import { secretLiteralPassedToAuthCall } from './secret-literal-passed-to-auth-call';
import { secretSentToExperimentTracking } from './secret-sent-to-experiment-tracking';
// --- SER ---
import { pickleBasedDeserialization } from './pickle-based-deserialization';
import { torchLoadWithoutWeightsOnly } from './torch-load-without-weights-only';
import { yamlLoadWithoutSafeLoader } from './yaml-load-without-safe-loader';
import { numpyLoadAllowPickle } from './numpy-load-allow-pickle';
import { kerasUnsafeDeserialization } from './keras-unsafe-deserialization';
// --- SRV ---
import { modelEndpointWithoutAuth } from './model-endpoint-without-auth';
import { mlflowServerWithoutAuth } from './mlflow-server-without-auth';
// --- SUP ---
import { hubDownloadWithoutPinnedRevision } from './hub-download-without-pinned-revision';
import { trustRemoteCodeEnabled } from './trust-remote-code-enabled';
// --- TLS ---
import { tlsVerificationDisabled } from './tls-verification-disabled';
import { unverifiedSslContext } from './unverified-ssl-context';
import { tlsVerificationDisabledByEnvironment } from './tls-verification-disabled-by-environment';
import { plaintextHttpEndpoint } from './plaintext-http-endpoint';

export const RULES: readonly Rule[] = [
  // AUD
  modelAccessWithoutAudit,
  personalDataLoadWithoutAudit,
  // FAIR
  protectedAttributeAsFeature,
  // MLG
  suppressionWithoutReason,
  suppressionUnknownRule,
  // PII
  piiColumnReachesTraining,
  piiColumnWrittenOut,
  piiValueLogged,
  piiSentToExperimentTracking,
  piiUploadedWithoutEncryption,
  // SEC
  hardcodedProviderToken,
  secretLiteralBoundToSecretName,
  credentialsInConnectionUrl,
  secretLiteralPassedToAuthCall,
  secretSentToExperimentTracking,
  // SER
  pickleBasedDeserialization,
  torchLoadWithoutWeightsOnly,
  yamlLoadWithoutSafeLoader,
  numpyLoadAllowPickle,
  kerasUnsafeDeserialization,
  // SRV
  modelEndpointWithoutAuth,
  mlflowServerWithoutAuth,
  // SUP
  hubDownloadWithoutPinnedRevision,
  trustRemoteCodeEnabled,
  // TLS
  tlsVerificationDisabled,
  unverifiedSslContext,
  tlsVerificationDisabledByEnvironment,
  plaintextHttpEndpoint,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

setRuleLookup(RULES.map((r) => r.meta));

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id.toUpperCase() || r.meta.name === id);
}
