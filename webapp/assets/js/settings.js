// The settings page: profile (display name, avatar, email), password, appearance, personal API
// keys and signing out everywhere. The API decides; its sentences are shown as they come.
import * as i18n from './i18n.js';
import { t } from './i18n.js';
import { h, clear, toast } from './dom.js';
import { call, download } from './api.js';
import { accountControls } from './usermenu.js';
import { field, errorBox, showError } from './forms.js';
import { copyButton } from './clipboard.js';
import * as session from './session.js';
import * as theme from './theme.js';
import { shortDate } from './time.js';
import { navigate } from './router.js';

export class SettingsPage {
  /** account: the header's controls (usermenu.js); onUnauthorized(): the token was refused. */
  constructor(root, { token, account, onUnauthorized }) {
    this.token = token;
    this.account = account;
    this.onUnauthorized = onUnauthorized;
    this.main = h('main', { class: 'settings-main', id: 'settings-main' });
    this.layout = h('div', { class: 'settings' },
      h('header', { class: 'topbar' },
        h('span', { class: 'brand' }, h('span', { class: 'brand-mark small', 'aria-hidden': 'true' }, 'P'), 'Portagent'),
        h('span', { class: 'spacer' }),
        ...accountControls(account, 'settings')),
      h('div', { class: 'settings-scroll' }, this.main));
    clear(root, this.layout);
  }

  open() {
    document.title = t('settings.title');
    const heading = h('h1', { tabindex: '-1' }, t('settings.title'));
    clear(this.main, heading, this.profile(), this.security(), this.appearance(), this.language(), this.importer(), this.keys());
    heading.focus();
  }

  async api(path, options = {}) {
    try {
      return await call(path, { ...options, token: this.token });
    } catch (e) {
      if (e.status === 401) this.onUnauthorized();
      throw e;
    }
  }

  section(title, ...content) {
    return h('section', { class: 'settings-card', 'aria-label': title }, h('h2', {}, title), ...content);
  }

