// The sidebar page script (runs in the webview: DOM, no Node, no vscode module). Renders the model
// the host sends and turns clicks into typed PageMessages; the host validates every one of them.
import type { HostMessage, PageMessage } from '../shared/protocol';
import type { ComplianceModel } from '../compliance/types';
import { renderView, signoffPreview, type Tab } from './render';

interface VsCodeApi {
  postMessage(message: PageMessage): void;
  getState(): { tab?: Tab } | undefined;
  setState(state: { tab?: Tab }): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
const status = document.getElementById('status')!;
let tab: Tab = vscode.getState()?.tab ?? 'threats';
let model: ComplianceModel | undefined;
/** The last model rendered, serialised: an identical model (a re-analysis that changed nothing) is not re-rendered. */
let lastModelJson = '';

function post(m: PageMessage): void {
  vscode.postMessage(m);
}

/** Values the user is typing survive a re-render (a teammate's change reloads the view). */
function captureDirty(): Map<string, string> {
  const dirty = new Map<string, string>();
  root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('[data-dirty="1"]').forEach((el) => {
    if (el.id) dirty.set(el.id, el.value);
  });
  return dirty;
}

function render(): void {
  if (!model) return;
  const focused = document.activeElement?.id;
  const dirty = captureDirty();
  // <details> the user opened stay open across re-renders
  const open = new Set([...root.querySelectorAll<HTMLDetailsElement>('details[id][open]')].map((d) => d.id));
  // a sign-off confirmation being filled in stays open too (a reload must not drop it)
  const signing = [...root.querySelectorAll<HTMLElement>('.signoff[id]:not([hidden])')].map((f) => f.id);
  root.innerHTML = renderView(model, tab);
  for (const id of open) (document.getElementById(id) as HTMLDetailsElement | null)?.setAttribute('open', '');
  for (const id of signing) {
    const form = document.getElementById(id);
    const item = form?.closest<HTMLElement>('[data-item]');
    if (!form || !item || item.dataset.status === 'done') continue;
    form.hidden = false;
    const select = item.querySelector<HTMLSelectElement>('select[data-field="status"]');
    if (select) select.value = 'done';
  }
  for (const [id, value] of dirty) {
    const el = document.getElementById(id) as HTMLInputElement | HTMLTextAreaElement | null;
    if (el) {
      el.value = value;
      el.dataset.dirty = '1';
    }
  }
  root.querySelectorAll<HTMLElement>('.progress .bar').forEach((bar) => {
    bar.style.width = `${Number(bar.dataset.pct ?? 0)}%`;
  });
  for (const id of signing) updatePreview(document.getElementById(id)?.closest('[data-item]') ?? null);
  if (focused) document.getElementById(focused)?.focus();
}

function field(container: Element | null, name: string): string {
  const el = container?.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(`[data-field="${name}"]`);
  return el ? el.value : '';
}

/** The version (changed_at) of the item as this page shows it: the host detects later changes. */
function versionOf(el: Element | null): string {
  return (el as HTMLElement | null)?.dataset.version ?? '';
}

/** Shows (or clears, with '') the inline message of a form; returns whether the form is valid. */
function formError(container: Element | null, message: string): boolean {
  const el = container?.querySelector<HTMLElement>('.field-error');
  if (el) {
    el.textContent = message;
    el.hidden = message === '';
  }
  return message === '';
}

function signoffForm(item: Element | null): HTMLElement | null {
  return item?.querySelector<HTMLElement>('.signoff') ?? null;
}

function updatePreview(item: Element | null): void {
  const form = signoffForm(item);
  const pre = form?.querySelector<HTMLElement>('[data-preview]');
  const id = (item as HTMLElement | null)?.dataset.item;
  if (!form || !pre || !id) return;
  pre.textContent = signoffPreview({ id, title: pre.dataset.itemTitle ?? id }, field(form, 'statement'), field(form, 'signoff-owner'), model?.actor);
}

/** Closes the sign-off confirmation; on Cancel also puts the status select back (nothing is written). */
function closeSignoff(item: Element | null, restoreStatus: boolean): void {
  const form = signoffForm(item);
  if (!form) return;
  form.hidden = true;
  formError(form, '');
  const select = item?.querySelector<HTMLSelectElement>('select[data-field="status"]');
  if (select && restoreStatus) select.value = (item as HTMLElement).dataset.status ?? 'todo';
}

root.addEventListener('input', (ev) => {
  const t = ev.target as HTMLElement;
  if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement) t.dataset.dirty = '1';
  if (t.closest('.signoff')) updatePreview(t.closest('[data-item]'));
  // typing answers the inline message: clear it (it comes back on the next submit if still needed)
  const form = t.closest('.signoff, .accept, .add-threat');
  if (form) formError(form, '');
});

root.addEventListener('change', (ev) => {
  const t = ev.target as HTMLElement;
  if (t instanceof HTMLSelectElement && t.dataset.action === 'setStatus' && t.dataset.id) {
    const item = t.closest('[data-item]');
    if (t.value === 'done') {
      // Done is a sign-off: ask for the statement and show what will be written first.
      const form = signoffForm(item);
      if (form) {
        form.hidden = false;
        updatePreview(item);
        form.querySelector<HTMLTextAreaElement>('[data-field="statement"]')?.focus();
      }
      return;
    }
    closeSignoff(item, false);
    post({ type: 'setChecklist', id: t.dataset.id, status: t.value as 'todo', note: field(item, 'note'), owner: field(item, 'owner'), version: versionOf(item) });
  } else if (t instanceof HTMLInputElement && t.dataset.action === 'framework') {
    const chooser = t.closest('.frameworks');
    const chosen = [...(chooser?.querySelectorAll<HTMLInputElement>('input[data-action="framework"]') ?? [])].filter((x) => x.checked).map((x) => x.value);
    if (!formError(chooser, chosen.length ? '' : 'Choose at least one framework.')) {
      t.checked = true;
      return;
    }
    post({ type: 'setFrameworks', frameworks: chosen });
  }
});

