// Boot: pick the page for the route; the studio only with a verified token.
import * as router from './router.js';
import * as session from './session.js';
import { auth } from './api.js';
import { loginPage } from './login.js';
import { registerPage } from './register.js';

const root = document.getElementById('app');
let studio = null;
let starting = null;
let wanted = null;

const EXPIRED = 'Your session has expired or was revoked. Please sign in again.';

function show(route) {
  if (route === 'login' || route === 'register') {
    stopStudio();
    (route === 'login' ? loginPage : registerPage)(root, { onSignedIn });
    return;
  }
  const match = /^studio(?:\/([^/]+))?$/.exec(route);
  if (!match) {
    router.navigate('studio', { replace: true });
    return;
  }
  if (!session.token()) {
    router.navigate('login', { replace: true });
    return;
  }
  wanted = match[1] || null;
  if (studio) studio.open(wanted);
  else starting ??= startStudio().finally(() => { starting = null; });
}

/** Verifies the token, then loads the studio's modules: the sign-in page never downloads them. */
async function startStudio() {
  const token = session.token();
  try {
    const verified = await auth.verify(token);
    session.saveUser(verified.user);
  } catch (e) {
    if (e.status === 401) {
      signedOut(EXPIRED);
      return;
    }
    // The server is unreachable: the studio shows its own reconnecting state.
  }
  const { Studio } = await import('./studio.js');
  if (studio || session.token() !== token || !router.current().startsWith('studio')) return;
  studio = new Studio(root, { token, onSignOut: signOut, onUnauthorized: () => signedOut(EXPIRED) });
  studio.open(wanted);
}

function stopStudio() {
  studio?.destroy();
  studio = null;
}

function onSignedIn(result) {
  session.save(result);
  router.navigate('studio');
}

async function signOut() {
  const token = session.token();
  stopStudio();
  session.clear();
  try {
    await auth.logout(token);
  } catch {
    // The token is gone from this browser either way.
  }
  session.flash('You have signed out.');
  router.navigate('login');
}

function signedOut(message) {
  stopStudio();
  session.clear();
  session.flash(message);
  router.navigate('login', { replace: true });
}

router.start(show);
