// The open conversation: transcript, status badge, token usage and the composer.
import { t, number, serverError } from './i18n.js';
import { h, clear } from './dom.js';
import { STATUS } from './conversation.js';
import * as markdown from './markdown.js';
import { copyText } from './clipboard.js';
import { AttachmentTray } from './attachments.js';

export class ChatView {
  /**
   * actions: send(text) -> Promise, stop(), chooseModel(id) -> Promise, retry() -> Promise,
   * regenerate(text or null) -> Promise; models: [{id, provider}]
   */
  constructor(conversation, title, actions, models = []) {
    this.conversation = conversation;
    this.actions = actions;
    this.nodes = new Map();
    this.pendingRender = new Set();
    this.frame = 0;
    this.title = h('h1', { class: 'chat-title' }, title);
    this.badge = h('span', { class: 'badge', role: 'status', 'aria-label': t('chat.statusLabel') });
    this.editing = false;
    this.regenerateButton = h('button', { type: 'button', class: 'secondary regenerate', onclick: () => this.regenerate(null) }, t('chat.regenerate'));
    this.editButton = h('button', { type: 'button', class: 'secondary edit-last', onclick: () => this.startEdit() }, t('chat.edit'));
    this.bar = h('div', { class: 'turn-actions', role: 'group', 'aria-label': t('chat.lastAnswer') }, this.regenerateButton, this.editButton);
    this.editNote = h('p', { class: 'edit-note', hidden: true }, t('chat.editing'), ' ',
      h('button', { type: 'button', class: 'link', onclick: () => this.cancelEdit() }, t('common.cancel')));
    this.log = h('div', { class: 'transcript', role: 'log', 'aria-label': t('chat.messages'), 'aria-live': 'polite', tabindex: '0' });
    this.input = h('textarea', {
      class: 'composer-input', rows: 1, 'aria-label': t('chat.inputLabel'), placeholder: t('chat.placeholder'),
      'aria-describedby': 'composer-keys',
    });
    this.button = h('button', { type: 'submit', class: 'send primary' }, t('chat.send'));
    this.composerError = h('p', { class: 'composer-error', role: 'alert', hidden: true });
    this.picker = modelPicker(models, conversation.model, (id) => this.chooseModel(id));
    this.tray = new AttachmentTray((message) => this.showError(message));
    this.form = h('form', { class: 'composer', 'aria-label': t('chat.formLabel') }, this.picker, this.tray.input, this.tray.button, this.input, this.button);
    this.el = h('section', { class: 'chat', 'aria-label': t('chat.label') },
      h('div', { class: 'chat-head' }, this.title, this.badge,
        actions.exportAs ? h('span', { class: 'export', role: 'group', 'aria-label': t('chat.download') },
          h('button', { type: 'button', class: 'link', onclick: () => this.download('markdown') }, t('chat.markdown')),
          h('button', { type: 'button', class: 'link', onclick: () => this.download('json') }, t('chat.json'))) : null),
      this.log,
      h('div', { class: 'composer-wrap' }, this.composerError, this.editNote, this.tray.list, this.form,
        h('p', { class: 'composer-keys', id: 'composer-keys' }, t('chat.keys'))));
    this.bind();
    this.tray.watch(this.el, this.input);
    this.listener = (change) => this.update(change);
    conversation.listeners.add(this.listener);
    this.renderAll();
    markdown.loadMarkdown().then(() => this.renderAll(), () => {});
  }

