// /login: "Username or Email", "Password", "Sign In".
import { t } from './i18n.js';
import { h, clear } from './dom.js';
import { auth } from './api.js';
import * as session from './session.js';
import { field, authCard, errorBox, showError } from './forms.js';

export function loginPage(root, { onSignedIn }) {
  document.title = t('login.pageTitle');
  const login = field(t('login.username'), { name: 'usernameOrEmail', autocomplete: 'username', required: true });
  const password = field(t('field.password'), { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = errorBox();
  const submit = h('button', { type: 'submit', class: 'primary', disabled: true }, t('login.submit'));
  const notice = session.flash();
  const form = h('form', { class: 'auth-form', novalidate: true, 'aria-label': t('login.formLabel') },
    notice ? h('p', { class: 'notice', role: 'status' }, notice) : null,
    login.el, password.el, error, submit);

  const filled = () => login.input.value.trim() !== '' && password.input.value !== '';
  form.addEventListener('input', () => { submit.disabled = !filled(); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!filled()) return;
    showError(error, '');
    submit.disabled = true;
    submit.textContent = t('login.submitting');
    try {
      onSignedIn(await auth.login(login.input.value.trim(), password.input.value));
    } catch (e) {
      showError(error, e.message);
      submit.disabled = !filled();
      submit.textContent = t('login.submit');
      password.input.focus();
    }
  });

  const provider = h('div', { class: 'sso', hidden: true });
  clear(root, authCard(t('login.title'), t('login.subtitle'), form, provider,
    h('p', { class: 'switch' }, t('login.noAccount'), ' ', h('a', { href: 'register', 'data-route': 'register' }, t('login.registerLink')))));
  login.input.focus();
  if (new URLSearchParams(location.search).get('sso') === 'oidc') {
    finishOpenIdSignIn(onSignedIn, error);
    return;
  }
  auth.config().then((config) => {
    if (config.oidc) offerOpenIdSignIn(provider, config.oidc);
    if (!notice && config.proxyLogin) trySingleSignOnProxy(onSignedIn);
  }, () => {});
}

// "Sign in with <provider>": a plain link, so the browser itself goes to the provider and back.
function offerOpenIdSignIn(box, name) {
  clear(box, h('p', { class: 'sso-or' }, t('login.or')),
    h('a', { class: 'button sso-button', href: 'api/auth/oidc/start' }, t('login.withProvider', { name })));
  box.hidden = false;
}

// Back from the provider: the server kept the outcome for this page in a short-lived cookie.
async function finishOpenIdSignIn(onSignedIn, error) {
  history.replaceState(null, '', 'login');
  try {
    onSignedIn(await auth.oidcSession());
  } catch (e) {
    showError(error, e.message);
    auth.config().then((config) => {
      const box = document.querySelector('.sso');
      if (config.oidc && box) offerOpenIdSignIn(box, config.oidc);
    }, () => {});
  }
}

// Behind an SSO proxy that names the user in a header, sign in without the form; after a sign-out
// (a notice is shown) the form stays, so signing out is not undone at once.
async function trySingleSignOnProxy(onSignedIn) {
  try {
    onSignedIn(await auth.proxyLogin());
  } catch {
    // not through the proxy, or it named no one: the form is there
  }
}
