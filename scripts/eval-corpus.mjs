#!/usr/bin/env node
// Scores the CLI against the independent evaluation corpus (test/corpus).
//
// Ground truth is a trailing `# truth: FAM[, FAM...]` comment on the line where a reviewer expects
// the finding (in notebooks: inside the code cell's source). `# trap` comments only document
// deliberate traps and are ignored here, except that false positives on them are labelled.
// A prediction is (file, line, family) with family = the rule id's leading letters; findings of the
// MLG family (the tool's own) and suppressed results are not counted. Several results of the same
// family on the same line count once. Notebook results are matched by (cell, line in cell), using
// the cell number and line the SARIF result carries in properties.cell / properties.cellLine. A family written with a trailing
// `?` (`# truth: FAIR, PII?`) is an optional truth, for judgement calls DESIGN.md leaves open: found,
// it counts as a true positive; missed, it is not a false negative (the strict recall, which
// requires it, is printed too).
//
// Usage: node scripts/eval-corpus.mjs [--json] [--sarif FILE] [--corpus DIR]
//                                     [--min-precision P] [--min-recall R]
// Exit code: 0 (it is a measurement) unless a threshold is given and missed (1), or the CLI could
// not produce a report (2).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
export const FAMILIES = ['SEC', 'PII', 'AUD', 'FAIR', 'SER', 'TLS'];
/** Families added after the corpus was annotated (issue 11): counted apart until an independent annotation covers them. */
export const UNANNOTATED_FAMILIES = ['SUP', 'SRV'];
const TRUTH_RE = /#\s*truth:\s*([A-Za-z][A-Za-z0-9]*\??(?:\s*,\s*[A-Za-z][A-Za-z0-9]*\??)*)\s*$/;
const TRAP_RE = /#\s*trap\b/;

function parseArgs(argv) {
  const opts = { json: false, sarif: null, corpus: 'test/corpus', minPrecision: null, minRecall: null, minFamilyPrecision: null, minFamilyRecall: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--json') opts.json = true;
    else if (a === '--sarif') opts.sarif = next();
    else if (a === '--corpus') opts.corpus = next();
    else if (a === '--min-precision') opts.minPrecision = Number(next());
    else if (a === '--min-recall') opts.minRecall = Number(next());
    else if (a === '--min-family-precision') opts.minFamilyPrecision = Number(next());
    else if (a === '--min-family-recall') opts.minFamilyRecall = Number(next());
    else if (a === '-h' || a === '--help') {
      console.log('Usage: node scripts/eval-corpus.mjs [--json] [--sarif FILE] [--corpus DIR] [--min-precision P] [--min-recall R] [--min-family-precision P] [--min-family-recall R]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  for (const k of ['minPrecision', 'minRecall', 'minFamilyPrecision', 'minFamilyRecall']) {
    if (opts[k] !== null && !(opts[k] >= 0 && opts[k] <= 1)) throw new Error(`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must be between 0 and 1`);
  }
  return opts;
}

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === '__pycache__' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (/\.(py|pyw|ipynb)$/.test(name)) out.push(p);
  }
  return out;
}

/** Code cells of a notebook: { cell (1-based among all cells, as the SARIF reports it), lines }. */
export function notebookCells(text) {
  const doc = JSON.parse(text);
  const out = [];
  (doc.cells ?? []).forEach((c, i) => {
    if (c.cell_type !== 'code') return;
    const src = Array.isArray(c.source) ? c.source.join('') : String(c.source ?? '');
    out.push({ cell: i + 1, lines: src.split(/\r?\n/) });
  });
  return out;
}

/** Location key: "12" for a line of a .py file, "c3:4" for line 4 of notebook cell 3. */
const locKey = (cell, line) => (cell ? `c${cell}:${line}` : String(line));

/** Every line of the corpus: [{ file, cell, line, families, optional, trap, text }]. */
export function readAnnotations(corpusDir) {
  const out = [];
  for (const path of walk(corpusDir)) {
    const file = relative(corpusDir, path).split(sep).join('/');
    const text = readFileSync(path, 'utf8');
    const blocks = path.endsWith('.ipynb') ? notebookCells(text) : [{ cell: null, lines: text.split(/\r?\n/) }];
    for (const { cell, lines } of blocks) {
      lines.forEach((raw, i) => {
        const m = TRUTH_RE.exec(raw);
        const trap = TRAP_RE.test(raw);
        const fams = m ? m[1].split(',').map((s) => s.trim().toUpperCase()) : [];
        out.push({ file, cell, line: i + 1, families: fams.filter((f) => !f.endsWith('?')), optional: fams.filter((f) => f.endsWith('?')).map((f) => f.slice(0, -1)), trap, text: raw.trim() });
      });
    }
  }
  return out;
}

