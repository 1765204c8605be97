// Dataset libraries that are not DataFrame readers but hold tabular rows with named columns:
// what loads them and what converts a DataFrame into them (the columns carry over).

/**
 * Loaders whose result has columns known only from later use (`ds["email"]`, `select_columns`).
 * sklearn's `fetch_openml` returns a Bunch (`.frame`, `.data`), not rows: its frame is followed
 * through the explicit column selections made on it.
 */
export const DATASET_LOADERS = /^datasets\.(load_dataset|load_from_disk)$/;

/** Conversions that keep the columns of the frame passed in (Hugging Face `Dataset.from_pandas`). */
export const FRAME_CONVERSIONS = /^datasets\.(arrow_dataset\.)?(Dataset|IterableDataset)\.(from_pandas|from_polars|from_spark)$|^pyarrow\.(Table\.from_pandas|table)$|^polars\.from_pandas$|^pandas\.DataFrame\.from_records_noop$/;
