// admin/users/<id>: what the account is and holds, and what an admin may do to it.
import { h, clear } from '../dom.js';
import { confirmAction, confirmTyped } from '../dialogs.js';
import { users, groups } from './api.js';
import { pageHead, link, facts, badge, when, bytes, secretBox, busy } from './kit.js';
import { groupsSection } from './user-groups.js';

export async function render(view, ctx, userId) {
  const [{ user: first }, { groups: allGroups }] = await Promise.all([users.get(userId), groups.list()]);
  let user = first;
  const secret = h('div', { class: 'secret-slot' });

  function draw() {
    const admin = user.roles.includes('admin');
    clear(view,
      pageHead(user.username, admin ? badge('Admin', 'badge-admin') : null, user.isActive ? null : badge('Disabled', 'badge-error'),
        user.mustChangePassword ? badge('Must change password') : null),
      facts([
        ['Display name', user.displayName || '—'], ['Email', user.email || '—'],
        ['Roles', user.roles.join(', ')], ['Status', user.isActive ? 'Active' : 'Disabled'],
        ['Sign-in', user.localPassword === false ? 'Single sign-on only' : 'Password'],
        ['Groups', user.groups.length ? user.groups.map((g) => g.name).join(', ') : 'None'],
        ['Conversations', String(user.conversationCount ?? '—')], ['Storage', bytes(user.storageBytes)],
        ['Last sign-in', when(user.lastLoginAt)], ['Created', when(user.createdAt)],
        ['User id', h('code', {}, user.userId)],
      ]),
      h('section', { class: 'panel', 'aria-labelledby': 'account-actions' },
        h('h2', { id: 'account-actions' }, 'Account'),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'secondary', onclick: (e) => setActive(e.currentTarget, !user.isActive) }, user.isActive ? 'Disable' : 'Enable'),
          h('button', { type: 'button', class: 'secondary', onclick: (e) => setAdmin(e.currentTarget, !admin) }, admin ? 'Remove admin' : 'Make admin'),
          user.localPassword === false ? null : h('button', { type: 'button', class: 'secondary', onclick: (e) => resetPassword(e.currentTarget) }, 'Reset password'),
          link(`admin/audit?user=${encodeURIComponent(user.username)}`, 'Audit log for this user', { class: 'button secondary' })),
        secret),
      groupsSection(user, allGroups, ctx, reload),
      h('section', { class: 'panel danger-zone', 'aria-labelledby': 'danger-zone' },
        h('h2', { id: 'danger-zone' }, 'Delete'),
        h('p', {}, 'Deleting removes the account and everything it owns: conversations, messages, workspace files and its container. The audit log keeps its history.'),
        h('button', { type: 'button', class: 'danger', onclick: (e) => remove(e.currentTarget) }, 'Delete user')));
  }

  async function reload() {
    user = (await users.get(userId)).user;
    draw();
  }

  async function update(button, fields, done) {
    const changed = await busy(button, ctx, () => users.update(userId, fields));
    if (!changed) return;
    user = { ...user, ...changed.user };
    draw();
    ctx.toast(done);
  }

  function setActive(button, isActive) {
    return update(button, { isActive }, `${user.username} is ${isActive ? 'enabled' : 'disabled'}.`);
  }

  async function setAdmin(button, admin) {
    const sure = await confirmAction(admin ? 'Make admin' : 'Remove admin', admin
      ? `Give ${user.username} the admin role? Admins manage every account.`
      : `Take the admin role from ${user.username}?`, admin ? 'Make admin' : 'Remove admin');
    if (sure) await update(button, { roles: admin ? ['user', 'admin'] : ['user'] }, `${user.username}'s roles changed.`);
  }

  async function resetPassword(button) {
    const sure = await confirmAction('Reset password', `Give ${user.username} a temporary password? Their current password stops working and they choose a new one at their next sign-in.`, 'Reset password');
    const reset = sure && await busy(button, ctx, () => users.resetPassword(userId));
    if (!reset) return;
    clear(secret, secretBox('Temporary password', reset.temporaryPassword,
      `Shown once: copy it now and give it to ${user.username}. They must change it when they sign in.`));
    secret.querySelector('input').focus();
  }

  async function remove(button) {
    const sure = await confirmTyped('Delete user', `Delete ${user.username} and everything they own? This cannot be undone.`, user.username, 'Delete user');
    if (sure && await busy(button, ctx, () => users.remove(userId))) ctx.go('admin/users', `Deleted ${user.username}.`);
  }

  draw();
}
