// Copy buttons: the clipboard API where the page is a secure context, a selection elsewhere.
import { t } from './i18n.js';
import { h } from './dom.js';

export async function copyText(text, button, label = button.textContent) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Pages served over plain http on an intranet have no clipboard API.
    const area = h('textarea', { class: 'offscreen', readonly: true });
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  button.textContent = t('copy.done');
  setTimeout(() => { button.textContent = label; }, 1500);
}

/** A Copy button for a value; `what` names it for screen readers ("Copy invite code"). */
export function copyButton(value, what) {
  const button = h('button', { type: 'button', class: 'copy', 'aria-label': t('copy.what', { what }) }, t('copy.button'));
  button.addEventListener('click', () => copyText(typeof value === 'function' ? value() : value, button, t('copy.button')));
  return button;
}
