// admin/groups/<id>: edit a group's name, models and budget; its members; delete it.
import { h, clear } from '../dom.js';
import { field } from '../forms.js';
import { confirmAction } from '../dialogs.js';
import { groups, findUser } from './api.js';
import { pageHead, link, dataTable, busy } from './kit.js';
import { groupForm, budgetText, modelsText } from './group-form.js';

export async function render(view, ctx, groupId) {
  let { group, members } = await groups.get(groupId);

  const who = field('Username', { autocomplete: 'off', spellcheck: false });
  const add = h('button', { type: 'submit', class: 'secondary' }, 'Add member');
  const addForm = h('form', { class: 'inline-form', 'aria-label': 'Add member' }, who.el, add);
  addForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const username = who.input.value.trim();
    if (!username) return;
    const done = await busy(add, ctx, async () => {
      const user = await findUser(username);
      if (!user) throw new Error(`No user named '${username}'.`);
      return groups.addMember(groupId, user.userId);
    });
    if (done) await changed(`Added ${username}.`);
  });

  async function changed(message) {
    ({ group, members } = await groups.get(groupId));
    who.input.value = '';
    draw();
    ctx.toast(message);
  }

  const columns = [
    { label: 'User', cell: (u) => link(`admin/users/${encodeURIComponent(u.userId)}`, u.username) },
    { label: 'Display name', cell: (u) => u.displayName || '—' },
    { label: '', cell: (u) => h('button', { type: 'button', class: 'secondary small', 'aria-label': `Remove ${u.username}`, onclick: async (e) => {
      if (await busy(e.currentTarget, ctx, () => groups.removeMember(groupId, u.userId))) await changed(`Removed ${u.username}.`);
    } }, 'Remove') },
  ];

  async function remove(button) {
    const sure = await confirmAction('Delete group', `Delete the group ${group.name}? Its members keep their accounts.`, 'Delete group', true);
    if (sure && await busy(button, ctx, () => groups.remove(groupId))) ctx.go('admin/groups', `Deleted group ${group.name}.`);
  }

  const form = groupForm(group, 'Save changes', ctx, async (fields) => {
    ({ group } = await groups.update(groupId, fields));
    draw();
    ctx.toast(`Saved ${group.name}.`);
  });

  function draw() {
    clear(view, pageHead(group.name, link('admin/groups', 'All groups', { class: 'button secondary' })),
      h('p', { class: 'hint' }, `${modelsText(group.models)} · ${budgetText(group.dailyTokenLimit)}`),
      h('section', { 'aria-labelledby': 'group-members' }, h('h2', { id: 'group-members' }, `Members (${members.length})`),
        dataTable('Members', columns, members, 'No members yet.'), addForm),
      h('section', { 'aria-labelledby': 'group-edit' }, h('h2', { id: 'group-edit' }, 'Settings'), form),
      h('section', { class: 'panel danger-zone', 'aria-labelledby': 'group-delete' }, h('h2', { id: 'group-delete' }, 'Delete'),
        h('button', { type: 'button', class: 'danger', onclick: (e) => remove(e.currentTarget) }, 'Delete group')));
  }
  draw();
}
