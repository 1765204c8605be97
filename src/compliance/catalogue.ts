// STRIDE-for-ML threat catalogue. Each entry applies to assets of some kinds; its status is
// derived from live findings of the families/rules listed in `evidence` (no evidence list: the
// threat cannot be checked from code and stays "unchecked" until a person reviews it).
import type { Family, NistFunction, StrideCategory } from '../engine/types';
import type { AssetKind } from './types';

export interface CatalogueThreat {
  id: string;
  title: string;
  stride: StrideCategory;
  nist: NistFunction;
  appliesTo: AssetKind[];
  mitigation: string;
  /** Families or rule ids whose open findings evidence this threat. */
  evidence: (Family | string)[];
  /**
   * Evidence that matches no applicable asset opens a workspace-level instance of the threat
   * (default). Off where the evidence family is only circumstantial for this threat (a plain-HTTP
   * API call is not evidence of data poisoning unless it is the data source itself).
   */
  workspaceFallback?: boolean;
  /** ATLAS / OWASP ML reference, for reports. */
  reference?: string;
}

export const THREAT_CATALOGUE: readonly CatalogueThreat[] = [
  {
    id: 'SPOOF-ENDPOINT',
    title: 'Spoofed tracking server or API endpoint (no TLS or no certificate verification)',
    stride: 'Spoofing',
    nist: 'Manage',
    appliesTo: ['endpoint'],
    mitigation: 'Use https:// with certificate verification on; configure endpoints outside code and authenticate every client.',
    evidence: ['TLS'],
    reference: 'OWASP ML06',
  },
  {
    id: 'TAMPER-DESERIALIZATION',
    title: 'Model artefact tampered with and loaded through unsafe deserialization',
    stride: 'Tampering',
    nist: 'Manage',
    appliesTo: ['model'],
    mitigation: 'Load models in safe formats (safetensors, ONNX, skops), torch.load(weights_only=True), and verify artefact hashes or signatures.',
    evidence: ['SER'],
    reference: 'OWASP ML06 / ATLAS AML.T0010',
  },
  {
    id: 'TAMPER-POISONING',
    title: 'Training data poisoned at its source or in transit',
    stride: 'Tampering',
    nist: 'Measure',
    appliesTo: ['dataset', 'third-party-data'],
    mitigation: 'Read data from access-controlled stores over TLS, pin dataset versions with checksums, and monitor data drift and label distribution.',
    evidence: ['TLS'],
    workspaceFallback: false,
    reference: 'OWASP ML02 / ATLAS AML.T0020',
  },
  {
    id: 'REPUDIATION-AUDIT',
    title: 'Access to models or personal data cannot be traced (no audit record)',
    stride: 'Repudiation',
    nist: 'Govern',
    appliesTo: ['model', 'personal-data', 'dataset', 'third-party-data'],
    mitigation: 'Write an audit record (who, what, when, why) for every model load/registration and every personal-data load.',
    evidence: ['AUD'],
  },
  {
    id: 'DISCLOSE-PII',
    title: 'Personal data disclosed through training, exports, logs or experiment tracking',
    stride: 'Information disclosure',
    nist: 'Map',
    appliesTo: ['personal-data'],
    mitigation: 'Drop or pseudonymise direct identifiers before any sink; keep only columns the purpose needs (GDPR Art. 5(1)(c), Art. 25).',
    evidence: ['PII'],
    reference: 'OWASP ML03',
  },
  {
    id: 'DISCLOSE-SECRET',
    title: 'Credential disclosed in source code or notebooks',
    stride: 'Information disclosure',
    nist: 'Manage',
    appliesTo: ['secret', 'endpoint'],
    mitigation: 'Rotate the credential now; read it from the environment or a secret manager; scan commits in CI.',
    evidence: ['SEC'],
  },
  {
    id: 'DISCLOSE-INVERSION',
    title: 'Model inversion or membership inference reveals training records',
    stride: 'Information disclosure',
    nist: 'Measure',
    appliesTo: ['model'],
    mitigation: 'Train without direct identifiers, consider differential privacy, restrict and rate-limit prediction APIs, return labels rather than raw scores.',
    evidence: ['PII'],
    workspaceFallback: false,
    reference: 'OWASP ML03 / ATLAS AML.T0024',
  },
  {
    id: 'DISCLOSE-TRANSIT',
    title: 'Data or credentials intercepted in transit',
    stride: 'Information disclosure',
    nist: 'Manage',
    appliesTo: ['endpoint'],
    mitigation: 'TLS 1.2+ with verification for every non-local connection (GDPR Art. 32).',
    evidence: ['TLS'],
  },
  {
    id: 'DOS-SERVING',
    title: 'Model serving or external API exhausted (denial of service)',
    stride: 'Denial of service',
    nist: 'Manage',
    appliesTo: ['endpoint'],
    mitigation: 'Set timeouts, request size limits and rate limits; monitor latency and error budgets.',
    evidence: [],
  },
  {
    id: 'ELEVATE-RCE',
    title: 'Remote code execution through a loaded artefact (pickle, unsafe YAML)',
    stride: 'Elevation of privilege',
    nist: 'Manage',
    appliesTo: ['model', 'dataset', 'third-party-data'],
    mitigation: 'Never unpickle data from outside the trust boundary; use safe loaders and run loading in a sandbox with least privilege.',
    evidence: ['SER'],
    reference: 'OWASP ML06',
  },
  {
    id: 'GOVERN-THIRD-PARTY',
    title: 'Third-party data used without a recorded lawful basis or licence',
    stride: 'Information disclosure',
    nist: 'Govern',
    appliesTo: ['third-party-data'],
    mitigation:
      'For each third-party source (e.g. credit-bureau scores in credit scoring) record the provider, the contract or licence, the **lawful basis** (GDPR Art. 6, e.g. legitimate interest with a balancing test; Art. 14 notice when data is not collected from the person), the permitted purposes and the retention; link them as evidence on the Art. 6 and Art. 28 checklist items, and accept this threat with the basis as the reason.',
    evidence: [],
  },
  {
    id: 'SPOOF-ZERO-TRUST',
    title: 'Serving endpoint or tracking server trusts callers by network location (no Zero Trust)',
    stride: 'Spoofing',
    nist: 'Manage',
    appliesTo: ['endpoint'],
    mitigation:
      'Zero Trust for model serving: authenticate and authorise every request (mTLS or short-lived signed tokens, one identity per client), never trust the internal network, least-privilege service accounts for the model and its data, rate limits, and an audit record of every call.',
    evidence: [],
    reference: 'NIST SP 800-207',
  },
  {
    id: 'RESPOND-INCIDENT',
    title: 'No incident response plan for an attacked model (poisoned, stolen or evaded)',
    stride: 'Tampering',
    nist: 'Manage',
    appliesTo: ['model'],
    mitigation:
      'Write and rehearse a runbook: **contain** (pull the model or cut its endpoint), **fall back** (a previous signed model version or a rule-based path), **preserve logs** (inputs, predictions, access and training logs, untouched), find the **root cause** (data, pipeline, artefact or endpoint), **retrain** from verified data, and hold a **post-mortem** that updates this threat model.',
    evidence: [],
    reference: 'NIST AI RMF Manage 4.3 / ATLAS',
  },
];

export function catalogueThreat(id: string): CatalogueThreat | undefined {
  return THREAT_CATALOGUE.find((t) => t.id === id);
}
