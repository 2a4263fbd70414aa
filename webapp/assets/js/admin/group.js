// admin/groups/<id>: edit a group's name, models and budget; its members; delete it.
import { t } from '../i18n.js';
import { h, clear } from '../dom.js';
import { field } from '../forms.js';
import { confirmAction } from '../dialogs.js';
import { groups, findUser } from './api.js';
import { pageHead, link, dataTable, busy } from './kit.js';
import { groupForm, budgetText, modelsText } from './group-form.js';

export async function render(view, ctx, groupId) {
  let { group, members } = await groups.get(groupId);

  const who = field(t('register.username'), { autocomplete: 'off', spellcheck: false });
  const add = h('button', { type: 'submit', class: 'secondary' }, t('group.addMember'));
  const addForm = h('form', { class: 'inline-form', 'aria-label': t('group.addMember') }, who.el, add);
  addForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const username = who.input.value.trim();
    if (!username) return;
    const done = await busy(add, ctx, async () => {
      const user = await findUser(username);
      if (!user) throw new Error(t('group.noUser', { name: username }));
      return groups.addMember(groupId, user.userId);
    });
    if (done) await changed(t('group.added', { name: username }));
  });

  async function changed(message) {
    ({ group, members } = await groups.get(groupId));
    who.input.value = '';
    draw();
    ctx.toast(message);
  }

  const columns = [
    { label: t('users.user'), cell: (u) => link(`admin/users/${encodeURIComponent(u.userId)}`, u.username) },
    { label: t('settings.displayName'), cell: (u) => u.displayName || '—' },
    { label: '', cell: (u) => h('button', { type: 'button', class: 'secondary small', 'aria-label': t('group.removeLabel', { name: u.username }), onclick: async (e) => {
      if (await busy(e.currentTarget, ctx, () => groups.removeMember(groupId, u.userId))) await changed(t('group.removed', { name: u.username }));
    } }, t('common.remove')) },
  ];

  async function remove(button) {
    const sure = await confirmAction(t('group.delete'), t('group.deleteConfirm', { name: group.name }), t('group.delete'), true);
    if (sure && await busy(button, ctx, () => groups.remove(groupId))) ctx.go('admin/groups', t('group.deleted', { name: group.name }));
  }

  const form = groupForm(group, t('group.save'), ctx, async (fields) => {
    ({ group } = await groups.update(groupId, fields));
    draw();
    ctx.toast(t('group.saved', { name: group.name }));
  });

  function draw() {
    clear(view, pageHead(group.name, link('admin/groups', t('group.all'), { class: 'button secondary' })),
      h('p', { class: 'hint' }, `${modelsText(group.models)} · ${budgetText(group.dailyTokenLimit)}`),
      h('section', { 'aria-labelledby': 'group-members' }, h('h2', { id: 'group-members' }, t('group.membersCount', { n: members.length })),
        dataTable(t('groups.members'), columns, members, t('group.noMembers')), addForm),
      h('section', { 'aria-labelledby': 'group-edit' }, h('h2', { id: 'group-edit' }, t('admin.settings')), form),
      h('section', { class: 'panel danger-zone', 'aria-labelledby': 'group-delete' }, h('h2', { id: 'group-delete' }, t('sidebar.delete')),
        h('button', { type: 'button', class: 'danger', onclick: (e) => remove(e.currentTarget) }, t('group.delete'))));
  }
  draw();
}
