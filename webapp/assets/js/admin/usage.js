// admin/usage: tokens per day, user and model from the usage ledger; deleted accounts keep their rows.
import { h, clear } from '../dom.js';
import { field } from '../forms.js';
import { usage, storage } from './api.js';
import { pageHead, link, dataTable } from './kit.js';

const number = (n) => n.toLocaleString();

export async function render(view, ctx) {
  const from = field('From', { type: 'date' });
  const to = field('To', { type: 'date' });
  const apply = h('button', { type: 'submit', class: 'primary' }, 'Apply');
  const form = h('form', { class: 'panel filters', 'aria-label': 'Days to show' },
    from.el, to.el, h('div', { class: 'actions' }, apply));
  const results = h('div', {});
  // the ledger names users by id; the accounts that still exist get their names and a link
  const names = new Map((await storage()).users.map((u) => [u.userId, u.username]));
  const who = (id) => (names.has(id) ? link(`admin/users/${encodeURIComponent(id)}`, names.get(id))
    : h('span', { title: id }, 'deleted account'));
  const columns = [
    { label: 'Day', cell: (r) => r.day },
    { label: 'User', cell: (r) => who(r.userId) },
    { label: 'Model', cell: (r) => h('code', {}, r.model) },
    { label: 'Turns', cell: (r) => number(r.turns) },
    { label: 'Input tokens', cell: (r) => number(r.inputTokens) },
    { label: 'Output tokens', cell: (r) => number(r.outputTokens) },
  ];

  async function load() {
    const report = await usage({ from: from.input.value, to: to.input.value });
    const total = report.usage.reduce((sum, r) => sum + r.inputTokens + r.outputTokens, 0);
    clear(results, h('p', { class: 'hint', role: 'status' }, `${report.from} to ${report.to}: ${number(total)} tokens.`),
      dataTable('Token usage', columns, report.usage, 'No tokens used in these days.'));
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
  clear(view, pageHead('Usage'), h('p', { class: 'hint' }, 'Tokens per day, user and model, the last 30 days unless you pick the days.'),
    form, results);
  await load();
}
