// /register, as the server's registration mode says: open, with an invite code, or closed
// (accounts come from an administrator).
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
  document.title = 'Register · Portagent';
  const mode = await registrationMode();
  if (current() !== 'register') return;
  if (mode === 'closed') {
    clear(root, authCard('Accounts are created by an administrator', 'This server does not take registrations',
      h('p', { class: 'notice', role: 'status' }, 'Ask your administrator for an account, then sign in with the password they give you.'),
      h('p', { class: 'switch' }, 'Already have an account? ', h('a', { href: 'login', 'data-route': 'login' }, 'Sign in'))));
    return;
  }
  const inviteRequired = mode === 'invite';
  const username = field('Username', { name: 'username', autocomplete: 'username', required: true, hint: 'At least 3 characters.' });
  const invite = inviteRequired
    ? field('Invite Code', { name: 'inviteCode', autocomplete: 'off', required: true, hint: 'Ask your administrator for an invite code.' })
    : null;
  const email = field('Email (optional)', { name: 'email', type: 'email', autocomplete: 'email' });
  const name = field('Display Name (optional)', { name: 'displayName', autocomplete: 'name' });
  const password = field('Password', { name: 'password', type: 'password', autocomplete: 'new-password', required: true, hint: PASSWORD_RULE });
  const confirm = field('Confirm Password', { name: 'confirmPassword', type: 'password', autocomplete: 'new-password', required: true });
  const error = errorBox();
  const submit = h('button', { type: 'submit', class: 'primary', disabled: true }, 'Create Account');
  const form = h('form', { class: 'auth-form', novalidate: true, 'aria-label': 'Register' },
    username.el, invite?.el, email.el, name.el, password.el, confirm.el, error, submit);

  const filled = () => username.input.value.trim() !== '' && password.input.value !== '' && confirm.input.value !== '';
  form.addEventListener('input', () => { submit.disabled = !filled(); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const problem = check();
    showError(error, problem);
    if (problem || !filled()) return;
    submit.disabled = true;
    submit.textContent = 'Creating account...';
    try {
      onSignedIn(await auth.register(values()));
    } catch (e) {
      showError(error, e.message);
      submit.disabled = !filled();
      submit.textContent = 'Create Account';
    }
  });

  function check() {
    if (invite && invite.input.value.trim() === '') return 'Invite code is required';
    const mail = email.input.value.trim();
    if (mail !== '' && !EMAIL.test(mail)) return 'Invalid email address';
    if (password.input.value !== confirm.input.value) return 'Passwords do not match';
    return '';
  }

  function values() {
    const fields = { username: username.input.value.trim(), password: password.input.value };
    if (invite) fields.inviteCode = invite.input.value.trim();
    if (email.input.value.trim()) fields.email = email.input.value.trim();
    if (name.input.value.trim()) fields.displayName = name.input.value.trim();
    return fields;
  }

  clear(root, authCard('Create your account', 'Register to start chatting', form,
    h('p', { class: 'switch' }, 'Already have an account? ', h('a', { href: 'login', 'data-route': 'login' }, 'Sign in'))));
  username.input.focus();
}
