// Shared pieces of the sign-in, registration, password and console forms.
import { t } from './i18n.js';
import { h } from './dom.js';

// The server's rule for a new password, shown under every field that sets one.
export const MIN_PASSWORD = 6;
export const PASSWORD_RULE = t('password.rule', { min: MIN_PASSWORD });

let ids = 0;

export function nextId(prefix = 'f') {
  return `${prefix}${++ids}`;
}

/** A labelled input; its hint is tied to it with aria-describedby, so it is read with the field. */
export function field(label, { hint, ...attrs }) {
  const id = nextId();
  const input = h('input', { id, 'aria-describedby': hint ? `${id}-hint` : null, ...attrs });
  return { input, el: h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null) };
}

export function authCard(title, subtitle, ...content) {
  return h('main', { class: 'auth' },
    h('div', { class: 'auth-card' },
      h('div', { class: 'brand-mark', 'aria-hidden': 'true' }, 'P'),
      h('h1', {}, title),
      h('p', { class: 'subtitle' }, subtitle),
      ...content));
}

export function errorBox() {
  return h('p', { class: 'form-error', role: 'alert', hidden: true });
}

export function showError(box, message) {
  box.textContent = message || '';
  box.hidden = !message;
}
