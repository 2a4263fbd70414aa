// The fields of a group, for creating one and editing it.
import { h } from '../dom.js';
import { field, errorBox } from '../forms.js';
import { onSubmit } from './kit.js';

export const budgetText = (limit) => (limit ? `${Number(limit).toLocaleString()} tokens a day` : 'No limit');
export const modelsText = (models) => (models.length ? models.join(', ') : 'Every model');

export const GROUP_NAME_RULE = '1–64 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit.';

/** onSave(fields) may throw the API's error, shown under the form; label names the button. */
export function groupForm(group, label, ctx, onSave) {
  const name = field('Name', { value: group?.name || '', required: true, autocomplete: 'off', spellcheck: false, hint: GROUP_NAME_RULE });
  const description = field('Description (optional)', { value: group?.description || '', autocomplete: 'off' });
  const models = field('Models', { value: (group?.models || []).join(', '), autocomplete: 'off', spellcheck: false,
    hint: 'Model ids its members may use, separated by commas. Empty: every model.' });
  const budget = field('Daily token budget', { type: 'number', min: 0, step: 1, value: String(group?.dailyTokenLimit ?? 0),
    hint: 'Tokens a member may use a day; 0 for no limit. A user in several groups gets the highest.' });
  const error = errorBox();
  const submit = h('button', { type: 'submit', class: 'primary' }, label);
  const form = h('form', { class: 'panel form-grid', novalidate: true, 'aria-label': label },
    name.el, description.el, models.el, budget.el, error, h('div', { class: 'actions' }, submit));

  const limit = () => Number(budget.input.value || 0);
  onSubmit(form, {
    submit, error, ctx,
    check: () => (Number.isInteger(limit()) && limit() >= 0 ? '' : 'The daily token budget is a whole number, 0 or more.'),
    action: () => onSave({
      name: name.input.value.trim(), description: description.input.value.trim(),
      models: models.input.value.split(',').map((m) => m.trim()).filter(Boolean), dailyTokenLimit: limit(),
    }),
  });
  return form;
}
