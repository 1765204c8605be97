// DATA_HINT (models/frames.ts) decides whether the data-flow interpreter runs at all: it must
// match every DataFrame vocabulary the interpreter needs, and not plain file writes (which sent
// most of the standard library through the interpreter for nothing).
import { strict as assert } from 'node:assert';
import { analyzePython } from '../../src/engine';
import { DATA_HINT } from '../../src/engine/models/frames';
import { ready } from '../helpers/engine';

describe('DATA_HINT: when the DataFrame interpreter runs', () => {
  before(() => ready);

  it("matches Spark's writer chain, also across a line continuation or inside brackets", () => {
    for (const s of ['df.write.parquet("p")', 'df.write \\\n  .mode("overwrite")', '(df.write\n   .saveAsTable("t"))']) assert.ok(DATA_HINT.test(s), s);
  });

  it('does not match file writes, called or bound', () => {
    for (const s of ['fh.write(data)', 'sys.stdout.write ("x")', 'fdst_write = fdst.write\n', 'handle.write.return_value = None', 'stderr.write.assert_called_once()', 'test_view_fetch_returns_none()']) assert.ok(!DATA_HINT.test(s), s);
  });

  it('a Databricks job without imports (spark is a global) still reports a personal column written out', () => {
    const src = 'events = spark.read.table("raw.events").select("user_email", "amount")\nevents.write.mode("overwrite").parquet("s3://lake/events")\n';
    const r = analyzePython(src, 'job.py');
    r.tree.delete();
    assert.deepEqual(r.findings.filter((f) => f.ruleId === 'PII002').map((f) => f.span.line), [2]);
  });
});
