// The header's account controls, in the studio and the console: the console link (admins only),
// the user menu (Change password, Sign out everywhere, Settings) and Sign Out.
import { t } from './i18n.js';
import { h } from './dom.js';
import { nextId } from './forms.js';
import * as session from './session.js';
import { navigate } from './router.js';

/** account: signOut(), changePassword(), signOutEverywhere(); `place` is 'studio', 'settings' or 'admin'. */
export function accountControls(account, place) {
  const name = session.displayName();
  const menuId = nextId('menu');
  const toggle = h('button', {
    type: 'button', class: 'user-menu-toggle', 'aria-expanded': 'false', 'aria-controls': menuId,
    'aria-label': t('account.menuLabel', { name }), title: session.user()?.username || '',
  },
  h('span', { class: 'user-initial', 'aria-hidden': 'true' }, (name[0] || '?').toUpperCase()),
  h('span', { class: 'user-name' }, name), h('span', { class: 'caret', 'aria-hidden': 'true' }, '▾'));
  const item = (label, action) => h('button', { type: 'button', class: 'menu-item', onclick: () => { open(false); action(); } }, label);
  const menu = h('div', { class: 'user-menu', id: menuId, hidden: true },
    item(t('password.change'), account.changePassword), item(t('account.signOutEverywhere'), account.signOutEverywhere),
    item(t('account.settings'), () => navigate('settings')));
  const wrap = h('div', { class: 'user-menu-wrap' }, toggle, menu);

  function open(value) {
    menu.hidden = !value;
    toggle.setAttribute('aria-expanded', String(value));
  }
  toggle.addEventListener('click', () => {
    open(menu.hidden);
    if (!menu.hidden) menu.querySelector('button').focus();
  });
  wrap.addEventListener('focusout', (event) => { if (!wrap.contains(event.relatedTarget)) open(false); });
  wrap.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !menu.hidden) {
      event.stopPropagation();
      open(false);
      toggle.focus();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      moveFocus(menu, event);
    }
  });

  const link = place !== 'studio'
    ? h('a', { href: 'studio', 'data-route': 'studio', class: 'header-link' }, t('account.studio'))
    : session.isAdmin() ? h('a', { href: 'admin/users', 'data-route': 'admin/users', class: 'header-link admin-link' }, t('account.admin')) : null;
  return [link, wrap, h('button', { type: 'button', class: 'secondary sign-out', onclick: account.signOut }, t('account.signOut'))];
}

function moveFocus(menu, event) {
  const items = [...menu.querySelectorAll('button')];
  const at = items.indexOf(document.activeElement);
  if (menu.hidden || at < 0) return;
  event.preventDefault();
  items[(at + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length].focus();
}
