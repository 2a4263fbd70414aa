// admin/groups: every group with its models and budget, and a form for a new one.
import { h, clear } from '../dom.js';
import { groups } from './api.js';
import { pageHead, link, dataTable, when } from './kit.js';
import { groupForm, budgetText, modelsText } from './group-form.js';

const COLUMNS = [
  { label: 'Group', cell: (g) => [link(`admin/groups/${encodeURIComponent(g.groupId)}`, g.name), g.description ? h('span', { class: 'sub' }, g.description) : null] },
  { label: 'Models', cell: (g) => modelsText(g.models) },
  { label: 'Daily budget', cell: (g) => budgetText(g.dailyTokenLimit) },
  { label: 'Members', cell: (g) => String(g.memberCount) },
  { label: 'Created', cell: (g) => when(g.createdAt) },
];

export async function render(view, ctx) {
  const list = h('div', {});
  async function load() {
    const { groups: all } = await groups.list();
    clear(list, dataTable('Groups', COLUMNS, all, 'No groups yet.'));
  }
  const form = groupForm(null, 'Create group', ctx, async (fields) => {
    const { group } = await groups.create(fields);
    form.reset();
    ctx.toast(`Created group ${group.name}.`);
    await load();
  });
  await load();
  clear(view, pageHead('Groups'), list, h('h2', {}, 'New group'), form);
}
