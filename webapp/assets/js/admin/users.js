// admin/users: search by name or email, sort (by last sign-in too), page through; a row opens the user.
import { t } from '../i18n.js';
import { h, clear } from '../dom.js';
import { nextId } from '../forms.js';
import { users } from './api.js';
import { pageHead, link, dataTable, pager, selectField, badge, when } from './kit.js';

const LIMIT = 25;
const SEARCH_DELAY_MS = 250;
const SORTS = [
  ['username:asc', t('users.sortName')],
  ['lastLoginAt:desc', t('users.sortLoginNew')],
  ['lastLoginAt:asc', t('users.sortLoginOld')],
  ['createdAt:desc', t('users.sortCreated')],
];
// Kept while the page is loaded, so returning from a user shows the same search and page.
const state = { query: '', sort: SORTS[0][0], offset: 0 };

const COLUMNS = [
  { label: t('users.user'), cell: (u) => [link(`admin/users/${encodeURIComponent(u.userId)}`, u.username, { class: 'user-link' }), u.displayName && u.displayName !== u.username ? h('span', { class: 'sub' }, u.displayName) : null] },
  { label: t('users.email'), cell: (u) => u.email || '—' },
  { label: t('users.role'), cell: (u) => (u.roles.includes('admin') ? badge(t('account.admin'), 'badge-admin') : t('users.user')) },
  { label: t('users.status'), cell: (u) => (u.isActive ? t('users.active') : badge(t('users.disabled'), 'badge-error')) },
  { label: t('users.lastLogin'), cell: (u) => when(u.lastLoginAt) },
];

export async function render(view, ctx) {
  const searchId = nextId();
  const search = h('input', { id: searchId, type: 'search', value: state.query, placeholder: t('users.searchPlaceholder'), autocomplete: 'off' });
  const sort = selectField(t('users.sortBy'), SORTS, state.sort);
  const results = h('div', { class: 'results' });
  let latest = 0;

  async function load() {
    const asked = ++latest;
    const [by, order] = state.sort.split(':');
    const { users: found, total } = await users.list({ query: state.query, offset: state.offset, limit: LIMIT, sort: by, order });
    if (asked !== latest) return;
    clear(results, dataTable(t('admin.users'), COLUMNS, found, state.query ? t('users.noMatch') : t('users.none')),
      pager({ offset: state.offset, limit: LIMIT, total }, (offset) => { state.offset = offset; refresh(); }));
  }
  const refresh = () => load().catch(ctx.fail);

  let timer;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { state.query = search.value.trim(); state.offset = 0; refresh(); }, SEARCH_DELAY_MS);
  });
  sort.input.addEventListener('change', () => { state.sort = sort.input.value; state.offset = 0; refresh(); });

  await load();
  clear(view, pageHead(t('admin.users'), link('admin/users/new', t('users.new'), { class: 'button primary' })),
    h('div', { class: 'toolbar' }, h('div', { class: 'field grow' }, h('label', { for: searchId }, t('users.search')), search), sort.el),
    results);
}
