// admin/users/<id>: what the account is and holds, and what an admin may do to it.
import { t } from '../i18n.js';
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
      pageHead(user.username, admin ? badge(t('account.admin'), 'badge-admin') : null, user.isActive ? null : badge(t('users.disabled'), 'badge-error'),
        user.mustChangePassword ? badge(t('user.mustChange')) : null),
      facts([
        [t('settings.displayName'), user.displayName || '—'], [t('users.email'), user.email || '—'],
        [t('user.roles'), user.roles.join(', ')], [t('users.status'), user.isActive ? t('users.active') : t('users.disabled')],
        [t('user.signIn'), user.localPassword === false ? t('user.ssoOnly') : t('field.password')],
        [t('admin.groups'), user.groups.length ? user.groups.map((g) => g.name).join(', ') : t('admin.none')],
        [t('sidebar.title'), String(user.conversationCount ?? '—')], [t('admin.storage'), bytes(user.storageBytes)],
        [t('users.lastLogin'), when(user.lastLoginAt)], [t('user.created'), when(user.createdAt)],
        [t('user.id'), h('code', {}, user.userId)],
      ]),
      h('section', { class: 'panel', 'aria-labelledby': 'account-actions' },
        h('h2', { id: 'account-actions' }, t('user.account')),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'secondary', onclick: (e) => setActive(e.currentTarget, !user.isActive) }, user.isActive ? t('user.disable') : t('user.enable')),
          h('button', { type: 'button', class: 'secondary', onclick: (e) => setAdmin(e.currentTarget, !admin) }, admin ? t('user.removeAdmin') : t('user.makeAdmin')),
          user.localPassword === false ? null : h('button', { type: 'button', class: 'secondary', onclick: (e) => resetPassword(e.currentTarget) }, t('user.resetPassword')),
          link(`admin/audit?user=${encodeURIComponent(user.username)}`, t('user.auditLink'), { class: 'button secondary' })),
        secret),
      groupsSection(user, allGroups, ctx, reload),
      h('section', { class: 'panel danger-zone', 'aria-labelledby': 'danger-zone' },
        h('h2', { id: 'danger-zone' }, t('sidebar.delete')),
        h('p', {}, t('user.deleteText')),
        h('button', { type: 'button', class: 'danger', onclick: (e) => remove(e.currentTarget) }, t('user.delete'))));
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
    return update(button, { isActive }, t(isActive ? 'user.enabled' : 'user.disabledDone', { name: user.username }));
  }

  async function setAdmin(button, admin) {
    const sure = await confirmAction(admin ? t('user.makeAdmin') : t('user.removeAdmin'), admin
      ? t('user.makeAdminConfirm', { name: user.username })
      : t('user.removeAdminConfirm', { name: user.username }), admin ? t('user.makeAdmin') : t('user.removeAdmin'));
    if (sure) await update(button, { roles: admin ? ['user', 'admin'] : ['user'] }, t('user.rolesChanged', { name: user.username }));
  }

  async function resetPassword(button) {
    const sure = await confirmAction(t('user.resetPassword'), t('user.resetConfirm', { name: user.username }), t('user.resetPassword'));
    const reset = sure && await busy(button, ctx, () => users.resetPassword(userId));
    if (!reset) return;
    clear(secret, secretBox(t('password.temporary'), reset.temporaryPassword,
      t('user.shownOnce', { name: user.username })));
    secret.querySelector('input').focus();
  }

  async function remove(button) {
    const sure = await confirmTyped(t('user.delete'), t('user.deleteConfirm', { name: user.username }), user.username, t('user.delete'));
    if (sure && await busy(button, ctx, () => users.remove(userId))) ctx.go('admin/users', t('user.deleted', { name: user.username }));
  }

  draw();
}
