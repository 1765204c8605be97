// Library knowledge: object-storage uploads that take server-side encryption settings (boto3 S3),
// where their payload and their encryption options are.
import type { CallFact } from '../facts';
import type { SyntaxNode } from '../parser';
import { lookupTable } from '../lookup-table';

export interface UploadApi {
  /** Position and keyword of what is uploaded. */
  payloadIndex?: number;
  payloadKeyword: string;
  /** What the payload is: a local file path, an open file object, or the bytes/string body. */
  payload: 'path' | 'fileobj' | 'body';
  /** Encryption settings go in an `ExtraArgs` dict (transfer methods) or are keyword arguments (put_object). */
  encryptionIn: 'extra-args' | 'kwargs';
  extraArgsIndex?: number;
}

/** boto3 S3 client / Bucket / Object methods, by method name. */
export const S3_UPLOADS = lookupTable<UploadApi>({
  upload_file: { payloadIndex: 0, payloadKeyword: 'Filename', payload: 'path', encryptionIn: 'extra-args', extraArgsIndex: 3 },
  upload_fileobj: { payloadIndex: 0, payloadKeyword: 'Fileobj', payload: 'fileobj', encryptionIn: 'extra-args', extraArgsIndex: 3 },
  put_object: { payloadKeyword: 'Body', payload: 'body', encryptionIn: 'kwargs' },
  put: { payloadKeyword: 'Body', payload: 'body', encryptionIn: 'kwargs' },
});

/** Libraries whose S3 objects have these methods. */
export const S3_LIBRARIES: readonly string[] = ['boto3', 'aioboto3', 'botocore'];

/** Settings that encrypt the object at rest with a chosen key or algorithm. */
export const ENCRYPTION_SETTINGS: ReadonlySet<string> = new Set(['ServerSideEncryption', 'SSEKMSKeyId', 'SSECustomerKey', 'SSECustomerAlgorithm']);

/** The value the fix writes: SSE-KMS, so that reading the object also needs the KMS key permission. */
export const DEFAULT_SSE = 'aws:kms';

/** The upload API of a call, when the file uses an S3 library. */
export function s3UploadOf(call: CallFact, usesS3: boolean): UploadApi | undefined {
  if (!usesS3 || !call.receiver) return undefined;
  const api = S3_UPLOADS[call.method ?? ''];
  // `.put(...)` is too common a name: only `Object.put(Body=...)` with a Body keyword.
  if (api && call.method === 'put' && !call.kwargs.has('Body')) return undefined;
  return api;
}

/** The payload argument of an upload. */
export function uploadPayload(call: CallFact, api: UploadApi): SyntaxNode | undefined {
  return call.kwargs.get(api.payloadKeyword) ?? (api.payloadIndex !== undefined ? call.args[api.payloadIndex] : undefined);
}
