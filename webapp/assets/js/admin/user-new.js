// admin/users/new: create an account; a generated temporary password is shown once.
import { h, clear } from '../dom.js';
import { field, errorBox, nextId, PASSWORD_RULE } from '../forms.js';
import { users } from './api.js';
import { pageHead, link, secretBox, onSubmit } from './kit.js';

export async function render(view, ctx) {
  const username = field('Username', { required: true, autocomplete: 'off', spellcheck: false });
  const email = field('Email (optional)', { type: 'email', autocomplete: 'off' });
  const name = field('Display name (optional)', { autocomplete: 'off' });
  const password = field('Password (optional)', { type: 'password', autocomplete: 'new-password',
    hint: `Leave empty to generate a temporary password. ${PASSWORD_RULE} Either way they choose their own at first sign-in.` });
  const adminId = nextId();
  const admin = h('input', { type: 'checkbox', id: adminId });
  const error = errorBox();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create user');
  const form = h('form', { class: 'panel form-grid', novalidate: true, 'aria-label': 'New user' },
    username.el, email.el, name.el, password.el,
    h('div', { class: 'check' }, admin, h('label', { for: adminId }, 'Administrator')), error, h('div', { class: 'actions' }, submit));

  const fields = () => ({
    username: username.input.value.trim(), admin: admin.checked, email: email.input.value.trim() || undefined,
    displayName: name.input.value.trim() || undefined, password: password.input.value || undefined,
  });
  onSubmit(form, {
    submit, error, ctx,
    check: () => (fields().username ? '' : 'Username is required'),
    action: async () => created(await users.create(fields())),
  });

  function created({ user, temporaryPassword }) {
    clear(view, pageHead(`Created ${user.username}`),
      h('div', { class: 'panel' },
        temporaryPassword
          ? secretBox('Temporary password', temporaryPassword, `Shown once: copy it now and give it to ${user.username}. They must change it when they sign in.`)
          : h('p', {}, `${user.username} signs in with the password you chose and must change it then.`),
        h('div', { class: 'actions' },
          link(`admin/users/${encodeURIComponent(user.userId)}`, `Open ${user.username}`, { class: 'button secondary' }),
          h('button', { type: 'button', class: 'secondary', onclick: () => render(view, ctx).then(() => view.querySelector('h1').focus()) }, 'Create another'))));
    view.querySelector('h1').focus();
  }

  clear(view, pageHead('New user', link('admin/users', 'All users', { class: 'button secondary' })), form);
}
