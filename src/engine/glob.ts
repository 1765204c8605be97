// Exclude globs from configuration files are untrusted input (a hostile repository writes its own
// pyproject.toml): regex-compiled globs backtrack exponentially on patterns like
// `*a*a*a*a*a*a*a*ab`, so MLGuard matches them with a linear-time wildcard matcher instead.
// Supported syntax: `*` (any run of characters except `/`), `?` (one character), `[abc]`, `[a-z]`,
// `[!abc]`/`[^abc]`, `{a,b}` alternatives, `**` as a whole path segment (any number of segments),
// and `\` escapes. Like .gitignore and ruff, a pattern without a slash matches a file or folder
// name at any depth; one with a slash matches the path relative to the config file's folder.
// Dot files are matched like any other name.

import { hasUnsafeTerminalChars } from './reports/text-escape';

type CharToken = { kind: 'lit'; ch: string } | { kind: 'any' } | { kind: 'star' } | { kind: 'class'; negate: boolean; ranges: [string, string][] };
type Segment = { kind: 'globstar' } | { kind: 'seg'; tokens: CharToken[] };

/** Most alternatives one pattern may expand to (`{a,b}{c,d}` is 4). */
const MAX_EXPANSIONS = 256;
/** Longest pattern accepted. */
const MAX_PATTERN_LENGTH = 1000;

export class GlobError extends Error {}

/** Expands `{a,b}` alternatives (nested too), bounded. */
function expandBraces(pattern: string): string[] {
  let depth = 0;
  let open = -1;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') {
      if (depth === 0) open = i;
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0) {
        const body = pattern.slice(open + 1, i);
        const parts: string[] = [];
        let d = 0;
        let start = 0;
        for (let k = 0; k < body.length; k++) {
          const b = body[k];
          if (b === '\\') k++;
          else if (b === '{') d++;
          else if (b === '}') d--;
          else if (b === ',' && d === 0) {
            parts.push(body.slice(start, k));
            start = k + 1;
          }
        }
        parts.push(body.slice(start));
        if (parts.length === 1) continue; // `{x}` is literal, like bash
        const head = pattern.slice(0, open);
        const tails = expandBraces(pattern.slice(i + 1));
        const out: string[] = [];
        for (const p of parts)
          for (const mid of expandBraces(p))
            for (const t of tails) {
              out.push(head + mid + t);
              if (out.length > MAX_EXPANSIONS) throw new GlobError(`expands to more than ${MAX_EXPANSIONS} alternatives`);
            }
        return out;
      }
    }
  }
  return [pattern];
}

function parseSegment(seg: string): CharToken[] {
  const tokens: CharToken[] = [];
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '\\') {
      if (i + 1 >= seg.length) throw new GlobError('ends with an unfinished escape "\\"');
      tokens.push({ kind: 'lit', ch: seg[++i] });
    } else if (c === '*') {
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === '?') tokens.push({ kind: 'any' });
    else if (c === '[') {
      let j = i + 1;
      let negate = false;
      if (seg[j] === '!' || seg[j] === '^') {
        negate = true;
        j++;
      }
      const ranges: [string, string][] = [];
      let first = true;
      for (; j < seg.length && (seg[j] !== ']' || first); j++) {
        first = false;
        let lo = seg[j];
        if (lo === '\\' && j + 1 < seg.length) lo = seg[++j];
        let hi = lo;
        if (seg[j + 1] === '-' && j + 2 < seg.length && seg[j + 2] !== ']') {
          hi = seg[j + 2] === '\\' && j + 3 < seg.length ? seg[j + 3] : seg[j + 2];
          j += seg[j + 2] === '\\' ? 3 : 2;
        }
        ranges.push([lo, hi]);
      }
      if (j >= seg.length) throw new GlobError('has an unclosed "["');
      tokens.push({ kind: 'class', negate, ranges });
      i = j;
    } else tokens.push({ kind: 'lit', ch: c });
  }
  return tokens;
}

function charMatches(t: CharToken, ch: string): boolean {
  switch (t.kind) {
    case 'lit':
      return t.ch === ch;
    case 'any':
      return true;
    case 'class': {
      const hit = t.ranges.some(([lo, hi]) => ch >= lo && ch <= hi);
      return t.negate ? !hit : hit;
    }
    default:
      return false;
  }
}

/**
 * The classic greedy wildcard algorithm, generic over units (characters of a name, segments of a
 * path): on a mismatch only the most recent star is widened, so the cost is O(pattern × text).
 */
function wildcard<T, U>(pattern: readonly T[], text: readonly U[], isStar: (t: T) => boolean, matches: (t: T, u: U) => boolean): boolean {
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < text.length) {
    if (p < pattern.length && !isStar(pattern[p]) && matches(pattern[p], text[s])) {
      p++;
      s++;
    } else if (p < pattern.length && isStar(pattern[p])) {
      starP = p++;
      starS = s;
    } else if (starP >= 0) {
      p = starP + 1;
      s = ++starS;
    } else return false;
  }
  while (p < pattern.length && isStar(pattern[p])) p++;
  return p === pattern.length;
}

function segmentMatches(seg: Segment, name: string): boolean {
  if (seg.kind === 'globstar') return true;
  return wildcard(seg.tokens, [...name], (t) => t.kind === 'star', charMatches);
}

/** One compiled glob (after brace expansion). */
interface Compiled {
  segments: Segment[];
}

function compileOne(pattern: string): Compiled {
  const segments: Segment[] = [];
  for (const part of pattern.split('/')) {
    if (part === '**') {
      if (segments[segments.length - 1]?.kind !== 'globstar') segments.push({ kind: 'globstar' });
    } else segments.push({ kind: 'seg', tokens: parseSegment(part) });
  }
  return { segments };
}

function matchPath(c: Compiled, segments: readonly string[]): boolean {
  return wildcard(c.segments, segments, (s) => s.kind === 'globstar', segmentMatches);
}

/** Checks one pattern; returns why it is unusable, or undefined. */
export function globProblem(pattern: string): string | undefined {
  if (pattern.trim() === '') return 'is empty (an empty pattern would match nothing; remove it)';
  if (pattern.length > MAX_PATTERN_LENGTH) return `is longer than ${MAX_PATTERN_LENGTH} characters`;
  if (hasUnsafeTerminalChars(pattern)) return 'contains a control character';
  try {
    for (const p of expandBraces(pattern)) compileOne(p);
  } catch (e) {
    if (e instanceof GlobError) return e.message;
    throw e;
  }
  return undefined;
}

/**
 * A matcher for exclude patterns over paths relative to the config's folder (forward slashes).
 * Invalid patterns (see globProblem) are skipped here; configuration validation reports them.
 */
export function excludeMatcher(patterns: readonly string[]): ((rel: string) => boolean) | undefined {
  const full: Compiled[] = [];
  const bare: Compiled[] = [];
  for (const raw of patterns) {
    if (globProblem(raw) !== undefined) continue;
    // A leading slash anchors the pattern to the config's folder (as in .gitignore).
    const anchored = raw.startsWith('/');
    const g = raw.replace(/^\.?\/+/, '').replace(/\/+$/, '');
    for (const p of expandBraces(g)) (anchored || p.includes('/') ? full : bare).push(compileOne(p));
  }
  if (full.length === 0 && bare.length === 0) return undefined;
  return (rel) => {
    const segments = rel.split('/').filter((s) => s !== '');
    const name = segments[segments.length - 1] ?? '';
    return full.some((c) => matchPath(c, segments)) || bare.some((c) => matchPath(c, [name]));
  };
}
