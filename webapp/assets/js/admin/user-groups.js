// The groups part of a user's page: the groups they are in, remove, add to another.
import { t } from '../i18n.js';
import { h } from '../dom.js';
import { groups } from './api.js';
import { link, selectField, busy } from './kit.js';

/** reload(): fetches the user again and redraws their page. */
export function groupsSection(user, allGroups, ctx, reload) {
  const change = async (button, action, done) => {
    if (await busy(button, ctx, action)) {
      await reload().catch(ctx.fail);
      ctx.toast(done);
    }
  };
  const joined = new Set(user.groups.map((g) => g.groupId));
  const others = allGroups.filter((g) => !joined.has(g.groupId));
  const pick = selectField(t('userGroups.addTo'), others.map((g) => [g.groupId, g.name]), others[0]?.groupId);
  const add = h('button', { type: 'button', class: 'secondary' }, t('userGroups.add'));
  add.addEventListener('click', () => {
    const name = others.find((g) => g.groupId === pick.input.value)?.name;
    change(add, () => groups.addMember(pick.input.value, user.userId), t('userGroups.added', { name: user.username, group: name }));
  });

  return h('section', { class: 'panel', 'aria-labelledby': 'user-groups' },
    h('h2', { id: 'user-groups' }, t('admin.groups')),
    user.groups.length === 0 ? h('p', { class: 'hint' }, t('userGroups.none')) : h('ul', { class: 'plain-list' }, user.groups.map((g) => {
      const remove = h('button', { type: 'button', class: 'secondary small', 'aria-label': t('userGroups.removeLabel', { group: g.name }) }, t('common.remove'));
      remove.addEventListener('click', () => change(remove, () => groups.removeMember(g.groupId, user.userId), t('userGroups.left', { name: user.username, group: g.name })));
      return h('li', {}, link(`admin/groups/${encodeURIComponent(g.groupId)}`, g.name), remove);
    })),
    others.length === 0
      ? h('p', { class: 'hint' }, allGroups.length === 0 ? t('userGroups.noGroups') : t('userGroups.all'))
      : h('div', { class: 'inline-form' }, pick.el, add));
}
