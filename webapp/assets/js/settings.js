// The settings page: profile (display name, avatar, email), password, appearance, personal API
// keys and signing out everywhere. The API decides; its sentences are shown as they come.
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
    document.title = 'Settings';
    const heading = h('h1', { tabindex: '-1' }, 'Settings');
    clear(this.main, heading, this.profile(), this.security(), this.appearance(), this.importer(), this.keys());
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
    const name = field('Display name', { name: 'displayName', autocomplete: 'name', value: user.displayName || '' });
    const email = field('Email', { name: 'email', type: 'email', autocomplete: 'email', value: user.email?.endsWith('@noemail.portagent') ? '' : user.email || '' });
    const avatar = field('Avatar (an image address, or up to two characters)', { name: 'avatar', value: user.avatar || '' });
    const error = errorBox();
    const saved = h('p', { class: 'notice', role: 'status', hidden: true }, 'Saved.');
    const form = h('form', { class: 'settings-form', novalidate: true }, name.el, email.el, avatar.el, error, saved,
      h('div', { class: 'dialog-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save profile')));
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
    return this.section('Profile', form);
  }

  security() {
    return this.section('Password and sessions',
      h('p', {}, 'Changing the password signs you out on every other device.'),
      h('div', { class: 'settings-actions' },
        h('button', { type: 'button', class: 'secondary', onclick: () => this.account.changePassword() }, 'Change password'),
        h('button', { type: 'button', class: 'secondary', onclick: () => this.account.signOutEverywhere() }, 'Sign out everywhere')));
  }

  appearance() {
    const group = h('fieldset', { class: 'theme-choice' }, h('legend', {}, 'Theme'),
      ...theme.THEMES.map(([value, label]) => h('label', {},
        h('input', { type: 'radio', name: 'theme', value, checked: theme.choice() === value, onchange: () => theme.choose(value) }),
        ` ${label}`)));
    return this.section('Appearance', group, h('p', { class: 'hint' }, 'Remembered in this browser.'));
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
        showError(error, 'This file is not JSON: choose a file saved with the conversation\'s "JSON" button.');
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
    const download = h('button', { type: 'button', class: 'secondary', onclick: () => this.downloadAll(error) }, 'Download all my conversations (ZIP)');
    return this.section('Your conversations',
      h('p', {}, 'Every conversation as JSON (which can be imported again) and as Markdown.'),
      h('div', { class: 'settings-actions' }, download),
      h('div', { class: 'field' }, h('label', { for: 'import-file' }, 'Import a conversation saved as JSON'), input), error);
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
    const list = h('ul', { class: 'key-list', 'aria-label': 'Your API keys' });
    const name = field('Key name', { name: 'keyName', required: true, maxlength: 100 });
    const days = field('Expires after (days, empty for never)', { name: 'expiresInDays', type: 'number', min: 1, inputmode: 'numeric' });
    const error = errorBox();
    const shown = h('div', { class: 'new-key', hidden: true });
    const form = h('form', { class: 'settings-form', novalidate: true }, name.el, days.el, error,
      h('div', { class: 'dialog-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Create key')));
    const refresh = async () => {
      try {
        const { keys } = await this.api('api/keys');
        clear(list, ...keys.map((key) => this.keyItem(key, refresh)));
        if (keys.length === 0) list.append(h('li', { class: 'hint' }, 'No keys yet.'));
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
        const value = h('input', { class: 'secret-value', readonly: true, value: created.key, 'aria-label': 'New API key' });
        clear(shown, h('p', {}, 'Copy the key now: it is shown only once.'), h('div', { class: 'secret-row' }, value, copyButton(created.key, 'API key')));
        shown.hidden = false;
        name.input.value = '';
        days.input.value = '';
        await refresh();
      } catch (e) {
        showError(error, e.message);
      }
    });
    refresh();
    return this.section('Personal API keys',
      h('p', {}, 'For scripts and tools that speak the OpenAI API: send the key as "Authorization: Bearer" to v1/chat/completions.'),
      form, shown, list);
  }

  keyItem(key, refresh) {
    const expires = key.expiresAt ? `expires ${shortDate(key.expiresAt)}` : 'never expires';
    const used = key.lastUsedAt ? `last used ${shortDate(key.lastUsedAt)}` : 'never used';
    return h('li', { class: 'key-item' },
      h('span', { class: 'key-name' }, key.name), h('code', {}, `${key.prefix}…`),
      h('span', { class: 'hint' }, `created ${shortDate(key.createdAt)} · ${expires} · ${used}`),
      h('button', {
        type: 'button', class: 'secondary', 'aria-label': `Delete key ${key.name}`,
        onclick: async () => {
          try {
            await this.api(`api/keys/${encodeURIComponent(key.id)}`, { method: 'DELETE' });
            await refresh();
          } catch (e) {
            toast(this.layout, e.message);
          }
        },
      }, 'Delete'));
  }

  toast(message) {
    toast(this.layout, message);
  }

  destroy() {}
}