function runCli(corpusDir) {
  const cli = join(root, 'dist', 'cli.js');
  if (!existsSync(cli)) {
    console.error('dist/cli.js not found: run `npm run build` first.');
    process.exit(2);
  }
  const newest = (dir) => {
    let t = 0;
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const s = statSync(p);
      t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
    }
    return t;
  };
  if (existsSync(join(root, 'src')) && newest(join(root, 'src')) > statSync(cli).mtimeMs) {
    console.error('hint: dist/cli.js is older than src/: run `npm run build` to measure the current rules.');
  }
  const tmp = mkdtempSync(join(tmpdir(), 'mlguard-eval-'));
  const out = join(tmp, 'corpus.sarif');
  const res = spawnSync(process.execPath, [cli, 'audit', relative(root, corpusDir) || '.', '--format', 'sarif', '--fail-on', 'never', '--no-progress', '--output', out], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (!existsSync(out)) {
    console.error(`mlguard audit produced no report (exit ${res.status}).\n${res.stderr ?? ''}${res.stdout ?? ''}`);
    rmSync(tmp, { recursive: true, force: true });
    process.exit(2);
  }
  if (res.status !== 0) console.error(`note: mlguard audit exited ${res.status}: ${(res.stderr ?? '').trim().split('\n').slice(0, 5).join(' | ')}`);
  const sarif = JSON.parse(readFileSync(out, 'utf8'));
  rmSync(tmp, { recursive: true, force: true });
  return sarif;
}

