// /login: "Username or Email", "Password", "Sign In".
import { h, clear } from './dom.js';
import { auth } from './api.js';
import * as session from './session.js';
import { field, authCard, errorBox, showError } from './forms.js';

export function loginPage(root, { onSignedIn }) {
  document.title = 'Sign in · Portagent';
  const login = field('Username or Email', { name: 'usernameOrEmail', autocomplete: 'username', required: true });
  const password = field('Password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = errorBox();
  const submit = h('button', { type: 'submit', class: 'primary', disabled: true }, 'Sign In');
  const notice = session.flash();
  const form = h('form', { class: 'auth-form', novalidate: true, 'aria-label': 'Sign in' },
    notice ? h('p', { class: 'notice', role: 'status' }, notice) : null,
    login.el, password.el, error, submit);

  const filled = () => login.input.value.trim() !== '' && password.input.value !== '';
  form.addEventListener('input', () => { submit.disabled = !filled(); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!filled()) return;
    showError(error, '');
    submit.disabled = true;
    submit.textContent = 'Signing in...';
    try {
      onSignedIn(await auth.login(login.input.value.trim(), password.input.value));
    } catch (e) {
      showError(error, e.message);
      submit.disabled = !filled();
      submit.textContent = 'Sign In';
      password.input.focus();
    }
  });

  clear(root, authCard('Welcome to Portagent', 'Sign in to continue', form,
    h('p', { class: 'switch' }, "Don't have an account? ", h('a', { href: 'register', 'data-route': 'register' }, 'Register'))));
  login.input.focus();
  if (!notice) trySingleSignOnProxy(onSignedIn);
}

// Behind an SSO proxy that names the user in a header, sign in without the form; after a sign-out
// (a notice is shown) the form stays, so signing out is not undone at once.
async function trySingleSignOnProxy(onSignedIn) {
  try {
    if ((await auth.config()).proxyLogin) onSignedIn(await auth.proxyLogin());
  } catch {
    // not through the proxy, or it named no one: the form is there
  }
}
