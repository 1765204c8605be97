// Dataset libraries that are not DataFrame readers but hold tabular rows with named columns:
// what loads them and what converts a DataFrame into them (the columns carry over).
import { lookupTable } from '../lookup-table';

/**
 * Loaders whose result has columns known only from later use (`ds["email"]`, `select_columns`).
 * sklearn's `fetch_openml` returns a Bunch (`.frame`, `.data`), not rows: its frame is followed
 * through the explicit column selections made on it.
 */
export const DATASET_LOADERS = /^datasets\.(load_dataset|load_from_disk)$/;

/** Conversions that keep the columns of the frame passed in (Hugging Face `Dataset.from_pandas`). */
export const FRAME_CONVERSIONS = /^datasets\.(arrow_dataset\.)?(Dataset|IterableDataset)\.(from_pandas|from_polars|from_spark)$|^pyarrow\.(Table\.from_pandas|table)$|^polars\.from_pandas$|^pandas\.DataFrame\.from_records_noop$/;

/**
 * Public benchmark datasets whose columns are documented, so a model trained on "all features"
 * of them is known to see the protected attributes even when the code never names them
 * (`X = fetch_adult().data; clf.fit(X, y)`). `source` is the name the column is classified by
 * when the dataset's own name is a code (ACS `SEX`, `RAC1P`). Only columns that matter to the
 * PII and FAIR rules are listed, plus enough of the rest to keep the frame honest.
 */
export interface KnownDataset {
  columns: readonly { name: string; source?: string }[];
}

const ADULT: KnownDataset = {
  columns: [
    { name: 'age' }, { name: 'workclass' }, { name: 'fnlwgt' }, { name: 'education' }, { name: 'education-num' },
    { name: 'marital-status' }, { name: 'occupation' }, { name: 'relationship' }, { name: 'race' }, { name: 'sex' },
    { name: 'capital-gain' }, { name: 'capital-loss' }, { name: 'hours-per-week' }, { name: 'native-country' },
  ],
};

// Indexed by qualified names from user code (`constructor(...)` in test_hashlib.py found
// Object's constructor and threw): a null-prototype lookup table.
export const KNOWN_DATASETS = lookupTable<KnownDataset>({
  'fairlearn.datasets.fetch_adult': ADULT,
  'fairlearn.datasets.fetch_diabetes_hospital': {
    columns: [
      { name: 'race' }, { name: 'gender' }, { name: 'age' }, { name: 'discharge_disposition_id' }, { name: 'admission_source_id' },
      { name: 'time_in_hospital' }, { name: 'medical_specialty' }, { name: 'num_lab_procedures' }, { name: 'num_procedures' },
      { name: 'num_medications' }, { name: 'primary_diagnosis' }, { name: 'number_diagnoses' }, { name: 'max_glu_serum' },
      { name: 'A1Cresult' }, { name: 'insulin' }, { name: 'change' }, { name: 'diabetesMed' }, { name: 'medicare' },
      { name: 'medicaid' }, { name: 'had_emergency' }, { name: 'had_inpatient_days' }, { name: 'had_outpatient_days' },
      { name: 'readmitted' }, { name: 'readmit_binary' }, { name: 'readmit_30_days' },
    ],
  },
  'fairlearn.datasets.fetch_acs_income': {
    columns: [
      { name: 'AGEP', source: 'age' }, { name: 'COW' }, { name: 'SCHL' }, { name: 'MAR', source: 'marital_status' }, { name: 'OCCP' },
      { name: 'POBP', source: 'place_of_birth' }, { name: 'RELP' }, { name: 'WKHP' }, { name: 'SEX', source: 'sex' }, { name: 'RAC1P', source: 'race' },
    ],
  },
  'fairlearn.datasets.fetch_bank_marketing': {
    columns: [{ name: 'age' }, { name: 'job' }, { name: 'marital' , source: 'marital_status' }, { name: 'education' }, { name: 'default' }, { name: 'balance' }, { name: 'housing' }, { name: 'loan' }],
  },
  'sklearn.datasets.fetch_openml:adult': ADULT,
  'sklearn.datasets.fetch_openml:1590': ADULT,
});

/** The known dataset a loader call refers to (`fetch_openml("adult")`, `fetch_openml(data_id=1590)`). */
export function knownDataset(qualified: string, name: string | undefined): KnownDataset | undefined {
  return KNOWN_DATASETS[qualified] ?? (name ? KNOWN_DATASETS[`${qualified}:${name}`] : undefined);
}
