// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. Columns are UTF-16 code units
// (run.columnKind), locations are relative to %SRCROOT% (the working directory of the run).
// Suppressed findings are kept with an inSource suppression and its justification.
import type * as Sarif from 'sarif';
import { maskText } from '../mask';
import type { Finding, RuleMeta, Severity } from '../types';
import { defaultLinks, ruleDocUrl, type ProjectLinks, type ReportInput } from './model';
import { ruleDocMarkdown, ruleDocText, ruleTags, securitySeverity } from './rule-docs';
import { clipLine, SNIPPET_MAX, sortFindings } from './summary';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', note: 'note' };
const PRECISION = { high: 'high', medium: 'medium', low: 'low' } as const;

/** A relative path as a URI reference: forward slashes, each segment percent-encoded. */
export function pathToUri(path: string): string {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

function descriptor(meta: RuleMeta, links: ProjectLinks): Sarif.ReportingDescriptor {
  return {
    id: meta.id,
    name: meta.name,
    shortDescription: { text: meta.title },
    fullDescription: { text: `${meta.docs.what} ${meta.docs.why}` },
    help: { text: ruleDocText(meta), markdown: ruleDocMarkdown(meta) },
    helpUri: ruleDocUrl(meta.id, links),
    defaultConfiguration: { level: LEVEL[meta.defaultSeverity] },
    properties: {
      tags: ruleTags(meta),
      precision: PRECISION[meta.confidence],
      'security-severity': securitySeverity(meta),
      family: meta.family,
      ...(meta.references.cwe.length ? { cwe: meta.references.cwe } : {}),
    },
  };
}

function region(f: Finding): Sarif.Region {
  // A notebook result points at the .ipynb line holding the flagged source line (code scanning shows
  // that file); the cell and the line/column inside it are in the result's properties.
  if (f.cell) return { startLine: f.cell.fileLine ?? 1 };
  const loc = f.span;
  return {
    startLine: loc.line,
    startColumn: loc.column,
    endLine: loc.endLine,
    // SARIF regions are end-exclusive in columns, like ours; an empty span still covers one unit.
    endColumn: loc.endLine === loc.line && loc.endColumn <= loc.column ? loc.column + 1 : loc.endColumn,
    snippet: { text: clipLine(maskText(f.snippet), loc.column, loc.endColumn, SNIPPET_MAX).text },
  };
}

function fixesOf(f: Finding, input: ReportInput, uri: string): Sarif.Fix[] | undefined {
  if (f.cell) return undefined; // cell offsets cannot be expressed against the .ipynb text
  const lines = input.sources?.get(f.path);
  if (!lines) return undefined;
  const out: Sarif.Fix[] = [];
  for (const fix of f.fixes) {
    if (fix.applicability !== 'safe') continue;
    out.push({
      description: { text: maskText(fix.title) },
      artifactChanges: [
        {
          artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
          replacements: fix.edits.map((e) => {
            const a = lines.position(e.start);
            const b = lines.position(e.end);
            return {
              deletedRegion: { startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column },
              insertedContent: { text: e.text },
            };
          }),
        },
      ],
    });
  }
  return out.length ? out : undefined;
}

export function buildSarif(input: ReportInput): Sarif.Log {
  const links = input.links ?? defaultLinks();
  const rules = [...input.rules].sort((a, b) => a.id.localeCompare(b.id));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: Sarif.Result[] = sortFindings(input.findings).map((f) => {
    const uri = pathToUri(f.path);
    const physicalLocation: Sarif.PhysicalLocation = { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, region: region(f) };
    const cellNote = f.cell ? ` (notebook cell ${f.cell.index + 1}, line ${f.cell.line})` : '';
    const cellProps = f.cell ? { cell: f.cell.index + 1, cellLine: f.cell.line, cellColumn: f.cell.column } : {};
    const result: Sarif.Result = {
      ruleId: f.ruleId,
      ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
      level: LEVEL[f.severity],
      message: { text: maskText(f.message) + cellNote },
      locations: [{ physicalLocation, ...(f.cell ? { properties: cellProps } : {}) }],
      partialFingerprints: { 'mlguardFingerprint/v1': f.fingerprint },
      properties: { family: f.family, ...cellProps },
    };
    if (f.related.length) {
      result.relatedLocations = f.related.map((r, i) => ({
        id: i + 1,
        message: { text: maskText(r.message) },
        physicalLocation: {
          artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
          // Related spans of notebooks are cell-relative (the message names cell and line): the
          // region is the .ipynb line holding that source line, as for the result itself.
          ...(f.cell ? (r.cell?.fileLine ? { region: { startLine: r.cell.fileLine } } : {}) : { region: { startLine: r.span.line, startColumn: r.span.column, endLine: r.span.endLine, endColumn: Math.max(r.span.endColumn, r.span.endLine === r.span.line ? r.span.column + 1 : 1) } }),
        },
        ...(r.cell ? { properties: { cell: r.cell.index + 1, cellLine: r.cell.line, cellColumn: r.cell.column } } : {}),
      }));
    }
    const fixes = fixesOf(f, input, uri);
    if (fixes) result.fixes = fixes;
    if (f.suppression) {
      // Who made it (git blame of the pragma), when known: SARIF has no author field for suppressions.
      const by = f.suppression.by;
      const author = by ? { properties: by.kind === 'commit' ? { author: by.name, commit: by.commit, date: by.date } : { author: 'uncommitted' } } : {};
      result.suppressions = [{ kind: f.suppression.kind === 'baseline' ? 'external' : 'inSource', status: 'accepted', justification: maskText(f.suppression.reason), ...author }];
    }
    return result;
  });
  const notifications: Sarif.Notification[] = [
    ...input.diagnostics.map((d) => ({
      level: d.severity === 'error' ? ('error' as const) : ('warning' as const),
      message: { text: maskText(d.message) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: pathToUri(d.path), uriBaseId: '%SRCROOT%' },
            ...(d.line ? { region: { startLine: d.line, ...(d.column ? { startColumn: d.column } : {}) } } : {}),
          },
        },
      ],
    })),
  ];
  const run: Sarif.Run = {
    tool: {
      driver: {
        name: 'MLGuard',
        semanticVersion: input.toolVersion,
        version: input.toolVersion,
        informationUri: links.informationUri,
        rules: rules.map((r) => descriptor(r, links)),
      },
    },
    invocations: [{ executionSuccessful: true, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) }],
    originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The directory mlguard ran in; result paths are relative to it.' } } },
    columnKind: 'utf16CodeUnits',
    results,
  };
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [run],
  };
}

export function formatSarif(input: ReportInput): string {
  return JSON.stringify(buildSarif(input), null, 2) + '\n';
}
