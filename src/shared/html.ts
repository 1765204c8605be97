// HTML escaping shared by the webview page and the HTML report: every dynamic string goes through
// escapeHtml (text and attribute values alike), so `<img src=x onerror=alert(1)>` stays text.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`]/g, (c) => ENTITIES[c]);
}

/** A link target that may be rendered as href: only http(s) URLs; anything else is not a link. */
export function safeUrl(value: string): string | undefined {
  return /^https?:\/\/[^\s"'<>`]+$/i.test(value) ? value : undefined;
}
