// /register, as the server's registration mode says: open, with an invite code, or closed
// (accounts come from an administrator).
import { t } from './i18n.js';
import { h, clear } from './dom.js';
import { current } from './router.js';
import { auth } from './api.js';
import { field, authCard, errorBox, showError, PASSWORD_RULE } from './forms.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** 'open', 'invite' or 'closed'; a server without `registration` says it with inviteCodeRequired. */
async function registrationMode() {
  try {
    const config = await auth.config();
    return config.registration || (config.inviteCodeRequired === true ? 'invite' : 'open');
  } catch {
    // Without the config the server still checks; show the invite field to be safe.
    return 'invite';
  }
}

export async function registerPage(root, { onSignedIn }) {
  document.title = t('register.pageTitle');
  const mode = await registrationMode();
  if (current() !== 'register') return;
  if (mode === 'closed') {
    clear(root, authCard(t('register.closedTitle'), t('register.closedSubtitle'),
      h('p', { class: 'notice', role: 'status' }, t('register.closedText')),
      h('p', { class: 'switch' }, t('register.haveAccount'), ' ', h('a', { href: 'login', 'data-route': 'login' }, t('register.signInLink')))));
    return;
  }
  const inviteRequired = mode === 'invite';
  const username = field(t('register.username'), { name: 'username', autocomplete: 'username', required: true, hint: t('register.usernameHint') });
  const invite = inviteRequired
    ? field(t('register.inviteCode'), { name: 'inviteCode', autocomplete: 'off', required: true, hint: t('register.inviteHint') })
    : null;
  const email = field(t('register.email'), { name: 'email', type: 'email', autocomplete: 'email' });
  const name = field(t('register.displayName'), { name: 'displayName', autocomplete: 'name' });
  const password = field(t('field.password'), { name: 'password', type: 'password', autocomplete: 'new-password', required: true, hint: PASSWORD_RULE });
  const confirm = field(t('register.confirm'), { name: 'confirmPassword', type: 'password', autocomplete: 'new-password', required: true });
  const error = errorBox();
  const submit = h('button', { type: 'submit', class: 'primary', disabled: true }, t('register.submit'));
  const form = h('form', { class: 'auth-form', novalidate: true, 'aria-label': t('register.formLabel') },
    username.el, invite?.el, email.el, name.el, password.el, confirm.el, error, submit);

  const filled = () => username.input.value.trim() !== '' && password.input.value !== '' && confirm.input.value !== '';
  form.addEventListener('input', () => { submit.disabled = !filled(); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const problem = check();
    showError(error, problem);
    if (problem || !filled()) return;
    submit.disabled = true;
    submit.textContent = t('register.submitting');
    try {
      onSignedIn(await auth.register(values()));
    } catch (e) {
      showError(error, e.message);
      submit.disabled = !filled();
      submit.textContent = t('register.submit');
    }
  });

  function check() {
    if (invite && invite.input.value.trim() === '') return t('register.inviteRequired');
    const mail = email.input.value.trim();
    if (mail !== '' && !EMAIL.test(mail)) return t('register.invalidEmail');
    if (password.input.value !== confirm.input.value) return t('password.mismatch');
    return '';
  }

  function values() {
    const fields = { username: username.input.value.trim(), password: password.input.value };
    if (invite) fields.inviteCode = invite.input.value.trim();
    if (email.input.value.trim()) fields.email = email.input.value.trim();
    if (name.input.value.trim()) fields.displayName = name.input.value.trim();
    return fields;
  }

  clear(root, authCard(t('register.title'), t('register.subtitle'), form,
    h('p', { class: 'switch' }, t('register.haveAccount'), ' ', h('a', { href: 'login', 'data-route': 'login' }, t('register.signInLink')))));
  username.input.focus();
}
