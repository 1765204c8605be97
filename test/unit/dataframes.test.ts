// DataFrame facts (src/engine/facts/dataframes.ts): loads, known columns, flows, masking, order.
import { strict as assert } from 'node:assert';
import { analyze, parsePython, type SyntaxNode } from '../../src/engine';
import { FileFacts } from '../../src/engine/facts';
import { dataframeFacts, liveColumns, parseSelectColumns, type Value } from '../../src/engine/facts/dataframes';
import { walk } from '../../src/engine/ast';
import { ready } from '../helpers/engine';

/** Value of the argument of the `probe(...)` call on the given (1-based) occurrence. */
function probe(source: string, occurrence = 1): Value | undefined {
  const tree = parsePython(source);
  const facts = new FileFacts(tree.rootNode);
  const df = dataframeFacts(facts);
  const calls: SyntaxNode[] = [];
  walk(tree.rootNode, (n) => {
    if (n.type === 'call' && n.childForFieldName('function')?.text === 'probe') calls.push(n);
  });
  const arg = calls[occurrence - 1]?.childForFieldName('arguments')?.namedChildren[0];
  assert.ok(arg, 'probe() call not found');
  return df.valueAt(arg);
}

function live(source: string, occurrence = 1): string[] {
  const v = probe(source, occurrence);
  assert.equal(v?.kind, 'frame', `expected a frame, got ${v?.kind}`);
  return v.kind === 'frame' ? liveColumns(v).map((c) => c.name).sort() : [];
}

