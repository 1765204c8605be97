// Small pure text formatters for the sidebar and the HTML report: a tiny, safe Markdown subset
// for finding messages, relative dates, and the code-location link. Everything is escaped first.
import { escapeHtml as e } from '../shared/html';
import type { CodeRef } from '../compliance/types';

/**
 * Finding messages carry `code` and **bold**. Only these two are rendered: the text is split
 * into spans and every span is escaped, so no markup from the message can reach the page.
 */
export function inlineMarkdown(text: string): string {
  return text
    .split(/(`[^`\n]+`|\*\*[^*\n]+\*\*)/)
    .map((part) => {
      if (part.length > 2 && part.startsWith('`') && part.endsWith('`')) return `<code>${e(part.slice(1, -1))}</code>`;
      if (part.length > 4 && part.startsWith('**') && part.endsWith('**')) return `<strong>${e(part.slice(2, -2))}</strong>`;
      return e(part);
    })
    .join('');
}

const UNITS: [limitSeconds: number, seconds: number, unit: string][] = [
  [60, 1, 'second'],
  [3600, 60, 'minute'],
  [86400, 3600, 'hour'],
  [86400 * 30, 86400, 'day'],
  [86400 * 365, 86400 * 30, 'month'],
  [Infinity, 86400 * 365, 'year'],
];

/** "3 days ago", "just now", "in 2 hours"; '' for an unreadable date. */
export function relativeTime(iso: string, now: Date): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const diff = Math.round((now.getTime() - t) / 1000);
  const abs = Math.abs(diff);
  if (abs < 45) return 'just now';
  for (const [limit, size, unit] of UNITS) {
    if (abs < limit) {
      const n = Math.max(1, Math.round(abs / size));
      const words = `${n} ${unit}${n === 1 ? '' : 's'}`;
      return diff >= 0 ? `${words} ago` : `in ${words}`;
    }
  }
  return '';
}

/** A `<time>` showing the relative date, with the exact ISO date in its title. */
export function timeTag(iso: string | undefined, now: Date): string {
  if (!iso) return '';
  const rel = relativeTime(iso, now);
  return `<time datetime="${e(iso)}" title="${e(iso)}">${e(rel || iso)}</time>`;
}

export function whereText(r: CodeRef): string {
  return r.cell !== undefined ? `${r.path} cell ${r.cell + 1}:${r.line}` : `${r.path}:${r.line}`;
}

/** A button that opens the code location (the host validates the path it receives). */
export function codeLink(r: CodeRef, label?: string): string {
  const where = whereText(r);
  const text = label ?? `${where}${r.ruleId ? ` ${r.ruleId}` : ''}`;
  const cell = r.cell !== undefined ? ` data-cell="${r.cell}"` : '';
  return `<button type="button" class="link" data-action="open" data-path="${e(r.path)}" data-line="${r.line}" data-column="${r.column}"${cell} title="${e(`Open ${where}`)}">${e(text)}</button>`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
