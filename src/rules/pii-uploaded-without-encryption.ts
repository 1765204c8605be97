import type { Rule, RuleContext } from '../engine/rule';
import type { SyntaxNode } from '../engine/parser';
import type { CallFact } from '../engine/facts';
import type { Fix } from '../engine/types';
import { stringValue } from '../engine/ast';
import { dataframeFacts, type FrameValue } from '../engine/facts/dataframes';
import { sensitiveColumns } from '../engine/pii/sinks';
import type { LineIndex } from '../engine/positions';
import { setKeywordArgument } from '../engine/edits/call-arguments';
import { lastAssignedValue } from '../engine/last-assignment';
import { DEFAULT_SSE, ENCRYPTION_SETTINGS, S3_LIBRARIES, s3UploadOf, uploadPayload, type UploadApi } from '../engine/models/object-storage';

const SERIALISERS = /^(to_csv|to_parquet|to_json|to_excel|to_feather|to_orc|to_xml|write_csv|write_parquet|write_json)$/;

function basename(p: string): string {
  return p.replace(/\\/g, '/').split('/').pop() ?? p;
}

function describe(frame: FrameValue, ctx: RuleContext): string | undefined {
  const cols = sensitiveColumns([...frame.columns.values()], ctx.config, 'export', frame);
  if (!cols.length) return undefined;
  return `${[...new Set(cols.map((c) => `\`${c.column.name}\``))].join(', ')} (${[...new Set(cols.map((c) => c.match.label))].join('; ')})`;
}

/** What personal data the uploaded thing holds, if the file shows it. */
function personalDataIn(node: SyntaxNode, api: UploadApi, ctx: RuleContext, depth = 0): string | undefined {
  const df = dataframeFacts(ctx.facts);
  if (depth > 3) return undefined;
  // `open(path, "rb")` as a file object: judge the path.
  if (node.type === 'call' && node.childForFieldName('function')?.text === 'open') {
    const first = node.childForFieldName('arguments')?.namedChildren.find((a) => a && a.type !== 'comment');
    return first ? personalDataIn(first, { ...api, payload: 'path' }, ctx, depth + 1) : undefined;
  }
  // df.to_csv(index=False) / df.to_parquet() as the body
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
    const object = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
    if (method && SERIALISERS.test(method) && object) {
      const v = df.valueAt(object);
      const what = v?.kind === 'frame' ? describe(v, ctx) : undefined;
      if (what) return `a serialised frame with ${what}`;
    }
    // buf.getvalue(): the buffer a frame was written into
    if (method === 'getvalue' && object) return personalDataIn(object, api, ctx, depth + 1);
    if (method === 'encode' && object) return personalDataIn(object, api, ctx, depth + 1);
    return undefined;
  }
  if (node.type === 'identifier') {
    // `with open(path, "rb") as fh:` around the upload
    const opened = withTarget(node);
    if (opened) return personalDataIn(opened, api, ctx, depth + 1);
    // a buffer that `frame.to_csv(buf)` filled
    const w = df.writes.find((x) => x.call.childForFieldName('arguments')?.namedChildren.find((a) => a && a.type !== 'comment')?.text === node.text && x.call.startIndex < node.startIndex);
    if (w) {
      const what = describe(w.frame, ctx);
      if (what) return `a buffer written from a frame with ${what}`;
    }
    // `body = frame.to_csv()` assigned before
    const assigned = lastAssignedValue(ctx.facts, node.text, node.startIndex);
    if (assigned?.type === 'call') {
      const what = personalDataIn(assigned, api, ctx, depth + 1);
      if (what) return what;
    }
  }
  if (api.payload !== 'path') return undefined;
  const v = df.valueAt(node);
  const path = stringValue(node) ?? (v?.kind === 'string' ? v.value : undefined);
  if (path === undefined) return undefined;
  const w = df.writes.find((x) => x.path !== undefined && (x.path === path || basename(x.path) === basename(path)));
  if (w) {
    const what = describe(w.frame, ctx);
    return what ? `file "${basename(path)}", written from a frame with ${what}` : undefined;
  }
  const load = df.loads.find((l) => {
    const src = l.source ? stringValue(l.source) : undefined;
    return src !== undefined && (src === path || basename(src) === basename(path));
  });
  const what = load ? describe(load.frame, ctx) : undefined;
  return what ? `file "${basename(path)}", which holds ${what}` : undefined;
}

/** The expression bound by an enclosing `with <expr> as <name>:` to this identifier. */
function withTarget(name: SyntaxNode): SyntaxNode | undefined {
  for (let p = name.parent; p; p = p.parent) {
    if (p.type !== 'with_statement') continue;
    for (const clause of p.namedChildren) {
      if (clause?.type !== 'with_clause') continue;
      for (const item of clause.namedChildren) {
        const as = item?.namedChildren[0];
        if (as?.type !== 'as_pattern') continue;
        const target = as.childForFieldName('alias') ?? as.namedChildren[as.namedChildren.length - 1];
        if (target?.text === name.text) return as.namedChildren[0] ?? undefined;
      }
    }
  }
  return undefined;
}

/** Whether the upload states an encryption setting (or passes options the file does not show). */
function encryptionStated(call: CallFact, api: UploadApi): boolean {
  if (call.hasSplat) return true;
  if (api.encryptionIn === 'kwargs') return [...call.kwargs.keys()].some((k) => ENCRYPTION_SETTINGS.has(k));
  const extra = call.kwargs.get('ExtraArgs') ?? (api.extraArgsIndex !== undefined ? call.args.slice(2).find((a) => a.type === 'dictionary' || a.type === 'identifier') : undefined);
  if (!extra) return false;
  if (extra.type !== 'dictionary') return true; // built elsewhere: not judged
  return extra.namedChildren.some((p) => p?.type === 'dictionary_splat' || (p?.type === 'pair' && ENCRYPTION_SETTINGS.has(stringValue(p.childForFieldName('key')) ?? '')));
}

function encryptionFix(call: CallFact, api: UploadApi, lines: LineIndex): Fix | undefined {
  let edit;
  if (api.encryptionIn === 'kwargs') edit = setKeywordArgument(call, 'ServerSideEncryption', `"${DEFAULT_SSE}"`, lines);
  else {
    const extra = call.kwargs.get('ExtraArgs');
    if (extra?.type === 'dictionary') {
      const open = extra.startIndex + 1;
      edit = { start: open, end: open, text: `"ServerSideEncryption": "${DEFAULT_SSE}"${extra.namedChildren.some((p) => p && p.type !== 'comment') ? ', ' : ''}` };
    } else if (!extra) edit = setKeywordArgument(call, 'ExtraArgs', `{"ServerSideEncryption": "${DEFAULT_SSE}"}`, lines);
  }
  return edit ? { title: 'Encrypt the object with SSE-KMS', applicability: 'unsafe', edits: [edit] } : undefined;
}

// The rule page is generated from `meta.docs` (`mlguard rules --write-docs docs/rules`): one source.
export const piiUploadedWithoutEncryption: Rule = {
  meta: {
    id: 'PII005',
    name: 'pii-uploaded-without-encryption',
    family: 'PII',
    defaultSeverity: 'warning',
    confidence: 'medium',
    title: 'Personal data uploaded to S3 without a server-side encryption setting',
    fixTitle: 'Encrypt the object with SSE-KMS',
    fixAvailability: 'sometimes',
    docs: {
      what: 'Reports boto3 S3 uploads — `upload_file(Filename, Bucket, Key)`, `upload_fileobj`, `put_object(Body=...)`, `Object.put(Body=...)`, in files that import boto3/aioboto3 — whose payload is personal data the file shows: a path this script wrote with `to_csv`/`to_parquet`/... from a frame that still holds personal-data columns (or the personal-data file it read), `open()` of such a path, a buffer such a frame was written into, or `frame.to_csv()` as the body; and that state no encryption (`ServerSideEncryption`, `SSEKMSKeyId`, `SSECustomerKey` in `ExtraArgs` or as keywords). `ExtraArgs` built elsewhere and `**kwargs` are not judged. Only the same file is analysed; GCS and Azure uploads are not covered (both always encrypt at rest; customer-managed keys are set on the bucket or client).',
      why: 'Without an explicit setting the object gets only the bucket default — SSE-S3 on AWS since January 2023, often nothing on MinIO or other S3-compatible stores — so anyone with read access to the bucket (or a leaked backup of it) reads the export in clear. SSE-KMS makes every read also need the key permission and records it in CloudTrail: the encryption and access control that GDPR Art. 32(1)(a) and Art. 25 expect for personal data (CWE-311 missing encryption of sensitive data).',
      example: {
        bad: 'import boto3\nimport pandas as pd\n\nfrom .audit import audit_event\n\ns3 = boto3.client("s3")\nscored = pd.read_csv("scored.csv", usecols=["email", "churn_score"])\naudit_event("export", dataset="scored", purpose="crm-sync")\ns3.put_object(Bucket="acme-exports", Key="daily/scores.csv", Body=scored.to_csv(index=False))',
        good: 'import boto3\nimport pandas as pd\n\nfrom .audit import audit_event\n\nEXPORTS_KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/exports"\ns3 = boto3.client("s3")\nscored = pd.read_csv("scored.csv", usecols=["email", "churn_score"])\naudit_event("export", dataset="scored", purpose="crm-sync")\ns3.put_object(Bucket="acme-exports", Key="daily/scores.csv", Body=scored.to_csv(index=False), ServerSideEncryption="aws:kms", SSEKMSKeyId=EXPORTS_KEY_ARN)',
      },
      fixSafety: 'Unsafe: adds `ServerSideEncryption: "aws:kms"` (in `ExtraArgs`, or as a keyword of `put_object`), which uses the account\'s default `aws/s3` KMS key unless `SSEKMSKeyId` names one; the uploading role and every reader then need permission on that key, and S3-compatible stores without KMS reject the upload.',
    },
    references: {
      cwe: ['CWE-311'],
      gdpr: ['Art. 32(1)(a)', 'Art. 25', 'Art. 5(1)(f)'],
      nist: ['Manage'],
      stride: ['Information disclosure'],
    },
  },
  check(ctx) {
    const usesS3 = S3_LIBRARIES.some((m) => ctx.facts.imports.has(m));
    if (!usesS3) return;
    for (const call of ctx.facts.calls) {
      const api = s3UploadOf(call, usesS3);
      if (!api) continue;
      const payload = uploadPayload(call, api);
      if (!payload || encryptionStated(call, api)) continue;
      const what = personalDataIn(payload, api, ctx);
      if (!what) continue;
      const fix = encryptionFix(call, api, ctx.lines);
      ctx.report({
        node: call.node,
        message: `Personal data is uploaded to S3 without a server-side encryption setting: ${what}. The object then gets only the bucket's default protection, and anyone with read access to the bucket reads it (GDPR Art. 32, CWE-311). Set \`ServerSideEncryption="aws:kms"\` (with \`SSEKMSKeyId\` for a dedicated key).`,
        related: [{ node: payload, message: 'what is uploaded' }],
        fixes: fix ? [fix] : [],
      });
    }
  },
};
