// The signed-in user, kept in localStorage so a reload stays signed in.
const TOKEN = 'portagent_token';
const USER = 'portagent_user';
const ROLES = 'portagent_roles';
const FLASH = 'portagent_flash';
const PROVIDER_LOGOUT = 'portagent_provider_logout';

export function token() {
  return localStorage.getItem(TOKEN);
}

function stored(key, fallback) {
  try {
    return JSON.parse(localStorage.getItem(key) || 'null') ?? fallback;
  } catch {
    return fallback;
  }
}

export function user() {
  return stored(USER, null);
}

/** The token's roles as the server last said them: only what the UI offers, the API decides. */
export function roles() {
  return stored(ROLES, []);
}

export function isAdmin() {
  return roles().includes('admin');
}

export function save(auth) {
  localStorage.setItem(TOKEN, auth.token);
  if (auth.providerLogout) localStorage.setItem(PROVIDER_LOGOUT, auth.providerLogout);
  else localStorage.removeItem(PROVIDER_LOGOUT);
  saveUser(auth.user, auth.roles || []);
}

/** Where signing out also ends the OpenID provider's session, after a sign-in through it. */
export function providerLogout() {
  return localStorage.getItem(PROVIDER_LOGOUT);
}

export function saveToken(value) {
  localStorage.setItem(TOKEN, value);
}

export function saveUser(value, roleList = roles()) {
  localStorage.setItem(USER, JSON.stringify(value));
  localStorage.setItem(ROLES, JSON.stringify(roleList || []));
}

export function clear() {
  localStorage.removeItem(TOKEN);
  localStorage.removeItem(USER);
  localStorage.removeItem(ROLES);
  localStorage.removeItem(PROVIDER_LOGOUT);
}

export function displayName(u = user()) {
  return u?.displayName || u?.username || '';
}

/** A one-time message for the next page (e.g. why the login page is shown). */
export function flash(message) {
  if (message === undefined) {
    const value = sessionStorage.getItem(FLASH);
    sessionStorage.removeItem(FLASH);
    return value;
  }
  sessionStorage.setItem(FLASH, message);
}
