// admin/groups: every group with its models and budget, and a form for a new one.
import { t } from '../i18n.js';
import { h, clear } from '../dom.js';
import { groups } from './api.js';
import { pageHead, link, dataTable, when } from './kit.js';
import { groupForm, budgetText, modelsText } from './group-form.js';

const COLUMNS = [
  { label: t('groups.group'), cell: (g) => [link(`admin/groups/${encodeURIComponent(g.groupId)}`, g.name), g.description ? h('span', { class: 'sub' }, g.description) : null] },
  { label: t('groups.models'), cell: (g) => modelsText(g.models) },
  { label: t('groups.budget'), cell: (g) => budgetText(g.dailyTokenLimit) },
  { label: t('groups.members'), cell: (g) => String(g.memberCount) },
  { label: t('user.created'), cell: (g) => when(g.createdAt) },
];

export async function render(view, ctx) {
  const list = h('div', {});
  async function load() {
    const { groups: all } = await groups.list();
    clear(list, dataTable(t('admin.groups'), COLUMNS, all, t('groups.none')));
  }
  const form = groupForm(null, t('groups.create'), ctx, async (fields) => {
    const { group } = await groups.create(fields);
    form.reset();
    ctx.toast(t('groups.created', { name: group.name }));
    await load();
  });
  await load();
  clear(view, pageHead(t('admin.groups')), list, h('h2', {}, t('groups.new')), form);
}
