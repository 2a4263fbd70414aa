// admin/settings: the providers, models and daily limit. A value the operator set is read-only;
// the others are stored in portagent.db and apply at once. Keys are never shown, only whether set.
import { h, clear } from '../dom.js';
import { field, errorBox } from '../forms.js';
import { settings } from './api.js';
import { pageHead, badge, onSubmit } from './kit.js';

const ORIGINS = { console: 'Stored in the console', default: 'Built-in default' };
const originText = (entry) => (entry.origin === 'default' && entry.value == null ? 'Not set' : ORIGINS[entry.origin]);
const isKey = (key) => key.endsWith('_KEY');

export async function render(view, ctx) {
  let entries = (await settings.list()).settings;

  function readOnly(entry) {
    return h('div', { class: 'field', 'data-key': entry.key },
      h('span', { class: 'label' }, entry.key),
      h('code', {}, entry.value ?? '(not set)'), ' ', badge('set by the operator', 'muted'));
  }

  function editable(entry) {
    const secret = isKey(entry.key);
    const hint = secret && entry.value ? `Set; leave empty to keep it. ${originText(entry)}.` : `${originText(entry)}.`;
    const f = field(entry.key, { type: secret ? 'password' : 'text', value: secret ? '' : entry.value ?? '', autocomplete: 'off',
      spellcheck: false, name: entry.key, hint });
    f.el.dataset.key = entry.key;
    return { entry, input: f.input, el: f.el };
  }

  function draw() {
    const fields = entries.filter((e) => e.editable).map(editable);
    const error = errorBox();
    const submit = h('button', { type: 'submit', class: 'primary' }, 'Save');
    const form = h('form', { class: 'panel form-grid', novalidate: true, 'aria-label': 'Settings' },
      ...fields.map((f) => f.el), error, h('div', { class: 'actions' }, submit));
    onSubmit(form, {
      submit, error, ctx,
      check: () => (Object.keys(changes(fields)).length ? '' : 'Nothing to save.'),
      action: async () => {
        ({ settings: entries } = await settings.update(changes(fields)));
        draw();
        ctx.toast('Settings saved; they apply now.');
      },
    });
    const fixed = entries.filter((e) => !e.editable);
    clear(view, pageHead('Settings'),
      h('p', { class: 'hint' }, 'Providers, models and the daily token limit. What the operator set (command line, JNDI, environment, env file) wins and is read-only here; what you save applies at once.'),
      form,
      fixed.length ? h('section', { class: 'panel', 'aria-labelledby': 'settings-operator' },
        h('h2', { id: 'settings-operator' }, 'Set by the operator'), ...fixed.map(readOnly)) : null);
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
