// The admin API (/api/admin/*, docs/administration.md), called with the signed-in admin's token.
import { call } from '../api.js';
import * as session from '../session.js';

const path = (...parts) => `api/admin/${parts.map(encodeURIComponent).join('/')}`;

function send(method, target, body) {
  const bodyless = method === 'GET' || method === 'DELETE';
  return call(target, { method, token: session.token(), body: bodyless ? undefined : body ?? {} });
}

/** A query string of the values that are set. */
function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const users = {
  list: (params) => send('GET', path('users') + query(params)),
  get: (userId) => send('GET', path('users', userId)),
  create: (fields) => send('POST', path('users'), fields),
  update: (userId, fields) => send('PATCH', path('users', userId), fields),
  resetPassword: (userId) => send('POST', path('users', userId, 'password-reset')),
  remove: (userId) => send('DELETE', path('users', userId)),
};

export const groups = {
  list: () => send('GET', path('groups')),
  get: (groupId) => send('GET', path('groups', groupId)),
  create: (fields) => send('POST', path('groups'), fields),
  update: (groupId, fields) => send('PATCH', path('groups', groupId), fields),
  remove: (groupId) => send('DELETE', path('groups', groupId)),
  addMember: (groupId, userId) => send('PUT', path('groups', groupId, 'members', userId)),
  removeMember: (groupId, userId) => send('DELETE', path('groups', groupId, 'members', userId)),
};

export const invites = {
  list: () => send('GET', path('invites')),
  create: (fields) => send('POST', path('invites'), fields),
  revoke: (code) => send('DELETE', path('invites', code)),
};

export const audit = (params) => send('GET', path('audit') + query(params));

export const storage = () => send('GET', path('storage'));

export const usage = (params) => send('GET', path('usage') + query(params));

export const settings = {
  list: () => send('GET', path('settings')),
  update: (changes) => send('PATCH', path('settings'), changes),
};

/** The account whose username is exactly `username`, or null. */
export async function findUser(username) {
  const { users: found } = await users.list({ query: username, limit: 200 });
  return found.find((u) => u.username === username) || null;
}
