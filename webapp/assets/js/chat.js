// The open conversation: transcript, status badge, token usage and the composer.
import { h, clear } from './dom.js';
import { STATUS } from './conversation.js';
import * as markdown from './markdown.js';

export class ChatView {
  /** actions: send(text) -> Promise, stop(), chooseModel(id) -> Promise; models: [{id, provider}] */
  constructor(conversation, title, actions, models = []) {
    this.conversation = conversation;
    this.actions = actions;
    this.nodes = new Map();
    this.pendingRender = new Set();
    this.frame = 0;
    this.title = h('h2', { class: 'chat-title' }, title);
    this.badge = h('span', { class: 'badge', role: 'status', 'aria-label': 'Agent status' });
    this.usage = h('span', { class: 'usage' });
    this.log = h('div', { class: 'transcript', role: 'log', 'aria-label': 'Messages', 'aria-live': 'polite' });
    this.input = h('textarea', {
      class: 'composer-input', rows: 1, 'aria-label': 'Message', placeholder: 'Message Portagent…',
      'aria-describedby': 'composer-keys',
    });
    this.button = h('button', { type: 'submit', class: 'send primary' }, 'Send');
    this.composerError = h('p', { class: 'composer-error', role: 'alert', hidden: true });
    this.picker = modelPicker(models, conversation.model, (id) => this.chooseModel(id));
    this.form = h('form', { class: 'composer', 'aria-label': 'Send a message' }, this.picker, this.input, this.button);
    this.el = h('section', { class: 'chat', 'aria-label': 'Conversation' },
      h('div', { class: 'chat-head' }, this.title, this.badge, this.usage),
      this.log,
      h('div', { class: 'composer-wrap' }, this.composerError, this.form,
        h('p', { class: 'composer-keys', id: 'composer-keys' }, 'Enter to send · Shift+Enter for a new line · Esc to stop')));
    this.bind();
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
    if (text.trim() === '') return;
    this.button.disabled = true;
    this.showError('');
    try {
      await this.actions.send(text);
      if (this.input.value === text) this.input.value = '';
      this.autosize();
    } catch (e) {
      this.showError(e.message);
    } finally {
      this.button.disabled = false;
      this.input.focus();
    }
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
      this.log.append(h('p', { class: 'empty-chat' }, 'Send a message to start the conversation.'));
    }
    this.renderStatus();
    this.scroll(true);
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
    if (change.status || change.usage || change.ended) this.renderStatus();
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
    const { status, running, usage } = this.conversation;
    this.badge.textContent = STATUS[status] || STATUS.idle;
    this.badge.className = `badge badge-${status}`;
    this.usage.textContent = usage ? `Last turn: ${usage.input} in · ${usage.output} out tokens` : '';
    this.button.textContent = running ? 'Stop' : 'Send';
    this.button.classList.toggle('stop', running);
    this.button.setAttribute('aria-label', running ? 'Stop the answer (Esc)' : 'Send message');
  }

  node(entry) {
    const el = RENDERERS[entry.kind](entry);
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
  const select = h('select', { class: 'model-picker', 'aria-label': 'Model', hidden: models.length < 2 },
    ...models.map((m) => h('option', { value: m.id, title: m.provider }, m.id)));
  select.value = current;
  select.addEventListener('change', () => choose(select.value));
  return select;
}

const RENDERERS = {
  user(entry) {
    return h('article', { class: 'entry user', 'aria-label': 'You' }, h('div', { class: 'bubble' }, entry.text));
  },
  assistant(entry) {
    const body = h('div', { class: 'md' });
    markdown.render(body, entry.text);
    const model = entry.model ? h('span', { class: 'answer-model' }, entry.model) : null;
    return h('article', { class: `entry assistant${entry.streaming ? ' streaming' : ''}`, 'aria-label': 'Assistant' },
      h('div', { class: 'avatar', 'aria-hidden': 'true' }, 'P'), h('div', { class: 'answer' }, model, body));
  },
  tool(entry) {
    const status = { running: 'Running…', done: 'Done', error: 'Failed', stopped: 'Stopped' }[entry.status] || 'Running…';
    const duration = entry.endedAt && entry.startedAt ? `${((entry.endedAt - entry.startedAt) / 1000).toFixed(1)} s` : '';
    return h('details', { class: `entry tool tool-${entry.status}` },
      h('summary', {},
        h('span', { class: 'tool-icon', 'aria-hidden': 'true' }, '⚙'),
        h('span', { class: 'tool-name' }, entry.name || 'tool'),
        h('span', { class: 'tool-status' }, status),
        h('span', { class: 'tool-duration' }, duration)),
      h('div', { class: 'tool-body' },
        h('h4', {}, 'Input'),
        h('pre', { class: 'tool-input' }, entry.input === undefined ? '…' : JSON.stringify(entry.input, null, 2)),
        h('h4', {}, 'Output'),
        h('pre', { class: 'tool-output' }, entry.output === undefined ? '…' : String(entry.output))));
  },
  error(entry) {
    return h('div', { class: 'entry error', role: 'alert' },
      h('strong', {}, 'Error: '), entry.message || 'The agent failed.',
      entry.code ? h('span', { class: 'error-code' }, ` (${entry.code})`) : null);
  },
  notice(entry) {
    return h('p', { class: 'entry notice' }, entry.text);
  },
};
