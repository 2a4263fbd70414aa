// Boot: pick the page for the route; the studio and the console only with a verified token whose
// password need not change first.
import { t } from './i18n.js';
import * as router from './router.js';
import * as session from './session.js';
import { h, clear, loadStyle } from './dom.js';
import { auth } from './api.js';
import { loginPage } from './login.js';
import { registerPage } from './register.js';
import * as theme from './theme.js';

theme.apply();

const root = document.getElementById('app');
let mounted = null; // { kind: 'studio' | 'admin', page }
let starting = null;
let ending = null; // an account action that ends this token (new password, sign out everywhere)

const EXPIRED = t('session.expired');

/** The signed-in pages; each module loads only when first needed (the sign-in page never does). */
const PAGES = {
  studio: {
    load: () => import('./studio.js'),
    create: ({ Studio }, token) => new Studio(root, { token, account, onUnauthorized: () => expired(token) }),
    open: (page, route) => page.open(/^studio\/([^/]+)$/.exec(route)?.[1] || null),
  },
  settings: {
    load: () => import('./settings.js'),
    create: ({ SettingsPage }, token) => new SettingsPage(root, { token, account, onUnauthorized: () => expired(token) }),
    open: (page) => page.open(),
  },
  admin: {
    load: () => Promise.all([import('./admin/console.js'), loadStyle('assets/css/admin.css')]).then(([module]) => module),
    create: ({ AdminConsole }, token) => new AdminConsole(root, { account, onUnauthorized: () => expired(token) }),
    open: (page, route) => page.open(route),
  },
};

function kindOf(route) {
  if (/^studio(?:\/[^/]+)?$/.test(route)) return 'studio';
  if (route === 'settings') return 'settings';
  return /^admin(?:\/|$)/.test(route) ? 'admin' : null;
}

function show(route) {
  if (route === 'login' || route === 'register') {
    unmount();
    (route === 'login' ? loginPage : registerPage)(root, { onSignedIn });
    return;
  }
  const kind = kindOf(route);
  if (!kind) {
    router.navigate('studio', { replace: true });
    return;
  }
  if (!session.token()) {
    router.navigate('login', { replace: true });
    return;
  }
  if (mounted?.kind === kind) PAGES[kind].open(mounted.page, route);
  else starting ??= mount(kind).finally(() => { starting = null; followUp(kind); });
}

/** The route may have moved to the other kind of page while this one was starting. */
function followUp(started) {
  const kind = kindOf(router.current());
  if (kind && kind !== started && session.token()) show(router.current());
}

async function mount(kind) {
  const token = await signedIn();
  if (!token) return;
  const module = await PAGES[kind].load();
  if (session.token() !== token || kindOf(router.current()) !== kind) return;
  unmount();
  mounted = { kind, page: PAGES[kind].create(module, token) };
  PAGES[kind].open(mounted.page, router.current());
}

/**
 * Verifies the token and, when the account must change its password, asks for a new one before
 * anything else opens. Resolves to the token to use, or null when signed out.
 */
async function signedIn() {
  const token = session.token();
  let verified;
  try {
    verified = await auth.verify(token);
  } catch (e) {
    if (e.status === 401) signedOut(EXPIRED);
    // An unreachable server: the page shows its own reconnecting state.
    return e.status === 401 ? null : token;
  }
  session.saveUser(verified.user, verified.roles);
  if (!verified.mustChangePassword) return token;
  clear(root, h('p', { class: 'boot', role: 'status' }, t('session.newPasswordRequired')));
  const { changePassword } = await import('./passwords.js');
  const fresh = await changePassword(token, { required: true });
  if (!fresh) {
    await signOut();
    return null;
  }
  session.saveToken(fresh);
  return fresh;
}

function unmount() {
  mounted?.page.destroy();
  mounted = null;
}

function onSignedIn(result) {
  session.save(result);
  router.navigate('studio');
}

/** What the header's account controls do (usermenu.js). */
const account = {
  signOut,

  async changePassword() {
    const { changePassword } = await import('./passwords.js');
    ending = changePassword(session.token());
    const fresh = await ending;
    ending = null;
    if (!fresh) return;
    // The old token dies with the change: the page starts again on the new one.
    session.saveToken(fresh);
    unmount();
    show(router.current());
  },

  async signOutEverywhere() {
    const { confirmAction } = await import('./dialogs.js');
    const sure = await confirmAction(t('account.signOutEverywhere'),
      t('account.signOutEverywhereConfirm'), t('account.signOutEverywhere'));
    if (!sure) return;
    ending = auth.logoutAll(session.token()).then(() => null, (e) => (e.status === 401 ? null : e));
    const failed = await ending;
    ending = null;
    if (failed) mounted?.page.toast(failed.message);
    else signedOut(t('session.signedOutEverywhere'));
  },
};

async function signOut() {
  const token = session.token();
  const provider = session.providerLogout();
  unmount();
  session.clear();
  try {
    await auth.logout(token);
  } catch {
    // The token is gone from this browser either way.
  }
  session.flash(t('session.signedOut'));
  // Signed in through an OpenID provider: end its session too, it sends the browser back to the sign-in page.
  if (provider) location.assign(provider);
  else router.navigate('login');
}

/**
 * A page's token was refused. The server refuses it as soon as a password change or a sign-out
 * everywhere succeeds, often before its answer arrives: wait for that answer, it says what next.
 */
async function expired(token) {
  await ending;
  if (session.token() === token) signedOut(EXPIRED);
}

function signedOut(message) {
  unmount();
  session.clear();
  session.flash(message);
  router.navigate('login', { replace: true });
}

router.start(show);
