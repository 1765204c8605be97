// References shared by every rule of a family that guards the same weakness, kept in one place so
// the rules' SARIF tags and docs cannot drift apart.
import type { RuleReferences } from '../engine/types';

/** Unsafe deserialization of model artefacts (SER001–SER005). */
export const UNSAFE_DESERIALIZATION_REFERENCES: RuleReferences = {
  cwe: ['CWE-502'],
  gdpr: ['Art. 32'],
  nist: ['Manage'],
  stride: ['Tampering', 'Elevation of privilege'],
  owaspMl: ['ML06:2023 AI Supply Chain Attacks'],
  atlas: ['AML.T0010'],
};

/** Hardcoded passwords and credentials (SEC002, SEC003). */
export const HARDCODED_CREDENTIAL_REFERENCES: RuleReferences = {
  cwe: ['CWE-798', 'CWE-259'],
  gdpr: ['Art. 32'],
  nist: ['Manage', 'Govern'],
  stride: ['Information disclosure', 'Spoofing'],
  atlas: ['AML.T0055 Unsecured Credentials'],
};

/** Certificate verification turned off (TLS002, TLS003). */
export const TLS_VERIFICATION_REFERENCES: RuleReferences = {
  cwe: ['CWE-295'],
  gdpr: ['Art. 32'],
  nist: ['Manage'],
  stride: ['Spoofing', 'Tampering', 'Information disclosure'],
};
