// Changing one's own password: required before anything else after an administrator set a
// temporary one, or chosen from the user menu. The server's rule is shown before submitting.
import { t } from './i18n.js';
import { h } from './dom.js';
import { auth } from './api.js';
import { field, errorBox, showError, nextId, MIN_PASSWORD, PASSWORD_RULE } from './forms.js';

/**
 * Resolves to the new token once the server took the new password; to null when the person
 * cancels (or, when `required`, chooses to sign out instead).
 */
export function changePassword(token, { required = false } = {}) {
  const current = field(required ? t('password.temporary') : t('password.current'),
    { type: 'password', autocomplete: 'current-password', required: true });
  const next = field(t('password.new'), { type: 'password', autocomplete: 'new-password', required: true, hint: PASSWORD_RULE });
  const confirm = field(t('password.confirm'), { type: 'password', autocomplete: 'new-password', required: true });
  const error = errorBox();
  const titleId = nextId('title');
  const submit = h('button', { type: 'submit', class: 'primary' }, t('password.change'));
  const leave = h('button', { type: 'button', class: 'secondary' }, required ? t('password.signOut') : t('common.cancel'));
  const form = h('form', { class: 'auth-form', novalidate: true },
    h('h2', { id: titleId }, required ? t('password.chooseTitle') : t('password.change')),
    required ? h('p', { class: 'notice' }, t('password.setByAdmin')) : null,
    current.el, next.el, confirm.el, error, h('div', { class: 'dialog-actions' }, leave, submit));
  const dialog = h('dialog', { class: 'password-dialog', 'aria-labelledby': titleId }, form);
  document.body.append(dialog);

  return new Promise((resolve) => {
    let result = null;
    let done = false;
    const finish = (value) => {
      done = true;
      result = value;
      dialog.close();
    };
    leave.addEventListener('click', () => finish(null));
    // Escape must not skip a required change; the browser may close anyway, so it opens again.
    dialog.addEventListener('cancel', (event) => { if (required) event.preventDefault(); });
    dialog.addEventListener('close', () => {
      if (!done && required) {
        dialog.showModal();
        return;
      }
      dialog.remove();
      resolve(result);
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const problem = check(current.input.value, next.input.value, confirm.input.value);
      showError(error, problem);
      if (problem) return;
      submit.disabled = true;
      try {
        const { token: fresh } = await auth.changePassword(token, current.input.value, next.input.value);
        finish(fresh);
      } catch (e) {
        showError(error, e.message);
        submit.disabled = false;
      }
    });
    dialog.showModal();
    current.input.focus();
  });
}

function check(current, next, confirm) {
  if (current === '') return t('password.enterCurrent');
  if (next.length < MIN_PASSWORD) return t('password.tooShort', { min: MIN_PASSWORD });
  if (next !== confirm) return t('password.mismatch');
  if (next === current) return t('password.sameAsCurrent');
  return '';
}