describe('dataframe facts', () => {
  before(() => ready);

  it('parses SELECT lists with aliases, qualified names and functions; * means unknown', () => {
    assert.deepEqual(parseSelectColumns('SELECT c.name AS full_name, c.email, age FROM customers c'), { columns: ['full_name', 'email', 'age'], star: false });
    assert.deepEqual(parseSelectColumns('select id, upper(email) as email_u, count(*) n from t group by id')?.columns, ['id', 'email_u', 'n']);
    assert.equal(parseSelectColumns('SELECT * FROM events')?.star, true);
    assert.deepEqual(parseSelectColumns('SELECT DISTINCT "ssn", t.phone FROM t')?.columns, ['ssn', 'phone']);
    assert.equal(parseSelectColumns('UPDATE t SET a = 1'), undefined);
  });

  it('knows columns from usecols, SQL, DataFrame literals and records', () => {
    assert.deepEqual(live('import pandas as pd\ndf = pd.read_csv("a.csv", usecols=["email", "age"])\nprobe(df)'), ['age', 'email']);
    assert.deepEqual(live('import pandas as pd\ndf = pd.read_sql("SELECT name AS full_name, ssn FROM p", con)\nprobe(df)'), ['full_name', 'ssn']);
    assert.deepEqual(live('import pandas as pd\ndf = pd.DataFrame({"email": e, "score": s})\nprobe(df)'), ['email', 'score']);
    assert.deepEqual(live('import pandas as pd\nrows = []\nfor r in src:\n    rows.append({"phone": r[0], "x": 1})\nprobe(pd.DataFrame(rows))'), ['phone', 'x']);
    assert.deepEqual(live('import pandas as pd\nfrom sqlalchemy import text\ndf = pd.read_sql(text("SELECT email FROM t"), eng)\nprobe(df)'), ['email']);
    assert.deepEqual(live('df = client.query("SELECT user_id, postcode FROM crm.p").to_dataframe()\nprobe(df)'), ['postcode', 'user_id']);
  });

  it('reads SQL built with .format, %, f-strings, concatenation and textwrap.dedent', () => {
    const head = 'import textwrap\nimport pandas as pd\nT = "crm.customers"\n';
    assert.deepEqual(live(head + 'q = "SELECT name, email FROM {t}".format(t=T)\nprobe(pd.read_sql(q, con))'), ['email', 'name']);
    assert.deepEqual(live(head + 'q = "SELECT ssn FROM %s" % T\nprobe(pd.read_sql(q, con))'), ['ssn']);
    assert.deepEqual(live(head + 'q = f"SELECT phone, plan FROM {T}"\nprobe(pd.read_sql(q, con))'), ['phone', 'plan']);
    assert.deepEqual(live(head + 'q = "SELECT iban, " + "amount FROM tx"\nprobe(pd.read_sql(q, con))'), ['amount', 'iban']);
    assert.deepEqual(live(head + 'q = textwrap.dedent("""\n    SELECT passport_no\n    FROM kyc\n""")\nprobe(pd.read_sql(q, con))'), ['passport_no']);
  });

  it('discovers columns of an open load from later reads and drops, anywhere in the scope', () => {
    const src = 'import pandas as pd\ndf = pd.read_csv("c.csv")\nprobe(df)\nprint(df["email"].nunique())\nx = df.drop(columns=["ssn"])';
    assert.deepEqual(live(src), ['email', 'ssn']);
    const facts = new FileFacts(parsePython(src).rootNode);
    const load = dataframeFacts(facts).loads[0];
    assert.equal(load.frame.open, true);
    assert.equal(load.source?.text, '"c.csv"');
  });

  it('follows feature lists, selections, copies, merges and train/test splits', () => {
    const src = [
      'import pandas as pd',
      'from sklearn.model_selection import train_test_split',
      'FEATURES = ["age", "email"]',
      'df = pd.read_csv("c.csv", usecols=["age", "email", "phone", "y"])',
      'X = df[FEATURES].copy()',
      'X_tr, X_te, y_tr, y_te = train_test_split(X, df["y"])',
      'probe(X_tr)',
      'extra = pd.read_csv("e.csv", usecols=["iban"])',
      'probe(df.merge(extra, on="id"))',
      'cols = ["age"]',
      'cols.append("phone")',
      'probe(df.loc[:, cols])',
      'probe(df.filter(items=["email"]))',
      'probe(df[FEATURES[:1] + ["y"]])',
    ].join('\n');
    assert.deepEqual(live(src, 1), ['age', 'email']);
    assert.deepEqual(live(src, 2), ['age', 'email', 'iban', 'phone', 'y']);
    assert.deepEqual(live(src, 3), ['age', 'phone']);
    assert.deepEqual(live(src, 4), ['email']);
    assert.deepEqual(live(src, 5), ['age', 'y']);
  });

  it('removes columns by drop, del, pop, excluding comprehension, select_dtypes', () => {
    const head = 'import pandas as pd\ndf = pd.read_csv("c.csv", usecols=["email", "age", "name", "y"])\n';
    assert.deepEqual(live(head + 'probe(df.drop(columns=["email", "name"]))'), ['age', 'y']);
    assert.deepEqual(live(head + 'probe(df.drop(["email"], axis=1))'), ['age', 'name', 'y']);
    assert.deepEqual(live(head + 'del df["email"]\nprobe(df)'), ['age', 'name', 'y']);
    assert.deepEqual(live(head + 'df.pop("name")\nprobe(df)'), ['age', 'email', 'y']);
    assert.deepEqual(live(head + 'df.drop(columns=["email"], inplace=True)\nprobe(df)'), ['age', 'name', 'y']);
    assert.deepEqual(live(head + 'probe(df[[c for c in df.columns if c not in ("email", "y")]])'), ['age', 'name']);
    assert.deepEqual(live(head + 'probe(df.select_dtypes(include="number"))'), ['age']);
    // rows dropped (no axis) keep every column
    assert.deepEqual(live(head + 'probe(df.drop([0, 1]))'), ['age', 'email', 'name', 'y']);
  });

  it('is order-aware: a drop or mask after the use does not count', () => {
    const src = 'import pandas as pd\ndf = pd.read_csv("c.csv", usecols=["email", "age"])\nprobe(df)\ndf = df.drop(columns=["email"])\nprobe(df)';
    assert.deepEqual(live(src, 1), ['age', 'email']);
    assert.deepEqual(live(src, 2), ['age']);
  });

  it('masks columns assigned from keyed/pseudonymising/redacting calls, not from unsalted digests or other calls', () => {
    const head = 'import hashlib\nimport hmac\nimport pandas as pd\ndf = pd.read_csv("c.csv", usecols=["email", "phone"])\n';
    assert.deepEqual(live(head + 'df["email"] = df["email"].map(lambda v: hmac.new(KEY, v.encode(), hashlib.sha256).hexdigest())\nprobe(df)'), ['phone']);
    assert.deepEqual(live(head + 'df["email"] = df["email"].map(lambda v: hashlib.sha256((SALT + v).encode()).hexdigest())\nprobe(df)'), ['phone']);
    assert.deepEqual(live(head + 'df["email"] = df["email"].map(lambda v: hashlib.sha256(v.encode()).hexdigest())\nprobe(df)'), ['email', 'phone']);
    assert.deepEqual(live(head + 'df["email"] = df["email"].apply(pseudonymize)\nprobe(df)'), ['phone']);
    assert.deepEqual(live(head + 'df["phone"] = "REDACTED"\nprobe(df)'), ['email']);
    assert.deepEqual(live(head + 'def anon(v):\n    return hashlib.md5(v.encode()).hexdigest()\ndf["email"] = df["email"].map(anon)\nprobe(df)'), ['email', 'phone']);
    assert.deepEqual(live(head + 'def anon(v):\n    return hmac.new(KEY, v.encode(), "sha256").hexdigest()\ndf["email"] = df["email"].map(anon)\nprobe(df)'), ['phone']);
    assert.deepEqual(live(head + 'df["email"] = df["email"].str.lower()\nprobe(df)'), ['email', 'phone']);
    // a variable whose name mentions masking is not a masking call
    assert.deepEqual(live(head + 'masked = df.copy()\nprobe(masked.head())'), ['email', 'phone']);
  });

  it('keeps the source name through renames and copies', () => {
    const src = 'import pandas as pd\ndf = pd.read_csv("c.csv", usecols=["email"])\ndf = df.rename(columns={"email": "contact"})\ndf["backup"] = df["contact"]\nprobe(df)';
    const v = probe(src);
    assert.equal(v?.kind, 'frame');
    if (v?.kind !== 'frame') return;
    assert.equal(v.columns.get('contact')?.sourceName, 'email');
    assert.equal(v.columns.get('backup')?.sourceName, 'email');
  });

  it('evaluates same-file functions with their arguments (loaders, cleaners, splitters)', () => {
    const src = [
      'import pandas as pd',
      'from sklearn.model_selection import train_test_split',
      'def load(path):',
      '    return pd.read_csv(path, usecols=["ssn", "income", "y"])',
      'def clean(frame):',
      '    return frame.drop(columns=["ssn"])',
      'def split(d):',
      '    return train_test_split(d.drop(columns=["y"]), d["y"])',
      'raw = load("a.csv")',
      'probe(raw)',
      'probe(clean(raw))',
      'a, b, c, d = split(raw)',
      'probe(a)',
      'probe(raw.pipe(clean))',
    ].join('\n');
    assert.deepEqual(live(src, 1), ['income', 'ssn', 'y']);
    assert.deepEqual(live(src, 2), ['income', 'y']);
    assert.deepEqual(live(src, 3), ['income', 'ssn']);
    assert.deepEqual(live(src, 4), ['income', 'y']);
  });

  it('inside a function, parameters see the columns callers pass', () => {
    const src = 'import pandas as pd\ndef train(df):\n    probe(df)\nraw = pd.read_csv("a.csv", usecols=["email", "x"])\ntrain(raw)';
    assert.deepEqual(live(src), ['email', 'x']);
  });

  it('tracks Spark select/withColumn/drop and salted sha2 masking; an unsalted sha2 does not mask', () => {
    const src = [
      'from pyspark.sql import functions as F',
      'ev = spark.sql("SELECT user_email, ip_address, event FROM raw.events")',
      'probe(ev.select("user_email", "event"))',
      'probe(ev.withColumn("user_email", F.sha2(F.concat(F.col("user_email"), F.lit(PEPPER)), 256)))',
      'probe(ev.drop("ip_address"))',
      'probe(ev.select(F.sha2(F.concat_ws("|", F.lit(SALT), F.col("user_email")), 256).alias("user_email")))',
      'probe(ev.withColumn("user_email", F.sha2(F.col("user_email"), 256)))',
    ].join('\n');
    assert.deepEqual(live(src, 1), ['event', 'user_email']);
    assert.deepEqual(live(src, 2), ['event', 'ip_address']);
    assert.deepEqual(live(src, 3), ['event', 'user_email']);
    assert.deepEqual(live(src, 4), []);
    assert.deepEqual(live(src, 5), ['event', 'ip_address', 'user_email']);
  });

  it('models the input columns of ColumnTransformer, VectorAssembler and formula models', () => {
    const src = [
      'from sklearn.compose import ColumnTransformer',
      'from sklearn.pipeline import Pipeline',
      'from pyspark.ml.feature import VectorAssembler, StringIndexer',
      'import statsmodels.formula.api as smf',
      'pre = ColumnTransformer([("n", S(), ["income", "age"]), ("c", O(), ["gender"])], remainder="passthrough")',
      'probe(Pipeline([("pre", pre), ("m", M())]))',
      'idx = StringIndexer(inputCol="marital_status", outputCol="marital_idx")',
      'probe(VectorAssembler(inputCols=["ltv", "marital_idx"], outputCol="features"))',
      'probe(smf.logit("y ~ score + C(nationality)", data=df))',
    ].join('\n');
    const p = probe(src, 1);
    assert.equal(p?.kind, 'model');
    if (p?.kind === 'model') {
      assert.deepEqual(p.columns.map((c) => c.name), ['income', 'age', 'gender']);
      assert.equal(p.passthrough, true);
    }
    const v = probe(src, 2);
    assert.ok(v?.kind === 'model' && v.columns.some((c) => c.name === 'marital_idx' && c.sourceName === 'marital_status'));
    const f = probe(src, 3);
    assert.ok(f?.kind === 'model');
    if (f?.kind === 'model') assert.deepEqual(f.columns.map((c) => c.name), ['score', 'nationality']);
  });

  it('records exports with their frame and path', () => {
    const tree = parsePython('import pandas as pd\ndf = pd.read_csv("c.csv", usecols=["email"])\nOUT = "out/scores.csv"\ndf.to_csv(OUT, index=False)');
    const df = dataframeFacts(new FileFacts(tree.rootNode));
    assert.equal(df.writes.length, 1);
    assert.equal(df.writes[0].path, 'out/scores.csv');
    assert.deepEqual(liveColumns(df.writes[0].frame).map((c) => c.name), ['email']);
  });
});

