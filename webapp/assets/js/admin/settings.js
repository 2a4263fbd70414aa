// admin/settings: the providers, models and daily limit. A value the operator set is read-only;
// the others are stored in portagent.db and apply at once. Keys are never shown, only whether set.
import { t } from '../i18n.js';
import { h, clear } from '../dom.js';
import { field, errorBox } from '../forms.js';
import { settings } from './api.js';
import { pageHead, badge, onSubmit } from './kit.js';

const ORIGINS = { console: t('adminSettings.console'), default: t('adminSettings.default') };
const originText = (entry) => (entry.origin === 'default' && entry.value == null ? t('adminSettings.notSet') : ORIGINS[entry.origin]);
const isKey = (key) => key.endsWith('_KEY');

export async function render(view, ctx) {
  let entries = (await settings.list()).settings;

  function readOnly(entry) {
    return h('div', { class: 'field', 'data-key': entry.key },
      h('span', { class: 'label' }, entry.key),
      h('code', {}, entry.value ?? t('adminSettings.notSetValue')), ' ', badge(t('adminSettings.byOperator'), 'muted'));
  }

  function editable(entry) {
    const secret = isKey(entry.key);
    const hint = secret && entry.value ? t('adminSettings.keySet', { origin: originText(entry) }) : t('adminSettings.origin', { origin: originText(entry) });
    const f = field(entry.key, { type: secret ? 'password' : 'text', value: secret ? '' : entry.value ?? '', autocomplete: 'off',
      spellcheck: false, name: entry.key, hint });
    f.el.dataset.key = entry.key;
    return { entry, input: f.input, el: f.el };
  }

  function draw() {
    const fields = entries.filter((e) => e.editable).map(editable);
    const error = errorBox();
    const submit = h('button', { type: 'submit', class: 'primary' }, t('common.save'));
    const form = h('form', { class: 'panel form-grid', novalidate: true, 'aria-label': t('admin.settings') },
      ...fields.map((f) => f.el), error, h('div', { class: 'actions' }, submit));
    onSubmit(form, {
      submit, error, ctx,
      check: () => (Object.keys(changes(fields)).length ? '' : t('adminSettings.nothing')),
      action: async () => {
        ({ settings: entries } = await settings.update(changes(fields)));
        draw();
        ctx.toast(t('adminSettings.saved'));
      },
    });
    const fixed = entries.filter((e) => !e.editable);
    clear(view, pageHead(t('admin.settings')),
      h('p', { class: 'hint' }, t('adminSettings.intro')),
      form,
      fixed.length ? h('section', { class: 'panel', 'aria-labelledby': 'settings-operator' },
        h('h2', { id: 'settings-operator' }, t('adminSettings.operatorTitle')), ...fixed.map(readOnly)) : null);
  }
  draw();
}

/** The fields changed: a value, or null to remove the stored one; an empty key field keeps the key. */
function changes(fields) {
  const changed = {};
  for (const { entry, input } of fields) {
    const value = input.value.trim();
    if (isKey(entry.key)) {
      if (value) changed[entry.key] = value;
    } else if (value !== (entry.value ?? '')) {
      changed[entry.key] = value || null;
    }
  }
  return changed;
}
