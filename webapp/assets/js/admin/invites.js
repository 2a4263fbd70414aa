// admin/invites: make invite codes (expiry, uses, note), list them, copy, revoke.
import { t, date } from '../i18n.js';
import { h, clear } from '../dom.js';
import { field, errorBox } from '../forms.js';
import { copyButton } from '../clipboard.js';
import { confirmAction } from '../dialogs.js';
import { invites } from './api.js';
import { pageHead, dataTable, badge, when, secretBox, busy, onSubmit } from './kit.js';

function status(invite, now = Date.now()) {
  if (invite.revoked) return badge(t('invites.revoked'), 'badge-error');
  if (invite.expiresAt && invite.expiresAt <= now) return badge(t('invites.expired'));
  if (invite.uses >= invite.maxUses) return badge(t('invites.usedUp'));
  return badge(t('users.active'), 'badge-ok');
}

const usable = (invite) => !invite.revoked && invite.uses < invite.maxUses && !(invite.expiresAt <= Date.now());

export async function render(view, ctx) {
  const list = h('div', {});
  const made = h('div', { class: 'secret-slot' });
  const hours = field(t('invites.hours'), { type: 'number', min: 1, step: 1, value: '72' });
  const uses = field(t('invites.maxUses'), { type: 'number', min: 1, step: 1, value: '1' });
  const note = field(t('invites.noteField'), { autocomplete: 'off', maxlength: 200, hint: t('invites.noteHint') });
  const error = errorBox();
  const submit = h('button', { type: 'submit', class: 'primary' }, t('invites.create'));
  const form = h('form', { class: 'panel form-grid', novalidate: true, 'aria-label': t('invites.new') },
    hours.el, uses.el, note.el, error, h('div', { class: 'actions' }, submit));

  const columns = [
    { label: t('invites.code'), cell: (i) => h('span', { class: 'code-cell' }, h('code', {}, i.code), copyButton(i.code, t('invites.what'))) },
    { label: t('invites.note'), cell: (i) => i.note || '—' },
    { label: t('invites.uses'), cell: (i) => t('invites.usesOf', { uses: i.uses, max: i.maxUses }) },
    { label: t('invites.expires'), cell: (i) => when(i.expiresAt) },
    { label: t('invites.createdBy'), cell: (i) => i.createdBy || '—' },
    { label: t('users.status'), cell: (i) => status(i) },
    { label: '', cell: (i) => (usable(i) ? h('button', { type: 'button', class: 'secondary small', 'aria-label': t('invites.revokeLabel', { code: i.code }), onclick: (e) => revoke(e.currentTarget, i) }, t('invites.revoke')) : '') },
  ];

  async function load() {
    const { invites: all } = await invites.list();
    clear(list, dataTable(t('admin.invites'), columns, all, t('invites.none')));
  }

  async function revoke(button, invite) {
    const sure = await confirmAction(t('invites.revokeTitle'), t('invites.revokeConfirm', { code: invite.code }), t('invites.revoke'), true);
    if (sure && await busy(button, ctx, () => invites.revoke(invite.code))) {
      ctx.toast(t('invites.revokedDone', { code: invite.code }));
      await load().catch(ctx.fail);
    }
  }

  const fields = () => ({ expiresInHours: Number(hours.input.value), maxUses: Number(uses.input.value), note: note.input.value.trim() || undefined });
  onSubmit(form, {
    submit, error, ctx,
    check: () => ([fields().expiresInHours, fields().maxUses].every((n) => Number.isInteger(n) && n >= 1) ? '' : t('invites.invalid')),
    action: async () => {
      const invite = await invites.create(fields());
      clear(made, secretBox(t('invites.codeLabel'), invite.code,
        t(invite.maxUses === 1 ? 'invites.validOne' : 'invites.validMany', { until: date(invite.expiresAt, { dateStyle: 'medium', timeStyle: 'short' }), n: invite.maxUses })));
      form.reset();
      await load();
    },
  });

  await load();
  clear(view, pageHead(t('admin.invites')), h('h2', {}, t('invites.new')), form, made, h('h2', {}, t('invites.all')), list);
}
