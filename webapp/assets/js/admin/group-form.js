// The fields of a group, for creating one and editing it.
import { t } from '../i18n.js';
import { h } from '../dom.js';
import { field, errorBox } from '../forms.js';
import { onSubmit } from './kit.js';

export const budgetText = (limit) => (limit ? t('groups.perDay', { n: Number(limit) }) : t('groups.noLimit'));
export const modelsText = (models) => (models.length ? models.join(', ') : t('groups.everyModel'));

export const GROUP_NAME_RULE = t('groups.nameRule');

/** onSave(fields) may throw the API's error, shown under the form; label names the button. */
export function groupForm(group, label, ctx, onSave) {
  const name = field(t('rename.label'), { value: group?.name || '', required: true, autocomplete: 'off', spellcheck: false, hint: GROUP_NAME_RULE });
  const description = field(t('groups.description'), { value: group?.description || '', autocomplete: 'off' });
  const models = field(t('groups.models'), { value: (group?.models || []).join(', '), autocomplete: 'off', spellcheck: false,
    hint: t('groups.modelsHint') });
  const budget = field(t('groups.budgetField'), { type: 'number', min: 0, step: 1, value: String(group?.dailyTokenLimit ?? 0),
    hint: t('groups.budgetHint') });
  const error = errorBox();
  const submit = h('button', { type: 'submit', class: 'primary' }, label);
  const form = h('form', { class: 'panel form-grid', novalidate: true, 'aria-label': label },
    name.el, description.el, models.el, budget.el, error, h('div', { class: 'actions' }, submit));

  const limit = () => Number(budget.input.value || 0);
  onSubmit(form, {
    submit, error, ctx,
    check: () => (Number.isInteger(limit()) && limit() >= 0 ? '' : t('groups.budgetInvalid')),
    action: () => onSave({
      name: name.input.value.trim(), description: description.input.value.trim(),
      models: models.input.value.split(',').map((m) => m.trim()).filter(Boolean), dailyTokenLimit: limit(),
    }),
  });
  return form;
}
