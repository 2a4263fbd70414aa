// admin/users/new: create an account; a generated temporary password is shown once.
import { t } from '../i18n.js';
import { h, clear } from '../dom.js';
import { field, errorBox, nextId, PASSWORD_RULE } from '../forms.js';
import { users } from './api.js';
import { pageHead, link, secretBox, onSubmit } from './kit.js';

export async function render(view, ctx) {
  const username = field(t('register.username'), { required: true, autocomplete: 'off', spellcheck: false });
  const email = field(t('register.email'), { type: 'email', autocomplete: 'off' });
  const name = field(t('userNew.displayName'), { autocomplete: 'off' });
  const password = field(t('userNew.password'), { type: 'password', autocomplete: 'new-password',
    hint: t('userNew.passwordHint', { rule: PASSWORD_RULE }) });
  const adminId = nextId();
  const admin = h('input', { type: 'checkbox', id: adminId });
  const error = errorBox();
  const submit = h('button', { type: 'submit', class: 'primary' }, t('userNew.submit'));
  const form = h('form', { class: 'panel form-grid', novalidate: true, 'aria-label': t('users.new') },
    username.el, email.el, name.el, password.el,
    h('div', { class: 'check' }, admin, h('label', { for: adminId }, t('userNew.admin'))), error, h('div', { class: 'actions' }, submit));

  const fields = () => ({
    username: username.input.value.trim(), admin: admin.checked, email: email.input.value.trim() || undefined,
    displayName: name.input.value.trim() || undefined, password: password.input.value || undefined,
  });
  onSubmit(form, {
    submit, error, ctx,
    check: () => (fields().username ? '' : t('userNew.usernameRequired')),
    action: async () => created(await users.create(fields())),
  });

  function created({ user, temporaryPassword }) {
    clear(view, pageHead(t('userNew.created', { name: user.username })),
      h('div', { class: 'panel' },
        temporaryPassword
          ? secretBox(t('password.temporary'), temporaryPassword, t('user.shownOnce', { name: user.username }))
          : h('p', {}, t('userNew.chosenPassword', { name: user.username })),
        h('div', { class: 'actions' },
          link(`admin/users/${encodeURIComponent(user.userId)}`, t('userNew.open', { name: user.username }), { class: 'button secondary' }),
          h('button', { type: 'button', class: 'secondary', onclick: () => render(view, ctx).then(() => view.querySelector('h1').focus()) }, t('userNew.another')))));
    view.querySelector('h1').focus();
  }

  clear(view, pageHead(t('users.new'), link('admin/users', t('userNew.all'), { class: 'button secondary' })), form);
}