  profile() {
    const user = session.user() || {};
    const name = field(t('settings.displayName'), { name: 'displayName', autocomplete: 'name', value: user.displayName || '' });
    const email = field(t('settings.email'), { name: 'email', type: 'email', autocomplete: 'email', value: user.email?.endsWith('@noemail.portagent') ? '' : user.email || '' });
    const avatar = field(t('settings.avatar'), { name: 'avatar', value: user.avatar || '' });
    const error = errorBox();
    const saved = h('p', { class: 'notice', role: 'status', hidden: true }, t('settings.saved'));
    const form = h('form', { class: 'settings-form', novalidate: true }, name.el, email.el, avatar.el, error, saved,
      h('div', { class: 'dialog-actions' }, h('button', { type: 'submit', class: 'primary' }, t('settings.saveProfile'))));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      showError(error, '');
      saved.hidden = true;
      const body = { displayName: name.input.value.trim(), avatar: avatar.input.value.trim() };
      if (email.input.value.trim()) body.email = email.input.value.trim();
      try {
        const { user: fresh } = await this.api('api/auth/me', { method: 'PATCH', body });
        session.saveUser(fresh);
        for (const el of this.layout.querySelectorAll('.user-name')) el.textContent = session.displayName(fresh);
        saved.hidden = false;
      } catch (e) {
        showError(error, e.message);
      }
    });
    return this.section(t('settings.profile'), form);
  }

  security() {
    return this.section(t('settings.security'),
      h('p', {}, t('settings.securityText')),
      h('div', { class: 'settings-actions' },
        h('button', { type: 'button', class: 'secondary', onclick: () => this.account.changePassword() }, t('password.change')),
        h('button', { type: 'button', class: 'secondary', onclick: () => this.account.signOutEverywhere() }, t('account.signOutEverywhere'))));
  }

  appearance() {
    const group = h('fieldset', { class: 'theme-choice' }, h('legend', {}, t('settings.theme')),
      ...theme.THEMES.map(([value, label]) => h('label', {},
        h('input', { type: 'radio', name: 'theme', value, checked: theme.choice() === value, onchange: () => theme.choose(value) }),
        ` ${label}`)));
    return this.section(t('settings.appearance'), group, h('p', { class: 'hint' }, t('settings.remembered')));
  }

  /** The UI's language: the browser's, or one chosen here (remembered in this browser). */
  language() {
    const select = h('select', { id: 'language-choice', class: 'language-choice' },
      h('option', { value: 'auto' }, t('settings.languageAuto')),
      ...i18n.LANGUAGES.map(([code, name]) => h('option', { value: code, lang: code }, name)));
    select.value = i18n.choice();
    select.addEventListener('change', () => i18n.choose(select.value));
    return this.section(t('settings.language'), h('div', { class: 'field' },
      h('label', { for: 'language-choice' }, t('settings.languageLabel')), select),
      h('p', { class: 'hint' }, t('settings.remembered')));
  }

  /** A JSON export (the conversation header's "JSON") comes back as a new conversation. */
  importer() {
    const error = errorBox();
    const input = h('input', { type: 'file', accept: 'application/json,.json', id: 'import-file' });
    input.addEventListener('change', async () => {
      showError(error, '');
      const file = input.files[0];
      if (!file) return;
      let body;
      try {
        body = JSON.parse(await file.text());
      } catch {
        showError(error, t('settings.importNotJson'));
        return;
      }
      try {
        const { imageId } = await this.api('api/conversations/import', { method: 'POST', body });
        navigate(`studio/${encodeURIComponent(imageId)}`);
      } catch (e) {
        showError(error, e.message);
      } finally {
        input.value = '';
      }
    });
    const download = h('button', { type: 'button', class: 'secondary', onclick: () => this.downloadAll(error) }, t('settings.downloadAll'));
    return this.section(t('settings.conversations'),
      h('p', {}, t('settings.conversationsText')),
      h('div', { class: 'settings-actions' }, download),
      h('div', { class: 'field' }, h('label', { for: 'import-file' }, t('settings.import')), input), error);
  }

  async downloadAll(error) {
    showError(error, '');
    try {
      await download('api/conversations/export.zip', this.token, 'portagent.zip');
    } catch (e) {
      if (e.status === 401) this.onUnauthorized();
      showError(error, e.message);
    }
  }

  keys() {
    const list = h('ul', { class: 'key-list', 'aria-label': t('keys.listLabel') });
    const name = field(t('keys.name'), { name: 'keyName', required: true, maxlength: 100 });
    const days = field(t('keys.expires'), { name: 'expiresInDays', type: 'number', min: 1, inputmode: 'numeric' });
    const error = errorBox();
    const shown = h('div', { class: 'new-key', hidden: true });
    const form = h('form', { class: 'settings-form', novalidate: true }, name.el, days.el, error,
      h('div', { class: 'dialog-actions' }, h('button', { type: 'submit', class: 'primary' }, t('keys.create'))));
    const refresh = async () => {
      try {
        const { keys } = await this.api('api/keys');
        clear(list, ...keys.map((key) => this.keyItem(key, refresh)));
        if (keys.length === 0) list.append(h('li', { class: 'hint' }, t('keys.none')));
      } catch (e) {
        showError(error, e.message);
      }
    };
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      showError(error, '');
      const body = { name: name.input.value.trim() };
      if (days.input.value) body.expiresInDays = Number(days.input.value);
      try {
        const created = await this.api('api/keys', { method: 'POST', body });
        const value = h('input', { class: 'secret-value', readonly: true, value: created.key, 'aria-label': t('keys.newLabel') });
        clear(shown, h('p', {}, t('keys.shownOnce')), h('div', { class: 'secret-row' }, value, copyButton(created.key, t('keys.what'))));
        shown.hidden = false;
        name.input.value = '';
        days.input.value = '';
        await refresh();
      } catch (e) {
        showError(error, e.message);
      }
    });
    refresh();
    return this.section(t('keys.title'),
      h('p', {}, t('keys.text')),
      form, shown, list);
  }

  keyItem(key, refresh) {
    const expires = key.expiresAt ? t('keys.expiresOn', { date: shortDate(key.expiresAt) }) : t('keys.neverExpires');
    const used = key.lastUsedAt ? t('keys.lastUsed', { date: shortDate(key.lastUsedAt) }) : t('keys.neverUsed');
    return h('li', { class: 'key-item' },
      h('span', { class: 'key-name' }, key.name), h('code', {}, `${key.prefix}…`),
      h('span', { class: 'hint' }, t('keys.line', { date: shortDate(key.createdAt), expires, used })),
      h('button', {
        type: 'button', class: 'secondary', 'aria-label': t('keys.deleteLabel', { name: key.name }),
        onclick: async () => {
          try {
            await this.api(`api/keys/${encodeURIComponent(key.id)}`, { method: 'DELETE' });
            await refresh();
          } catch (e) {
            toast(this.layout, e.message);
          }
        },
      }, t('keys.delete')));
  }

  toast(message) {
    toast(this.layout, message);
  }

  destroy() {}
}