root.addEventListener('click', (ev) => {
  const t = (ev.target as HTMLElement).closest<HTMLElement>('[data-action]');
  if (!t || t instanceof HTMLSelectElement) return;
  const id = t.dataset.id ?? '';
  switch (t.dataset.action) {
    case 'tab':
      tab = t.dataset.tab === 'checklist' ? 'checklist' : 'threats';
      vscode.setState({ tab });
      render();
      document.getElementById(`tab-${tab}`)?.focus();
      break;
    case 'open':
      post({ type: 'open', path: t.dataset.path ?? '', line: Number(t.dataset.line), column: Number(t.dataset.column), ...(t.dataset.cell !== undefined ? { cell: Number(t.dataset.cell) } : {}) });
      break;
    case 'refresh':
      post({ type: 'refresh' });
      break;
    case 'exportReport':
      post({ type: 'exportReport' });
      break;
    case 'saveItem': {
      const item = t.closest('[data-item]');
      const evidence = field(item, 'evidence').split('\n').map((s) => s.trim()).filter(Boolean);
      item?.querySelectorAll<HTMLElement>('[data-dirty]').forEach((el) => delete el.dataset.dirty);
      post({ type: 'setChecklist', id, owner: field(item, 'owner'), note: field(item, 'note'), evidence, version: versionOf(item) });
      break;
    }
    case 'confirmSignoff': {
      const item = t.closest('[data-item]');
      const form = signoffForm(item);
      const statement = field(form, 'statement').trim();
      const owner = field(form, 'signoff-owner').trim();
      const missing = !statement ? 'Write a statement: what evidence shows this item is done.' : !owner ? 'Name the owner: who is accountable for this item.' : '';
      if (!formError(form, missing)) {
        form?.querySelector<HTMLElement>(statement ? '[data-field="signoff-owner"]' : '[data-field="statement"]')?.focus();
        break;
      }
      form?.querySelectorAll<HTMLElement>('[data-dirty]').forEach((el) => delete el.dataset.dirty);
      post({ type: 'setChecklist', id, status: 'done', statement, owner, version: versionOf(item) });
      break;
    }
    case 'cancelSignoff':
      closeSignoff(t.closest('[data-item]'), true);
      break;
    case 'acceptThreat': {
      const li = t.closest('[data-threat]');
      const form = t.closest('.accept');
      const reason = field(li, 'reason').trim();
      const owner = field(li, 'owner').trim();
      const missing = !reason ? 'Write a reason: why is this risk acceptable?' : !owner ? 'Name the owner: who accepts this risk?' : '';
      if (!formError(form, missing)) {
        form?.querySelector<HTMLElement>(reason ? '[data-field="owner"]' : '[data-field="reason"]')?.focus();
        break;
      }
      li?.querySelectorAll<HTMLElement>('[data-dirty]').forEach((el) => delete el.dataset.dirty);
      post({ type: 'acceptThreat', id, reason, owner, version: versionOf(li) });
      break;
    }
    case 'reopenThreat':
      post({ type: 'reopenThreat', id, version: versionOf(t.closest('[data-threat]')) });
      break;
    case 'removeThreat':
      post({ type: 'removeThreat', id });
      break;
    case 'addThreat': {
      const form = t.closest('.add-threat');
      if (!formError(form, field(form, 'title').trim() ? '' : 'Give the threat a title.')) break;
      form?.querySelectorAll<HTMLElement>('[data-dirty]').forEach((el) => delete el.dataset.dirty);
      const asset = field(form, 'asset');
      post({ type: 'addThreat', title: field(form, 'title'), stride: field(form, 'stride') as 'Tampering', nist: field(form, 'nist') as 'Manage', mitigation: field(form, 'mitigation'), ...(asset ? { asset } : {}) });
      break;
    }
  }
});

// Arrow keys move between tabs (WAI-ARIA tabs pattern).
root.addEventListener('keydown', (ev) => {
  const t = ev.target as HTMLElement;
  if (t.getAttribute('role') !== 'tab' || (ev.key !== 'ArrowLeft' && ev.key !== 'ArrowRight')) return;
  tab = tab === 'threats' ? 'checklist' : 'threats';
  vscode.setState({ tab });
  render();
  document.getElementById(`tab-${tab}`)?.focus();
  ev.preventDefault();
});

window.addEventListener('message', (ev: MessageEvent<HostMessage>) => {
  const m = ev.data;
  if (!m || typeof m !== 'object') return;
  if (m.type === 'model') {
    model = m.model;
    status.textContent = '';
    // Re-rendering replaces the DOM (scroll anchors, hover, open menus): skip it when nothing changed.
    const json = JSON.stringify(m.model);
    if (json === lastModelJson) return;
    lastModelJson = json;
    render();
  } else if (m.type === 'busy') {
    status.textContent = m.message;
  } else if (m.type === 'notice') {
    status.textContent = m.message;
    status.className = m.level === 'error' ? 'error-text' : 'muted';
  }
});

post({ type: 'ready' });
