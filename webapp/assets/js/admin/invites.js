// admin/invites: make invite codes (expiry, uses, note), list them, copy, revoke.
import { h, clear } from '../dom.js';
import { field, errorBox } from '../forms.js';
import { copyButton } from '../clipboard.js';
import { confirmAction } from '../dialogs.js';
import { invites } from './api.js';
import { pageHead, dataTable, badge, when, secretBox, busy, onSubmit } from './kit.js';

function status(invite, now = Date.now()) {
  if (invite.revoked) return badge('Revoked', 'badge-error');
  if (invite.expiresAt && invite.expiresAt <= now) return badge('Expired');
  if (invite.uses >= invite.maxUses) return badge('Used up');
  return badge('Active', 'badge-ok');
}

const usable = (invite) => !invite.revoked && invite.uses < invite.maxUses && !(invite.expiresAt <= Date.now());

export async function render(view, ctx) {
  const list = h('div', {});
  const made = h('div', { class: 'secret-slot' });
  const hours = field('Expires in (hours)', { type: 'number', min: 1, step: 1, value: '72' });
  const uses = field('Maximum uses', { type: 'number', min: 1, step: 1, value: '1' });
  const note = field('Note (optional)', { autocomplete: 'off', maxlength: 200, hint: 'Who it is for; shown only to admins.' });
  const error = errorBox();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create invite');
  const form = h('form', { class: 'panel form-grid', novalidate: true, 'aria-label': 'New invite' },
    hours.el, uses.el, note.el, error, h('div', { class: 'actions' }, submit));

  const columns = [
    { label: 'Code', cell: (i) => h('span', { class: 'code-cell' }, h('code', {}, i.code), copyButton(i.code, 'invite code')) },
    { label: 'Note', cell: (i) => i.note || '—' },
    { label: 'Uses', cell: (i) => `${i.uses} of ${i.maxUses}` },
    { label: 'Expires', cell: (i) => when(i.expiresAt) },
    { label: 'Created by', cell: (i) => i.createdBy || '—' },
    { label: 'Status', cell: (i) => status(i) },
    { label: '', cell: (i) => (usable(i) ? h('button', { type: 'button', class: 'secondary small', 'aria-label': `Revoke ${i.code}`, onclick: (e) => revoke(e.currentTarget, i) }, 'Revoke') : '') },
  ];

  async function load() {
    const { invites: all } = await invites.list();
    clear(list, dataTable('Invites', columns, all, 'No invites yet.'));
  }

  async function revoke(button, invite) {
    const sure = await confirmAction('Revoke invite', `Revoke ${invite.code}? Nobody can register with it afterwards.`, 'Revoke', true);
    if (sure && await busy(button, ctx, () => invites.revoke(invite.code))) {
      ctx.toast(`Revoked ${invite.code}.`);
      await load().catch(ctx.fail);
    }
  }

  const fields = () => ({ expiresInHours: Number(hours.input.value), maxUses: Number(uses.input.value), note: note.input.value.trim() || undefined });
  onSubmit(form, {
    submit, error, ctx,
    check: () => ([fields().expiresInHours, fields().maxUses].every((n) => Number.isInteger(n) && n >= 1) ? '' : 'Hours and uses are whole numbers, 1 or more.'),
    action: async () => {
      const invite = await invites.create(fields());
      clear(made, secretBox('Invite code', invite.code,
        `Valid until ${new Date(invite.expiresAt).toLocaleString()} for ${invite.maxUses} registration${invite.maxUses === 1 ? '' : 's'}. It is entered as the Invite Code when registering.`));
      form.reset();
      await load();
    },
  });

  await load();
  clear(view, pageHead('Invites'), h('h2', {}, 'New invite'), form, made, h('h2', {}, 'All invites'), list);
}
