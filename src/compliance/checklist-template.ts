// The default GDPR checklist. Items are keyed by a stable id; `check` ties an item to findings
// that can evidence it automatically (the item fails while such findings are open).
import type { Family } from '../engine/types';

export interface ChecklistTemplateItem {
  id: string;
  article: string;
  title: string;
  guidance: string;
  /** Automated evidence: open findings of these families/rules make the check fail. */
  check?: { description: string; evidence: (Family | string)[] };
}

export const CHECKLIST_TEMPLATE: readonly ChecklistTemplateItem[] = [
  {
    id: 'art5-minimisation',
    article: 'Art. 5(1)(c)',
    title: 'Data minimisation: no unmasked direct identifiers reach training',
    guidance: 'Only the columns the purpose needs are used; direct identifiers are dropped or pseudonymised before training, export, logging and tracking.',
    check: { description: 'No unmasked direct identifiers reach training (no open PII finding)', evidence: ['PII'] },
  },
  {
    id: 'art5-purpose',
    article: 'Art. 5(1)(b)',
    title: 'Purpose limitation',
    guidance: 'The purpose of the model is documented, and the data was collected for a compatible purpose.',
  },
  {
    id: 'art5-storage',
    article: 'Art. 5(1)(e)',
    title: 'Storage limitation and retention',
    guidance: 'Training data, features and artefacts have a retention period and are deleted when it ends.',
  },
  {
    id: 'art6-lawful-basis',
    article: 'Art. 6',
    title: 'Lawful basis for processing',
    guidance: 'The lawful basis (consent, contract, legitimate interest with a balancing test, ...) is recorded for each data source.',
  },
  {
    id: 'art9-special-categories',
    article: 'Art. 9',
    title: 'Special categories of data',
    guidance: 'Health, ethnicity, religion, biometric and similar data are not processed, or an Art. 9(2) exception applies and is recorded; protected attributes are not model features.',
    check: { description: 'No protected attribute is used as a model feature (no open FAIR finding)', evidence: ['FAIR'] },
  },
  {
    id: 'art13-14-transparency',
    article: 'Arts. 13-14',
    title: 'Transparency: data subjects are informed',
    guidance: 'The privacy notice names the model use, its logic in meaningful terms, and the data sources.',
  },
  {
    id: 'art15-20-rights',
    article: 'Arts. 15-20',
    title: 'Data-subject rights: access, rectification, erasure, portability',
    guidance: 'A request can be traced to every dataset, feature store and model trained on the person; erasure reaches training data and triggers retraining where needed.',
  },
  {
    id: 'art21-22-automated-decisions',
    article: 'Arts. 21-22',
    title: 'Objection and automated decision-making',
    guidance: 'Decisions with legal or similar effects have human review, an explanation and a way to contest them.',
  },
  {
    id: 'art25-by-design',
    article: 'Art. 25',
    title: 'Data protection by design and by default',
    guidance: 'Pseudonymisation, minimisation and access control are defaults in the pipeline; MLGuard runs in CI.',
    check: { description: 'Every model and personal-data access is audited (no open AUD finding)', evidence: ['AUD'] },
  },
  {
    id: 'art28-processors',
    article: 'Art. 28',
    title: 'Processors and sub-processors',
    guidance: 'Cloud, labelling and tracking vendors have data-processing agreements.',
  },
  {
    id: 'art30-records',
    article: 'Art. 30',
    title: 'Records of processing activities',
    guidance: 'The processing (purpose, categories, recipients, retention, transfers) is in the record of processing.',
  },
  {
    id: 'art32-encryption-at-rest',
    article: 'Art. 32',
    title: 'Security of processing: encryption at rest and secrets management',
    guidance: 'Datasets and model artefacts are encrypted at rest; credentials live in a secret manager, never in code.',
    check: { description: 'No hardcoded credential in the code (no open SEC finding)', evidence: ['SEC'] },
  },
  {
    id: 'art32-tls-in-transit',
    article: 'Art. 32',
    title: 'Security of processing: TLS in transit',
    guidance: 'Every connection to data stores, tracking servers and APIs uses TLS with certificate verification.',
    check: { description: 'No unverified or plain-http connection (no open TLS finding)', evidence: ['TLS'] },
  },
  {
    id: 'art32-integrity',
    article: 'Art. 32',
    title: 'Security of processing: integrity of artefacts',
    guidance: 'Models are stored and loaded in safe formats; artefacts are checksummed or signed.',
    check: { description: 'No unsafe deserialization of artefacts (no open SER finding)', evidence: ['SER'] },
  },
  {
    id: 'art33-34-breach',
    article: 'Arts. 33-34',
    title: 'Breach notification',
    guidance: 'There is a procedure to notify the supervisory authority within 72 hours and the data subjects where required.',
  },
  {
    id: 'art35-dpia',
    article: 'Art. 35',
    title: 'Data protection impact assessment',
    guidance: 'A DPIA was carried out for high-risk processing (profiling, special categories, large scale) and is linked as evidence.',
  },
  {
    id: 'chapter5-transfers',
    article: 'Chapter V (Arts. 44-49)',
    title: 'International transfers',
    guidance: 'Data leaving the EEA (cloud regions, vendors, tracking servers) has an adequacy decision or SCCs.',
  },
];
