// The one SQL SELECT-list reader of the engine: the column names a query returns.

/** Spark / SQL query SELECT list -> column names (aliases win); undefined for `*` or unparsable. */
export function parseSelectColumns(sql: string): { columns: string[]; star: boolean } | undefined {
  const text = sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
  const m = /\bselect\s+(?:distinct\s+|top\s+\d+\s+)?([\s\S]*?)\s+from\b/i.exec(text);
  if (!m) {
    const bare = /\bselect\s+([\s\S]+)$/i.exec(text);
    if (!bare) return undefined;
    return splitSelect(bare[1]);
  }
  return splitSelect(m[1]);
}

export function splitSelect(list: string): { columns: string[]; star: boolean } {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of list) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  const columns: string[] = [];
  let star = false;
  for (const raw of parts) {
    const p = raw.trim();
    if (!p) continue;
    if (p === '*' || /\.\*$/.test(p)) {
      star = true;
      continue;
    }
    const alias = /\s+as\s+["`[]?([A-Za-z_][\w]*)["`\]]?\s*$/i.exec(p) ?? /^[\w."`[\]]+\s+["`[]?([A-Za-z_]\w*)["`\]]?\s*$/.exec(p) ?? /\)\s+["`[]?([A-Za-z_]\w*)["`\]]?\s*$/.exec(p);
    if (alias) {
      columns.push(alias[1]);
      continue;
    }
    const plain = /^(?:[\w"`[\]]+\.)*["`[]?([A-Za-z_]\w*)["`\]]?$/.exec(p);
    if (plain) columns.push(plain[1]);
  }
  return { columns, star };
}
