// The HTTP API (/api/auth/*; the console's /api/admin/* in admin/api.js), addressed relative to
// the application's base, never to "/".
import { t } from './i18n.js';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function appUrl(path) {
  return new URL(path, document.baseURI);
}

export async function call(path, { method = 'GET', body, token } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(appUrl(path), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, t('error.network'));
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    throw new ApiError(response.status, data?.error || t('error.status', { status: response.status }));
  }
  return data;
}

/**
 * Fetches a file the API serves as an attachment (a token needed) and hands it to the browser's
 * downloads under the name the server gives it, else {@code fallbackName}.
 */
export async function download(path, token, fallbackName) {
  let response;
  try {
    response = await fetch(appUrl(path), { headers: { Authorization: `Bearer ${token}` } });
  } catch {
    throw new ApiError(0, t('error.network'));
  }
  if (!response.ok) {
    const data = await response.json().catch(() => null);
    throw new ApiError(response.status, data?.error || t('error.status', { status: response.status }));
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') || '')?.[1] || fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export const auth = {
  config: () => call('api/auth/config'),
  login: (usernameOrEmail, password) => call('api/auth/login', { method: 'POST', body: { usernameOrEmail, password } }),
  proxyLogin: () => call('api/auth/proxy-login', { method: 'POST', body: {} }),
  oidcSession: () => call('api/auth/oidc/session', { method: 'POST', body: {} }),
  register: (fields) => call('api/auth/register', { method: 'POST', body: fields }),
  verify: (token) => call('api/auth/verify', { token }),
  wsTicket: (token) => call('api/auth/ws-ticket', { method: 'POST', token, body: {} }),
  logout: (token) => call('api/auth/logout', { method: 'POST', token, body: {} }),
  logoutAll: (token) => call('api/auth/logout-all', { method: 'POST', token, body: {} }),
  changePassword: (token, currentPassword, newPassword) =>
    call('api/auth/password', { method: 'POST', token, body: { currentPassword, newPassword } }),
};