  bind() {
    this.input.addEventListener('keydown', (event) => {
      // isComposing / 229: Enter that confirms an IME candidate must not send.
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        if (!this.conversation.running) this.form.requestSubmit();
      }
    });
    this.input.addEventListener('input', () => this.autosize());
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.conversation.running) this.actions.stop();
      else this.send();
    });
  }

  async send() {
    const text = this.input.value;
    const files = this.editing ? [] : this.tray.files.slice();
    if (text.trim() === '' && files.length === 0) return;
    this.button.disabled = true;
    this.showError('');
    try {
      if (this.editing) await this.actions.regenerate(text);
      else await this.actions.send(text, files);
      this.cancelEdit(false);
      if (files.length) this.tray.clear();
      if (this.input.value === text) this.input.value = '';
      this.autosize();
    } catch (e) {
      this.showError(e.message);
    } finally {
      this.button.disabled = false;
      this.input.focus();
    }
  }

  /** Answers the last prompt again (text null) or an edited prompt in its place. */
  async regenerate(text) {
    this.showError('');
    try {
      await this.actions.regenerate(text);
    } catch (e) {
      this.showError(e.message);
    }
  }

  async retry(button) {
    button.disabled = true;
    this.showError('');
    try {
      await this.actions.retry();
    } catch (e) {
      button.disabled = false;
      this.showError(e.message);
    }
  }

  async download(format) {
    this.showError('');
    try {
      await this.actions.exportAs(format);
    } catch (e) {
      this.showError(e.message);
    }
  }

  startEdit() {
    const prompt = this.conversation.lastPrompt();
    if (!prompt) return;
    this.editing = true;
    this.editNote.hidden = false;
    this.input.value = prompt.text;
    this.autosize();
    this.input.focus();
  }

  cancelEdit(clearInput = true) {
    if (!this.editing) return;
    this.editing = false;
    this.editNote.hidden = true;
    if (clearInput) this.input.value = '';
  }

  async chooseModel(id) {
    this.showError('');
    try {
      await this.actions.chooseModel(id);
    } catch (e) {
      this.picker.value = this.conversation.model;
      this.showError(e.message);
    }
  }

  showError(message) {
    this.composerError.textContent = message;
    this.composerError.hidden = !message;
  }

  autosize() {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, 200)}px`;
  }

  setTitle(title) {
    this.title.textContent = title;
  }

  destroy() {
    this.conversation.listeners.delete(this.listener);
    cancelAnimationFrame(this.frame);
  }

  renderAll() {
    this.nodes.clear();
    clear(this.log, ...this.conversation.entries.map((entry) => this.node(entry)));
    if (this.conversation.entries.length === 0) {
      this.log.append(h('p', { class: 'empty-chat' }, t('chat.empty')));
    }
    this.renderStatus();
    this.scroll(true);
  }

  /**
   * What may be done with the last turn once nothing runs: Regenerate and Edit under it, Retry on
   * its error card (only the newest error, when no prompt came after it).
   */
  refreshActions() {
    const { entries, running } = this.conversation;
    const prompt = this.conversation.lastPrompt();
    const tail = prompt ? entries.slice(entries.indexOf(prompt) + 1) : [];
    // The newest error counts only if no answer came after it (a retried turn answers after its error).
    const lastError = tail.map((e) => e.kind).lastIndexOf('error');
    const answered = tail.slice(lastError + 1).some((e) => e.kind === 'assistant' || e.kind === 'tool');
    const failed = lastError >= 0 && !answered ? tail[lastError] : null;
    for (const button of this.log.querySelectorAll('.retry')) {
      button.hidden = running || !failed || this.nodes.get(failed) !== button.closest('.entry');
    }
    this.log.append(this.bar);
    this.bar.hidden = running || !prompt;
    this.regenerateButton.hidden = !!failed;
  }

  update(change) {
    if (change.all) {
      this.renderAll();
      return;
    }
    if (change.added) {
      this.log.querySelector('.empty-chat')?.remove();
      const near = this.nearBottom();
      this.log.append(this.node(change.added));
      this.scroll(near);
    }
    if (change.updated) this.schedule(change.updated);
    if (change.status || change.usage || change.ended || change.added) this.renderStatus();
  }

  /** Streaming text re-renders at most once per frame. */
  schedule(entry) {
    this.pendingRender.add(entry);
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const near = this.nearBottom();
      for (const pending of this.pendingRender) {
        const old = this.nodes.get(pending);
        if (!old) continue;
        const fresh = this.node(pending);
        if (old.open) fresh.open = true;
        old.replaceWith(fresh);
      }
      this.pendingRender.clear();
      this.scroll(near);
    });
  }

  renderStatus() {
    const { status, running, retry } = this.conversation;
    this.badge.textContent = status === 'retrying' && retry ? `${STATUS.retrying} ${retry.attempt}/${retry.maxAttempts}`
      : STATUS[status] || STATUS.idle;
    this.badge.className = `badge badge-${status}`;
    this.refreshActions();
    this.button.textContent = running ? t('chat.stop') : t('chat.send');
    this.button.classList.toggle('stop', running);
    this.button.setAttribute('aria-label', running ? t('chat.stopLabel') : t('chat.sendLabel'));
  }

  node(entry) {
    const el = RENDERERS[entry.kind](entry, this);
    this.nodes.set(entry, el);
    return el;
  }

  nearBottom() {
    return this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 80;
  }

  scroll(force) {
    if (force) this.log.scrollTop = this.log.scrollHeight;
  }
}

/** The conversation's model, changeable between turns; hidden when there is nothing to choose. */
function modelPicker(models, current, choose) {
  const select = h('select', { class: 'model-picker', 'aria-label': t('chat.model'), hidden: models.length < 2 },
    ...models.map((m) => h('option', { value: m.id, title: m.provider }, m.id)));
  select.value = current;
  select.addEventListener('change', () => choose(select.value));
  return select;
}

const TOOL_STATUS = { running: 'tool.running', done: 'tool.done', error: 'tool.error', stopped: 'tool.stopped' };

const RENDERERS = {
  user(entry, view) {
    const files = entry.attachments?.length && view.actions.thumbnails ? view.actions.thumbnails(entry.attachments) : null;
    return h('article', { class: 'entry user', 'aria-label': t('chat.you') }, files, entry.text ? h('div', { class: 'bubble' }, entry.text) : null);
  },
  assistant(entry) {
    const body = h('div', { class: 'md' });
    markdown.render(body, entry.text);
    const model = entry.model ? h('span', { class: 'answer-model' }, entry.model) : null;
    const copy = entry.streaming ? null : h('button', {
      type: 'button', class: 'link copy-answer', 'aria-label': t('chat.copyAnswer'),
      onclick: (e) => copyText(entry.text, e.currentTarget, t('copy.button')),
    }, t('copy.button'));
    return h('article', { class: `entry assistant${entry.streaming ? ' streaming' : ''}`, 'aria-label': t('chat.assistant') },
      h('div', { class: 'avatar', 'aria-hidden': 'true' }, 'P'), h('div', { class: 'answer' }, model, body,
        copy ? h('div', { class: 'answer-actions' }, copy) : null));
  },
  tool(entry) {
    const status = t(TOOL_STATUS[entry.status] || 'tool.running');
    const duration = entry.endedAt && entry.startedAt ? t('tool.seconds', { s: number((entry.endedAt - entry.startedAt) / 1000, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) }) : '';
    return h('details', { class: `entry tool tool-${entry.status}` },
      h('summary', { title: t('tool.show') },
        h('span', { class: 'tool-chevron', 'aria-hidden': 'true' }, '▸'),
        h('span', { class: 'tool-icon', 'aria-hidden': 'true' }, '⚙'),
        h('span', { class: 'tool-name' }, entry.name || t('tool.unnamed')),
        h('span', { class: 'tool-status' }, status),
        h('span', { class: 'tool-duration' }, duration),
        h('span', { class: 'tool-more' }, t('tool.details'))),
      h('div', { class: 'tool-body' },
        h('h2', {}, t('tool.input')),
        h('pre', { class: 'tool-input' }, entry.input === undefined ? '…' : JSON.stringify(entry.input, null, 2)),
        h('h2', {}, t('tool.output')),
        h('pre', { class: 'tool-output' }, entry.output === undefined ? '…' : String(entry.output))));
  },
  error(entry, view) {
    const message = serverError(entry.code, entry.message) || t('chat.failed');
    // The code only when the sentence does not already name it ("…overloaded… (overloaded)").
    const code = entry.code && !message.toLowerCase().includes(entry.code.replace(/_/g, ' ')) && !message.includes(entry.code)
      ? h('span', { class: 'error-code' }, ` (${entry.code})`) : null;
    return h('div', { class: 'entry error', role: 'alert' },
      h('p', {}, h('strong', {}, t('chat.errorPrefix')), message, code),
      h('button', { type: 'button', class: 'secondary retry', hidden: true, onclick: (e) => view.retry(e.currentTarget) }, t('chat.retry')));
  },
  notice(entry) {
    return h('p', { class: 'entry notice' }, entry.text);
  },
  usage(entry) {
    const total = entry.input + entry.output;
    return h('p', { class: 'entry turn-usage', title: t('usage.title', { input: entry.input, output: entry.output }) },
      t('usage.line', { total, input: entry.input, output: entry.output }));
  },
};
