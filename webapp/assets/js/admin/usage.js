// admin/usage: tokens per day, user and model from the usage ledger; deleted accounts keep their rows.
import { t, number } from '../i18n.js';
import { h, clear } from '../dom.js';
import { field } from '../forms.js';
import { usage, storage } from './api.js';
import { pageHead, link, dataTable } from './kit.js';


export async function render(view, ctx) {
  const from = field(t('common.from'), { type: 'date' });
  const to = field(t('common.to'), { type: 'date' });
  const apply = h('button', { type: 'submit', class: 'primary' }, t('common.apply'));
  const form = h('form', { class: 'panel filters', 'aria-label': t('usage.days') },
    from.el, to.el, h('div', { class: 'actions' }, apply));
  const results = h('div', {});
  // the ledger names users by id; the accounts that still exist get their names and a link
  const names = new Map((await storage()).users.map((u) => [u.userId, u.username]));
  const who = (id) => (names.has(id) ? link(`admin/users/${encodeURIComponent(id)}`, names.get(id))
    : h('span', { title: id }, t('usage.deleted')));
  const columns = [
    { label: t('usage.day'), cell: (r) => r.day },
    { label: t('users.user'), cell: (r) => who(r.userId) },
    { label: t('chat.model'), cell: (r) => h('code', {}, r.model) },
    { label: t('usage.turns'), cell: (r) => number(r.turns) },
    { label: t('usage.input'), cell: (r) => number(r.inputTokens) },
    { label: t('usage.output'), cell: (r) => number(r.outputTokens) },
  ];

  async function load() {
    const report = await usage({ from: from.input.value, to: to.input.value });
    const total = report.usage.reduce((sum, r) => sum + r.inputTokens + r.outputTokens, 0);
    clear(results, h('p', { class: 'hint', role: 'status' }, t('usage.total', { from: report.from, to: report.to, n: total })),
      dataTable(t('usage.caption'), columns, report.usage, t('usage.none')));
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    apply.disabled = true;
    try {
      await load();
    } catch (e) {
      ctx.fail(e);
    } finally {
      apply.disabled = false;
    }
  });
  clear(view, pageHead(t('admin.usage')), h('p', { class: 'hint' }, t('usage.intro')),
    form, results);
  await load();
}
