// admin/audit: who did what to whom, from where; filter by action, user and dates, page back in time.
import { t } from '../i18n.js';
import { h, clear } from '../dom.js';
import { field } from '../forms.js';
import { audit, findUser } from './api.js';
import { pageHead, dataTable, selectField, when } from './kit.js';

const LIMIT = 50;
const DAY_MS = 24 * 60 * 60 * 1000;
// SPEC §8's actions, then the server's own (the contract's "Changes").
const ACTIONS = ['login', 'login_failed', 'logout', 'register', 'password_changed', 'password_reset', 'user_created',
  'user_updated', 'user_disabled', 'user_enabled', 'user_deleted', 'invite_created', 'invite_used', 'invite_revoked',
  'secret_rotated', 'settings_changed', 'access_denied', 'group_created', 'group_updated', 'group_deleted',
  'group_member_added', 'group_member_removed'];

const person = (name, id) => (name || id ? h('span', { title: id || '' }, name || id) : '—');
const detail = (d) => (d && Object.keys(d).length ? h('code', { class: 'detail' }, JSON.stringify(d)) : '—');

const COLUMNS = [
  { label: t('audit.time'), cell: (e) => when(e.timestamp) },
  { label: t('audit.action'), cell: (e) => h('code', {}, e.action) },
  { label: t('audit.actor'), cell: (e) => person(e.actorUsername, e.actorUserId) },
  { label: t('audit.target'), cell: (e) => person(e.targetUsername, e.targetUserId) },
  { label: t('audit.ip'), cell: (e) => e.ip || '—' },
  { label: t('audit.detail'), cell: (e) => detail(e.detail) },
];

/** Local midnight of a yyyy-mm-dd date input, in epoch ms; '' for an empty one. */
function dayStart(value) {
  return value ? new Date(`${value}T00:00:00`).getTime() : '';
}

export async function render(view, ctx) {
  const action = selectField(t('audit.action'), [['', t('audit.anyAction')], ...ACTIONS.map((a) => [a, a])], '');
  const user = field(t('users.user'), { autocomplete: 'off', spellcheck: false, value: new URLSearchParams(location.search).get('user') || '',
    hint: t('audit.userHint') });
  const from = field(t('common.from'), { type: 'date' });
  const to = field(t('common.to'), { type: 'date' });
  const apply = h('button', { type: 'submit', class: 'primary' }, t('common.apply'));
  const form = h('form', { class: 'panel filters', 'aria-label': t('audit.filter') },
    action.el, user.el, from.el, to.el, h('div', { class: 'actions' }, apply));
  const results = h('div', {});
  // Page n was fetched with before = trail[n - 1]; Newer walks back along it.
  let trail = [];
  let filters = {};

  async function load(before) {
    const { entries, nextBefore } = await audit({ ...filters, limit: LIMIT, before });
    clear(results, dataTable(t('audit.entries'), COLUMNS, entries, t('audit.none')),
      h('nav', { class: 'pager', 'aria-label': t('admin.pages') },
        h('button', { type: 'button', class: 'secondary', disabled: trail.length === 0, onclick: () => { trail.pop(); turn(trail.at(-1)); } }, t('audit.newer')),
        h('span', { class: 'pager-range', role: 'status' }, t(entries.length === 1 ? 'audit.countOne' : 'audit.countMany', { n: entries.length })),
        h('button', { type: 'button', class: 'secondary', disabled: !nextBefore, onclick: () => { trail.push(nextBefore); turn(nextBefore); } }, t('audit.older'))));
  }
  const turn = (before) => load(before).catch(ctx.fail);

  async function readFilters() {
    const name = user.input.value.trim();
    const found = name ? await findUser(name) : null;
    return {
      action: action.input.value,
      userId: found ? found.userId : name,
      from: dayStart(from.input.value),
      to: to.input.value ? dayStart(to.input.value) + DAY_MS - 1 : '',
    };
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    apply.disabled = true;
    try {
      filters = await readFilters();
      trail = [];
      await load();
    } catch (e) {
      ctx.fail(e);
    } finally {
      apply.disabled = false;
    }
  });

  filters = await readFilters();
  await load();
  clear(view, pageHead(t('admin.audit')), form, results);
}
