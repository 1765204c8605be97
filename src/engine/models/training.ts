// Library knowledge for training sinks: the containers that carry a feature matrix to training
// unchanged (DMatrix, lgb.Dataset, DataLoader...), the functions that train on such a container,
// and the trainers whose `fit` takes data loaders. Data, not code: add a library here.

/** Where a call takes its data: the first matching keyword, else the positional index. */
export interface DataSlot {
  keywords: readonly string[];
  position: number;
}

const slot = (position: number, ...keywords: string[]): DataSlot => ({ keywords, position });

/** Calls whose result carries their data argument's columns to a later training call. */
export const TRAINING_CONTAINERS: ReadonlyMap<string, DataSlot> = new Map([
  ['xgboost.DMatrix', slot(0, 'data')],
  ['xgboost.QuantileDMatrix', slot(0, 'data')],
  ['xgboost.DeviceQuantileDMatrix', slot(0, 'data')],
  // the Dask variants take the client first
  ['xgboost.dask.DaskDMatrix', slot(1, 'data')],
  ['xgboost.dask.DaskQuantileDMatrix', slot(1, 'data')],
  ['lightgbm.Dataset', slot(0, 'data')],
  ['catboost.Pool', slot(0, 'data')],
  ['datasets.Dataset.from_pandas', slot(0, 'df')],
  ['mlflow.data.from_pandas', slot(0, 'df')],
  ['mlflow.data.from_spark', slot(0, 'df')],
  ['wandb.Table', slot(-1, 'dataframe', 'data')],
  ['torch.utils.data.TensorDataset', slot(0)],
  ['torch.utils.data.DataLoader', slot(0, 'dataset')],
  ['tensorflow.data.Dataset.from_tensor_slices', slot(0, 'tensors')],
]);

/** Functions that train a model on a container: the container's slot. */
export const TRAINING_FUNCTIONS: ReadonlyMap<string, DataSlot> = new Map([
  ['xgboost.train', slot(1, 'dtrain')],
  ['xgboost.cv', slot(1, 'dtrain')],
  ['xgboost.dask.train', slot(2, 'dtrain')],
  ['lightgbm.train', slot(1, 'train_set')],
  ['lightgbm.cv', slot(1, 'train_set')],
  ['catboost.train', slot(0, 'pool', 'dtrain')],
  ['catboost.cv', slot(0, 'pool', 'dtrain')],
]);

/** Trainers whose `fit(model, loaders)` trains the model on the loaders (PyTorch Lightning). */
export const LOADER_TRAINERS = ['pytorch_lightning.Trainer', 'lightning.Trainer', 'lightning.pytorch.Trainer', 'lightning.pytorch.trainer.Trainer'] as const;
/** The data argument of such a trainer's `fit`. */
export const LOADER_TRAINER_FIT: DataSlot = slot(1, 'train_dataloaders', 'datamodule', 'train_dataloader');

/** Base classes of a same-file dataset class whose instances carry the tensors built in `__init__`. */
export const DATASET_BASES = /(^|\.)(Dataset|IterableDataset|TensorDataset)$/;

/** The argument node a slot names in a call, if present. */
export function slotArgument<N>(s: DataSlot, positional: readonly N[], keywords: ReadonlyMap<string, N>): N | undefined {
  for (const k of s.keywords) {
    const v = keywords.get(k);
    if (v) return v;
  }
  return s.position >= 0 ? positional[s.position] : undefined;
}

/**
 * Calls that turn a matrix into a tensor or batches a dataset; in a function with a hand-written
 * training loop their data argument feeds the model.
 */
export const LOOP_DATA_SOURCES: ReadonlyMap<string, DataSlot> = new Map([
  ...['torch.tensor', 'torch.as_tensor', 'torch.from_numpy', 'torch.Tensor', 'torch.FloatTensor', 'torch.LongTensor',
    'tensorflow.convert_to_tensor', 'tensorflow.constant', 'jax.numpy.array', 'jax.numpy.asarray'].map((n) => [n, slot(0, 'data')] as const),
  ['torch.utils.data.DataLoader', slot(0, 'dataset')],
]);
/** A scope that calls one of these methods runs a hand-written training loop (`loss.backward()`). */
export const TRAINING_LOOP_METHODS: ReadonlySet<string> = new Set(['backward']);
