// The checklist templates: GDPR (the default), HIPAA Security Rule and EU AI Act (high-risk
// systems). A workspace chooses its frameworks (`frameworks = [...]` in .mlguard/checklist.toml,
// set from the sidebar). Items are keyed by a stable id, unique across frameworks, so all of them
// live in the one merge-friendly file; `check` ties an item to findings that can evidence it
// automatically (the item fails while such findings are open).
import type { Family } from '../engine/types';

export type FrameworkId = 'gdpr' | 'hipaa' | 'eu-ai-act';

export interface ChecklistTemplateItem {
  id: string;
  article: string;
  title: string;
  guidance: string;
  /** Automated evidence: open findings of these families/rules make the check fail. */
  check?: { description: string; evidence: (Family | string)[] };
}

export const GDPR_TEMPLATE: readonly ChecklistTemplateItem[] = [
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

export const HIPAA_TEMPLATE: readonly ChecklistTemplateItem[] = [
  {
    id: 'hipaa-access-control',
    article: '164.312(a)(1)',
    title: 'Access control: only authorised people and services reach ePHI',
    guidance: 'Unique user IDs, an emergency access procedure, automatic logoff, and encryption/decryption (164.312(a)(2)); training data, feature stores and models holding ePHI are access-controlled.',
  },
  {
    id: 'hipaa-audit-controls',
    article: '164.312(b)',
    title: 'Audit controls: activity on systems with ePHI is recorded',
    guidance: 'Every load of ePHI and every model load or registration writes an audit record (who, what, when, why) to a store the team cannot edit.',
    check: { description: 'Every model and personal-data access is audited (no open AUD finding)', evidence: ['AUD'] },
  },
  {
    id: 'hipaa-integrity',
    article: '164.312(c)(1)',
    title: 'Integrity: ePHI and model artefacts are not altered or destroyed improperly',
    guidance: 'Datasets are versioned with checksums; models are stored and loaded in safe formats and their hashes or signatures verified (164.312(c)(2)).',
    check: { description: 'No unsafe deserialization of artefacts (no open SER finding)', evidence: ['SER'] },
  },
  {
    id: 'hipaa-authentication',
    article: '164.312(d)',
    title: 'Person or entity authentication',
    guidance: 'People and services are authenticated before they reach ePHI; credentials come from a secret manager, never from code or notebooks.',
    check: { description: 'No hardcoded credential in the code (no open SEC finding)', evidence: ['SEC'] },
  },
  {
    id: 'hipaa-transmission-security',
    article: '164.312(e)(1)',
    title: 'Transmission security: ePHI is protected in transit',
    guidance: 'Every connection that carries ePHI (data stores, tracking servers, APIs) uses TLS with certificate verification (164.312(e)(2)(i) integrity controls).',
    check: { description: 'No unverified or plain-http connection (no open TLS finding)', evidence: ['TLS'] },
  },
  {
    id: 'hipaa-encryption',
    article: '164.312(a)(2)(iv), (e)(2)(ii)',
    title: 'Encryption at rest and in transit',
    guidance: 'Datasets, feature stores, model artefacts and backups holding ePHI are encrypted at rest; transport is encrypted; keys are managed outside the code.',
  },
  {
    id: 'hipaa-minimum-necessary',
    article: '164.502(b), 164.514(b)',
    title: 'Minimum necessary and de-identification',
    guidance: 'Only the ePHI the purpose needs is used; direct identifiers are removed (Safe Harbor) or pseudonymised before training, export, logging and tracking.',
    check: { description: 'No unmasked direct identifiers reach training, exports, logs or tracking (no open PII finding)', evidence: ['PII'] },
  },
  {
    id: 'hipaa-retention',
    article: '164.316(b)(2)(i)',
    title: 'Retention: audit logs and security documentation kept for 6 years',
    guidance: 'Audit logs, policies, risk analyses and sign-offs are retained for six years from creation or last effective date, and the retention is configured (not manual).',
  },
  {
    id: 'hipaa-baa',
    article: '164.308(b)(1), 164.314(a)',
    title: 'Business associate agreements with cloud and ML vendors',
    guidance: 'Every cloud provider, labelling, hosting or experiment-tracking vendor that stores or processes ePHI has a signed BAA, linked as evidence.',
  },
  {
    id: 'hipaa-risk-analysis',
    article: '164.308(a)(1)(ii)(A)',
    title: 'Risk analysis covers the ML pipeline',
    guidance: 'The security risk analysis includes training data, models, serving endpoints and their threats (this threat model can be linked as evidence).',
  },
];

export const EU_AI_ACT_TEMPLATE: readonly ChecklistTemplateItem[] = [
  {
    id: 'euai-art9-risk-management',
    article: 'AI Act Art. 9',
    title: 'Risk management system for the high-risk AI system',
    guidance: 'Known and foreseeable risks to health, safety and fundamental rights are identified, evaluated and mitigated across the life cycle, and residual risks are accepted by a named person.',
  },
  {
    id: 'euai-art10-data-governance',
    article: 'AI Act Art. 10',
    title: 'Data governance: training, validation and test data',
    guidance: 'Data origin, collection, preparation, assumptions and gaps are documented; data is examined for possible biases (Art. 10(2)(f)); special categories are used only as Art. 10(5) allows.',
    check: { description: 'No protected attribute is used as a model feature (no open FAIR finding)', evidence: ['FAIR'] },
  },
  {
    id: 'euai-art11-technical-documentation',
    article: 'AI Act Art. 11, Annex IV',
    title: 'Technical documentation',
    guidance: 'The system, its purpose, design, data, training, metrics and changes are documented as Annex IV requires, before it is placed on the market.',
  },
  {
    id: 'euai-art12-record-keeping',
    article: 'AI Act Art. 12',
    title: 'Record-keeping: events are logged automatically',
    guidance: 'The system logs events over its lifetime (use periods, reference data, inputs that led to a match, people who verified results) so that its operation can be traced.',
    check: { description: 'Every model and personal-data access is audited (no open AUD finding)', evidence: ['AUD'] },
  },
  {
    id: 'euai-art13-transparency',
    article: 'AI Act Art. 13',
    title: 'Transparency and instructions for use',
    guidance: 'Deployers get instructions naming the intended purpose, accuracy and its metrics, known limitations, input data specifications and how to read the output.',
  },
  {
    id: 'euai-art14-human-oversight',
    article: 'AI Act Art. 14',
    title: 'Human oversight',
    guidance: 'People who oversee the system understand its limits, can disregard or reverse an output and can stop it.',
  },
  {
    id: 'euai-art15-robustness',
    article: 'AI Act Art. 15',
    title: 'Accuracy, robustness and cybersecurity',
    guidance: 'Accuracy levels are declared; the system is resilient to errors and to attacks such as data poisoning, model poisoning and adversarial examples; artefacts and connections are secured.',
    check: { description: 'No unsafe deserialization, unverified connection or hardcoded credential (no open SER, TLS or SEC finding)', evidence: ['SER', 'TLS', 'SEC'] },
  },
];

export interface Framework {
  id: FrameworkId;
  label: string;
  items: readonly ChecklistTemplateItem[];
}

export const FRAMEWORKS: readonly Framework[] = [
  { id: 'gdpr', label: 'GDPR', items: GDPR_TEMPLATE },
  { id: 'hipaa', label: 'HIPAA Security Rule', items: HIPAA_TEMPLATE },
  { id: 'eu-ai-act', label: 'EU AI Act (high-risk)', items: EU_AI_ACT_TEMPLATE },
];

export const FRAMEWORK_IDS: readonly FrameworkId[] = FRAMEWORKS.map((f) => f.id);
export const DEFAULT_FRAMEWORKS: readonly FrameworkId[] = ['gdpr'];

/** The GDPR template (the default checklist). */
export const CHECKLIST_TEMPLATE = GDPR_TEMPLATE;

/** Every template item of every framework, in framework order (ids are unique across them). */
export const ALL_TEMPLATE_ITEMS: readonly ChecklistTemplateItem[] = FRAMEWORKS.flatMap((f) => f.items);

/** The chosen frameworks in canonical order; unknown ids are ignored, none chosen means GDPR. */
export function chosenFrameworks(ids: readonly string[] | undefined): FrameworkId[] {
  const chosen = FRAMEWORK_IDS.filter((id) => ids?.includes(id));
  return chosen.length ? chosen : [...DEFAULT_FRAMEWORKS];
}

/** Template items of the chosen frameworks, each with the framework it belongs to. */
export function templateFor(ids: readonly string[] | undefined): (ChecklistTemplateItem & { framework: FrameworkId })[] {
  const chosen = chosenFrameworks(ids);
  return FRAMEWORKS.filter((f) => chosen.includes(f.id)).flatMap((f) => f.items.map((i) => ({ ...i, framework: f.id })));
}

export function frameworkOf(itemId: string): FrameworkId | undefined {
  return FRAMEWORKS.find((f) => f.items.some((i) => i.id === itemId))?.id;
}
