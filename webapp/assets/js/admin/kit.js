// The console's building blocks: page heads, tables that turn into cards on a phone, pagers,
// secrets shown once, and the formats of times and sizes. Every value goes in as text.
import { t, date, number } from '../i18n.js';
import { h } from '../dom.js';
import { nextId, showError } from '../forms.js';
import { copyButton } from '../clipboard.js';

export function pageHead(title, ...actions) {
  return h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, title), h('div', { class: 'page-actions' }, ...actions));
}

/** A console link that changes the route without a page load. */
export function link(route, text, attrs = {}) {
  return h('a', { href: route, 'data-route': route, ...attrs }, text);
}

/** columns: [{label, cell(row) -> text or node}]; each cell carries its label for the phone layout. */
export function dataTable(caption, columns, rows, emptyText) {
  if (rows.length === 0) return h('p', { class: 'empty-table' }, emptyText);
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data-table' },
    h('caption', { class: 'offscreen' }, caption),
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c.label)))),
    h('tbody', {}, rows.map((row) => h('tr', {}, columns.map((c) => h('td', { 'data-label': c.label }, c.cell(row))))))));
}

/** "1–50 of 123" with Previous and Next; onPage(offset). */
export function pager({ offset, limit, total }, onPage) {
  const last = Math.min(offset + limit, total);
  return h('nav', { class: 'pager', 'aria-label': t('admin.pages') },
    h('button', { type: 'button', class: 'secondary', disabled: offset === 0, onclick: () => onPage(Math.max(0, offset - limit)) }, t('admin.previous')),
    h('span', { class: 'pager-range', role: 'status' }, total === 0 ? t('admin.none') : t('admin.range', { first: offset + 1, last, total })),
    h('button', { type: 'button', class: 'secondary', disabled: last >= total, onclick: () => onPage(offset + limit) }, t('admin.next')));
}

/** A password or code the server shows once: selectable, copyable, and said to be shown once. */
export function secretBox(label, value, note) {
  const id = nextId('secret');
  const input = h('input', { id, class: 'secret-value', readonly: true, value, spellcheck: false });
  input.addEventListener('focus', () => input.select());
  return h('div', { class: 'secret', role: 'status' },
    h('label', { for: id }, label),
    h('div', { class: 'secret-row' }, input, copyButton(value, label.toLowerCase())),
    h('p', { class: 'hint' }, note));
}

/** A labelled <select>; options are [value, text] pairs. */
export function selectField(label, options, value, attrs = {}) {
  const id = nextId();
  const select = h('select', { id, ...attrs }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  return { input: select, el: h('div', { class: 'field' }, h('label', { for: id }, label), select) };
}

export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

export function badge(text, kind = '') {
  return h('span', { class: `badge ${kind}` }, text);
}

export function when(ms) {
  return ms ? h('time', { datetime: new Date(ms).toISOString() }, date(ms, { dateStyle: 'medium', timeStyle: 'short' })) : t('admin.never');
}

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB']; // 'bytes' is admin.bytes

export function bytes(n) {
  let value = Number(n) || 0;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? number(value) : number(value, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} ${unit === 0 ? t('admin.bytes') : UNITS[unit]}`;
}

/** Runs a button's action with the button held down meanwhile; errors go to the console's toast. */
export async function busy(button, ctx, action) {
  button.disabled = true;
  try {
    return await action();
  } catch (e) {
    ctx.fail(e);
    return undefined;
  } finally {
    button.disabled = false;
  }
}

/**
 * Wires a form's submit: check() returns a sentence or '', action() may throw; either sentence
 * goes to the form's error box, and a refused token signs out.
 */
export function onSubmit(form, { submit, error, ctx, check = () => '', action }) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const problem = check();
    showError(error, problem);
    if (problem) return;
    submit.disabled = true;
    try {
      await action();
    } catch (e) {
      if (e.status === 401) ctx.fail(e);
      showError(error, e.message);
    } finally {
      submit.disabled = false;
    }
  });
}