/** Predictions from a SARIF log: Map key "file|loc|FAM" -> [{ file, cell, line, family, ruleId, message, snippet }]. */
export function predictionsFromSarif(sarif, corpusDir) {
  const preds = new Map();
  let mlg = 0;
  const unannotated = {};
  let suppressed = 0;
  let outside = 0;
  for (const run of sarif.runs ?? []) {
    for (const r of run.results ?? []) {
      const family = /^[A-Z]+/.exec(r.ruleId ?? '')?.[0] ?? '?';
      if ((r.suppressions ?? []).length) {
        suppressed++;
        continue;
      }
      if (family === 'MLG') {
        mlg++;
        continue;
      }
      if (UNANNOTATED_FAMILIES.includes(family)) {
        unannotated[family] = (unannotated[family] ?? 0) + 1;
        continue;
      }
      const loc = r.locations?.[0];
      const uri = decodeURIComponent(loc?.physicalLocation?.artifactLocation?.uri ?? '');
      const abs = resolve(root, uri.replace(/^file:\/\//, ''));
      const file = relative(corpusDir, abs).split(sep).join('/');
      if (file.startsWith('..')) {
        outside++;
        continue;
      }
      const region = loc?.physicalLocation?.region ?? {};
      const rawCell = r.properties?.cell ?? loc?.properties?.cell;
      const cell = rawCell === undefined ? null : typeof rawCell === 'object' ? Number(rawCell.index) + 1 : Number(rawCell);
      // notebook results carry the .ipynb line in the region and the line inside the cell in properties
      const cellLine = r.properties?.cellLine ?? loc?.properties?.cellLine;
      const line = Number(cell !== null && cellLine !== undefined ? cellLine : (region.startLine ?? 0));
      const key = `${file}|${locKey(cell, line)}|${family}`;
      const entry = { file, cell, line, family, ruleId: r.ruleId, message: r.message?.text ?? '', snippet: (region.snippet?.text ?? '').trim() };
      if (!preds.has(key)) preds.set(key, []);
      preds.get(key).push(entry);
    }
  }
  return { preds, mlg, unannotated, suppressed, outside };
}

export function score(annotations, preds) {
  const truths = new Map();
  const optional = new Map();
  const byLoc = new Map();
  for (const a of annotations) {
    byLoc.set(`${a.file}|${locKey(a.cell, a.line)}`, a);
    for (const fam of a.families) truths.set(`${a.file}|${locKey(a.cell, a.line)}|${fam}`, a);
    for (const fam of a.optional ?? []) optional.set(`${a.file}|${locKey(a.cell, a.line)}|${fam}`, a);
  }
  const fams = [...new Set([...FAMILIES, ...[...preds.values()].map((p) => p[0].family)])];
  const per = Object.fromEntries(fams.map((f) => [f, { tp: 0, fp: 0, fn: 0, optionalFound: 0, optionalMissed: 0 }]));
  const fps = [];
  const fns = [];
  for (const [key, list] of preds) {
    const p = list[0];
    if (truths.has(key)) per[p.family].tp++;
    else if (optional.has(key)) {
      per[p.family].tp++;
      per[p.family].optionalFound++;
    } else {
      per[p.family].fp++;
      const a = byLoc.get(`${p.file}|${locKey(p.cell, p.line)}`);
      fps.push({ ...p, rules: [...new Set(list.map((x) => x.ruleId))], trap: Boolean(a?.trap), text: a?.text ?? p.snippet });
    }
  }
  for (const [key, a] of truths) {
    const fam = key.slice(key.lastIndexOf('|') + 1);
    if (!per[fam]) per[fam] = { tp: 0, fp: 0, fn: 0, optionalFound: 0, optionalMissed: 0 };
    if (!preds.has(key)) {
      per[fam].fn++;
      fns.push({ file: a.file, cell: a.cell, line: a.line, family: fam, text: a.text });
    }
  }
  const optionalMisses = [];
  for (const [key, a] of optional) {
    const fam = key.slice(key.lastIndexOf('|') + 1);
    if (!per[fam]) per[fam] = { tp: 0, fp: 0, fn: 0, optionalFound: 0, optionalMissed: 0 };
    if (!preds.has(key)) {
      per[fam].optionalMissed++;
      optionalMisses.push({ file: a.file, cell: a.cell, line: a.line, family: fam, text: a.text });
    }
  }
  // A false negative with a false positive of the same family within 3 lines is probably a
  // finding reported on a different line than the annotation: say so, it helps tuning.
  for (const fn of fns) {
    const near = fps.find((fp) => fp.file === fn.file && fp.family === fn.family && fp.cell === fn.cell && Math.abs(fp.line - fn.line) <= 3);
    if (near) fn.nearFp = near.line;
  }
  const ratio = (n, d) => (d === 0 ? null : n / d);
  const families = {};
  const total = { tp: 0, fp: 0, fn: 0, optionalFound: 0, optionalMissed: 0 };
  for (const [f, c] of Object.entries(per)) {
    families[f] = { ...c, precision: ratio(c.tp, c.tp + c.fp), recall: ratio(c.tp, c.tp + c.fn), strictRecall: ratio(c.tp, c.tp + c.fn + c.optionalMissed) };
    for (const k of Object.keys(total)) total[k] += c[k];
  }
  const overall = { ...total, precision: ratio(total.tp, total.tp + total.fp), recall: ratio(total.tp, total.tp + total.fn), strictRecall: ratio(total.tp, total.tp + total.fn + total.optionalMissed) };
  const order = (x, y) => x.file.localeCompare(y.file) || (x.cell ?? 0) - (y.cell ?? 0) || x.line - y.line || x.family.localeCompare(y.family);
  return { families, overall, falsePositives: fps.sort(order), falseNegatives: fns.sort(order), optionalMissed: optionalMisses.sort(order) };
}

const pct = (v) => (v === null ? '   - ' : `${(v * 100).toFixed(1).padStart(5)}%`);
const where = (x) => `${x.file}${x.cell ? ` cell ${x.cell}` : ''}:${x.line}`;
const clip = (s, n) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

function printText(result, meta) {
  const lines = [];
  lines.push(`MLGuard evaluation corpus: ${meta.files} files, ${meta.truths} truths + ${meta.optionalTruths} optional (${meta.traps} documented traps)`);
  lines.push('');
  lines.push('family    TP    FP    FN  precision  recall   (optional truths found/missed; strict recall)');
  const row = (f, c) => `${f.padEnd(6)} ${String(c.tp).padStart(5)} ${String(c.fp).padStart(5)} ${String(c.fn).padStart(5)}    ${pct(c.precision)}  ${pct(c.recall)}` + (c.optionalFound + c.optionalMissed ? `   (${c.optionalFound}/${c.optionalMissed}; ${pct(c.strictRecall).trim()})` : '');
  for (const [f, c] of Object.entries(result.families)) lines.push(row(f, c));
  const o = result.overall;
  lines.push(row('ALL', o));
  const unannotated = Object.entries(meta.unannotated ?? {}).map(([f, n]) => `${n} ${f}`).join(', ');
  lines.push(`(not counted: ${meta.mlg} MLG findings, ${meta.suppressed} suppressed results, ${meta.outside} results outside the corpus${unannotated ? `, ${unannotated} findings of families the corpus is not annotated for` : ''})`);
  lines.push('');
  lines.push(`False positives (${result.falsePositives.length}):`);
  for (const fp of result.falsePositives) {
    lines.push(`  ${where(fp)}  ${fp.rules.join(',')}${fp.trap ? '  [trap]' : ''}  ${clip(fp.message.replace(/\s+/g, ' '), 140)}`);
    lines.push(`      | ${clip(fp.text, 150)}`);
  }
  lines.push('');
  lines.push(`False negatives (${result.falseNegatives.length}):`);
  for (const fn of result.falseNegatives) {
    lines.push(`  ${where(fn)}  ${fn.family}${fn.nearFp ? `  (a ${fn.family} finding was reported on line ${fn.nearFp} instead?)` : ''}`);
    lines.push(`      | ${clip(fn.text, 150)}`);
  }
  if (result.optionalMissed.length) {
    lines.push('');
    lines.push(`Optional truths not reported (judgement calls, not counted as false negatives) (${result.optionalMissed.length}):`);
    for (const m of result.optionalMissed) lines.push(`  ${where(m)}  ${m.family}?`);
  }
  console.log(lines.join('\n'));
}

function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`eval-corpus: ${e.message}`);
    process.exit(2);
  }
  const corpusDir = resolve(root, opts.corpus);
  const annotations = readAnnotations(corpusDir);
  const sarif = opts.sarif ? JSON.parse(readFileSync(resolve(opts.sarif), 'utf8')) : runCli(corpusDir);
  const { preds, mlg, unannotated, suppressed, outside } = predictionsFromSarif(sarif, corpusDir);
  if (preds.size === 0 && !opts.sarif) {
    console.error('warning: the CLI reported nothing in the corpus: is test/corpus excluded by a config file or .gitignore?');
  }
  const result = score(annotations, preds);
  const meta = {
    files: new Set(annotations.map((a) => a.file)).size,
    truths: annotations.reduce((n, a) => n + a.families.length, 0),
    optionalTruths: annotations.reduce((n, a) => n + (a.optional?.length ?? 0), 0),
    traps: annotations.filter((a) => a.trap).length,
    mlg,
    unannotated,
    suppressed,
    outside,
  };
  if (opts.json) console.log(JSON.stringify({ ...meta, ...result }, null, 2));
  else printText(result, meta);
  const o = result.overall;
  let failed = false;
  if (opts.minPrecision !== null && (o.precision ?? 0) < opts.minPrecision) {
    console.error(`precision ${pct(o.precision).trim()} is below --min-precision ${opts.minPrecision}`);
    failed = true;
  }
  if (opts.minRecall !== null && (o.recall ?? 0) < opts.minRecall) {
    console.error(`recall ${pct(o.recall).trim()} is below --min-recall ${opts.minRecall}`);
    failed = true;
  }
  // Per family: a family with no truths and no findings in this corpus has nothing to gate.
  for (const [family, c] of Object.entries(result.families)) {
    if (opts.minFamilyPrecision !== null && c.precision !== null && c.precision < opts.minFamilyPrecision) {
      console.error(`${family} precision ${pct(c.precision).trim()} is below --min-family-precision ${opts.minFamilyPrecision}`);
      failed = true;
    }
    if (opts.minFamilyRecall !== null && c.recall !== null && c.recall < opts.minFamilyRecall) {
      console.error(`${family} recall ${pct(c.recall).trim()} is below --min-family-recall ${opts.minFamilyRecall}`);
      failed = true;
    }
  }
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
