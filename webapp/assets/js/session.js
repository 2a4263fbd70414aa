// The signed-in user, kept in localStorage so a reload stays signed in.
const TOKEN = 'portagent_token';
const USER = 'portagent_user';
const FLASH = 'portagent_flash';

export function token() {
  return localStorage.getItem(TOKEN);
}

export function user() {
  try {
    return JSON.parse(localStorage.getItem(USER) || 'null');
  } catch {
    return null;
  }
}

export function save(auth) {
  localStorage.setItem(TOKEN, auth.token);
  localStorage.setItem(USER, JSON.stringify(auth.user));
}

export function saveUser(value) {
  localStorage.setItem(USER, JSON.stringify(value));
}

export function clear() {
  localStorage.removeItem(TOKEN);
  localStorage.removeItem(USER);
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
