// admin/users: search by name or email, sort (by last sign-in too), page through; a row opens the user.
import { h, clear } from '../dom.js';
import { nextId } from '../forms.js';
import { users } from './api.js';
import { pageHead, link, dataTable, pager, selectField, badge, when } from './kit.js';

const LIMIT = 25;
const SEARCH_DELAY_MS = 250;
const SORTS = [
  ['username:asc', 'Username (A–Z)'],
  ['lastLoginAt:desc', 'Last sign-in (newest first)'],
  ['lastLoginAt:asc', 'Last sign-in (oldest first)'],
  ['createdAt:desc', 'Created (newest first)'],
];
// Kept while the page is loaded, so returning from a user shows the same search and page.
const state = { query: '', sort: SORTS[0][0], offset: 0 };

const COLUMNS = [
  { label: 'User', cell: (u) => [link(`admin/users/${encodeURIComponent(u.userId)}`, u.username, { class: 'user-link' }), u.displayName && u.displayName !== u.username ? h('span', { class: 'sub' }, u.displayName) : null] },
  { label: 'Email', cell: (u) => u.email || '—' },
  { label: 'Role', cell: (u) => (u.roles.includes('admin') ? badge('Admin', 'badge-admin') : 'User') },
  { label: 'Status', cell: (u) => (u.isActive ? 'Active' : badge('Disabled', 'badge-error')) },
  { label: 'Last sign-in', cell: (u) => when(u.lastLoginAt) },
];

export async function render(view, ctx) {
  const searchId = nextId();
  const search = h('input', { id: searchId, type: 'search', value: state.query, placeholder: 'Username, email or name', autocomplete: 'off' });
  const sort = selectField('Sort by', SORTS, state.sort);
  const results = h('div', { class: 'results' });
  let latest = 0;

  async function load() {
    const asked = ++latest;
    const [by, order] = state.sort.split(':');
    const { users: found, total } = await users.list({ query: state.query, offset: state.offset, limit: LIMIT, sort: by, order });
    if (asked !== latest) return;
    clear(results, dataTable('Users', COLUMNS, found, state.query ? 'No user matches the search.' : 'No users yet.'),
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
  clear(view, pageHead('Users', link('admin/users/new', 'New user', { class: 'button primary' })),
    h('div', { class: 'toolbar' }, h('div', { class: 'field grow' }, h('label', { for: searchId }, 'Search users'), search), sort.el),
    results);
}
