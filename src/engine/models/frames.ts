// Library knowledge the DataFrame data-flow reads: which calls load frames, which methods keep the
// columns, which produce arrays, which start experiment-tracking runs, which build statsmodels models.
// Data, not code: add a library here, not in the interpreter.

export const READ_METHODS = new Set([
  'read_csv', 'read_parquet', 'read_sql', 'read_sql_query', 'read_sql_table', 'read_json', 'read_excel',
  'read_table', 'read_feather', 'read_orc', 'read_hdf', 'read_stata', 'read_sas', 'read_spss', 'read_gbq',
  'read_fwf', 'read_xml', 'read_database', 'read_delta', 'read_ndjson', 'read_avro', 'scan_csv',
  'scan_parquet', 'scan_ndjson', 'read_pickle',
]);

export const FRAME_LIBS = /^(pandas|polars|modin\.pandas|dask\.dataframe|geopandas|cudf|pyspark\.pandas|databricks\.koalas|vaex)\./;

export const SPARK_READ_METHODS = new Set(['csv', 'parquet', 'json', 'orc', 'load', 'jdbc', 'table', 'text', 'avro', 'delta']);

/** Methods that return the same columns (rows filtered/sorted, types changed, cached...). */
export const PASS_METHODS = new Set([
  'copy', 'reset_index', 'set_index', 'dropna', 'fillna', 'sort_values', 'sort_index', 'head', 'tail',
  'sample', 'astype', 'query', 'drop_duplicates', 'infer_objects', 'convert_dtypes', 'round', 'clip',
  'replace', 'bfill', 'ffill', 'interpolate', 'to_pandas', 'toPandas', 'cache', 'persist', 'repartition',
  'coalesce', 'limit', 'orderBy', 'sort', 'where', 'dropDuplicates', 'distinct', 'alias', 'collect',
  'compute', 'lazy', 'to_frame', 'pipe_noop', 'shuffle', 'with_columns_noop', 'unpersist', 'checkpoint',
  'localCheckpoint', 'sample_frac', 'nlargest', 'nsmallest', 'explode', 'mask_rows', 'isin_noop',
  'to_dask_dataframe', 'to_spark', 'pandas_api', 'toDF_noop', 'fill_null', 'drop_nulls', 'unique',
  // Hugging Face datasets: rows transformed or re-formatted, columns kept (new ones added by map)
  'map', 'with_format', 'with_transform', 'flatten_indices', 'cast_column',
]);

export const ARRAY_METHODS = new Set(['to_numpy', 'as_matrix', 'to_list', 'tolist', 'to_dict', 'to_records', 'transform', 'fit_transform']);

export const TRACKER_FACTORIES = /^(wandb\.init|mlflow\.start_run|comet_ml\.Experiment|comet_ml\.start|neptune\.init_run|neptune\.init|clearml\.Task\.init|aim\.Run)$/;

export const NUMERIC_HINT = /(^|_)(age|income|salary|amount|balance|score|count|num|n|days|months|years|rate|ratio|lat|lon|lng|latitude|longitude|zip|zipcode|postcode|tenure|charges|limit|price|total|avg|mean|std|min|max|pct|is|has|flag|year|month|day|hour)(_|$)/i;

/** statsmodels estimators built from (endog, exog) arrays. */
export const STATSMODELS_MODELS = /^statsmodels\.(api|discrete\.discrete_model|regression\.linear_model|genmod\.generalized_linear_model)\.(OLS|Logit|Probit|GLM|WLS|GLS|MNLogit|Poisson|NegativeBinomial|QuantReg)$/;

/** Parameter names that hold configuration, never a DataFrame. */
export const CONFIG_PARAMETER = /^(cfg|config|conf|settings|hparams|hyperparams|params|opts|options|args|flags|\w+_cfg|\w+_config|\w+_settings)$/;

/**
 * A file that mentions none of these cannot load, select, train on or export a DataFrame, so the
 * data-flow interpreter is skipped for it (measured: more than half of the audit time of code
 * without data libraries, e.g. the standard library). Value-level rules then judge names alone
 * (`print(user["email"])` is still reported). `.write` counts only as Spark's writer chain
 * (`df.write.parquet(...)`, `df.write \\ .mode(...)`), not `f.write(...)`, `w = f.write` or a
 * mock's `stream.write.assert_called_once()`: file writes alone sent over 330 of the 346 stdlib
 * files that matched (40 % of its bytes) through the interpreter for nothing. `fetch_openml` /
 * `fetch_adult` need an import naming sklearn or fairlearn, which match.
 */
export const DATA_HINT =
  /pandas|polars|pyspark|koalas|dask|modin|cudf|vaex|DataFrame|datasets|sklearn|xgboost|lightgbm|catboost|statsmodels|torch|tensorflow|keras|mlflow|wandb|neptune|comet_ml|clearml|fairlearn|\.fit\(|\.to_(csv|parquet|json|excel|sql|pickle|feather|gbq|html|latex|delta)|\.write\s*\\?\s*\.(?!return_value|side_effect|assert_|call_|called\b|mock_calls|reset_mock)|read_(csv|sql|parquet|json|excel|table|feather|pickle|gbq|database)|iterrows|itertuples|\.loc\[|\.iloc\[|\bdf\b|_df\b|\bdf_|get_pandas_df|\.toPandas/;
