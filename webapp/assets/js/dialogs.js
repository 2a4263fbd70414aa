// Modal dialogs on the native <dialog> element: rename, confirm, confirm by typing a name.
import { t, withNode } from './i18n.js';
import { h } from './dom.js';
import { nextId } from './forms.js';

/** Resolves to true when confirmed; `setup(confirmButton)` may hold the button back. */
function modal(title, body, confirmLabel, danger, setup) {
  const cancel = h('button', { type: 'button', class: 'secondary' }, t('common.cancel'));
  const confirm = h('button', { type: 'submit', class: danger ? 'danger' : 'primary' }, confirmLabel);
  const form = h('form', { method: 'dialog' }, h('h2', {}, title), body, h('div', { class: 'dialog-actions' }, cancel, confirm));
  const dialog = h('dialog', { 'aria-label': title }, form);
  setup?.(confirm);
  document.body.append(dialog);
  return new Promise((resolve) => {
    cancel.addEventListener('click', () => dialog.close('cancel'));
    form.addEventListener('submit', () => dialog.close('ok'));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'ok');
    });
    dialog.showModal();
  });
}

/** Resolves to the new name, or null when cancelled. */
export async function askName(current) {
  const input = h('input', { id: 'rename-input', value: current, maxlength: 200, required: true, 'aria-label': t('rename.inputLabel') });
  const body = h('div', { class: 'field' }, h('label', { for: 'rename-input' }, t('rename.label')), input);
  setTimeout(() => input.select());
  const ok = await modal(t('rename.title'), body, t('rename.confirm'), false);
  const name = input.value.trim();
  return ok && name ? name : null;
}

export function confirmDelete(name) {
  const body = h('p', {}, ...withNode(t('delete.text'), 'name', h('strong', {}, name)));
  return modal(t('delete.title'), body, t('delete.confirm'), true);
}

export function confirmAction(title, text, confirmLabel, danger = false) {
  return modal(title, h('p', {}, text), confirmLabel, danger);
}

/** The confirm button works only once `expected` is typed exactly (deleting an account). */
export function confirmTyped(title, text, expected, confirmLabel) {
  const id = nextId('confirm');
  const input = h('input', { id, autocomplete: 'off', spellcheck: false, required: true });
  const body = h('div', {}, h('p', {}, text),
    h('div', { class: 'field' }, h('label', { for: id }, ...withNode(t('confirm.typeToConfirm'), 'text', h('strong', {}, expected))), input));
  setTimeout(() => input.focus());
  return modal(title, body, confirmLabel, true, (confirm) => {
    confirm.disabled = true;
    input.addEventListener('input', () => { confirm.disabled = input.value !== expected; });
  });
}