describe('dataframe facts: files without DataFrame vocabulary', () => {
  before(() => ready);
  it('skips the interpreter where no data library, export or frame name appears, and value rules still judge names', () => {
    const plain = 'import logging\nlog = logging.getLogger(__name__)\n\ndef notify(user):\n    log.info("mail to %s", user["email"])\n';
    const tree = parsePython(plain);
    const facts = new FileFacts(tree.rootNode);
    assert.deepEqual(dataframeFacts(facts).loads, []);
    tree.delete();
    assert.deepEqual(analyze(plain, 'notify.py').map((f) => `${f.ruleId}:${f.span.line}`), ['PII003:5']);
    // the same code in a file that uses pandas goes through the interpreter
    const data = 'import pandas as pd\ndf = pd.read_csv("u.csv")\nprint(df[["email", "plan"]])\n';
    const t2 = parsePython(data);
    assert.equal(dataframeFacts(new FileFacts(t2.rootNode)).loads.length, 1);
    t2.delete();
  });
});

describe('dataframe facts: the vocabulary columns are assumed from (VocabularySource)', () => {
  before(() => ready);

  const source = [
    'import pandas as pd',
    '',
    'def load(path):',
    '    df = pd.read_csv(path)',
    '    return df[["tenure", "charges"]]',
    '',
    'def features(frame):',
    '    probe(frame)',
    '',
  ].join('\n');

  /** The columns of `frame` inside `features`, as [name, assumed], with the facts used. */
  function assumedColumns(vocabularySource?: (own: ReadonlyMap<string, SyntaxNode>, pass: number) => ReadonlyMap<string, SyntaxNode>): { columns: [string, boolean][]; facts: FileFacts } {
    const tree = parsePython(source);
    const facts = new FileFacts(tree.rootNode);
    facts.vocabularySource = vocabularySource;
    const calls: SyntaxNode[] = [];
    walk(tree.rootNode, (n) => {
      if (n.type === 'call' && n.childForFieldName('function')?.text === 'probe') calls.push(n);
    });
    const arg = calls[0]?.childForFieldName('arguments')?.namedChildren[0];
    assert.ok(arg);
    const v = dataframeFacts(facts).valueAt(arg);
    assert.equal(v?.kind, 'frame');
    return { columns: v?.kind === 'frame' ? [...v.columns.values()].map((c) => [c.name, !!c.assumed]) : [], facts };
  }

  it('is the file\'s own by default, and the first pass\'s vocabulary is exposed in the order seen', () => {
    const { columns, facts } = assumedColumns();
    assert.deepEqual(columns, [['tenure', true], ['charges', true]]);
    assert.deepEqual([...facts.firstPassVocabulary.keys()], ['tenure', 'charges']);
    assert.ok(facts.wholeFileReads.includes('columns assumed from the file vocabulary'));
  });

  it('is what the source gives: the same map gives the same columns, another map other columns', () => {
    assert.deepEqual(assumedColumns((own) => own).columns, [['tenure', true], ['charges', true]]);
    const passes: number[] = [];
    const { columns, facts } = assumedColumns((own, pass) => {
      passes.push(pass);
      const first = [...own.values()][0];
      return new Map([['email', first], ...own]);
    });
    assert.deepEqual(columns, [['email', true], ['tenure', true], ['charges', true]]);
    assert.deepEqual(passes, [0, 1]);
    // the exposed vocabulary is the file's own, not the replacement
    assert.deepEqual([...facts.firstPassVocabulary.keys()], ['tenure', 'charges']);
    assert.deepEqual(assumedColumns(() => new Map()).columns, []);
  });
});
