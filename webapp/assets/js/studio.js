// The studio: header, sidebar, open conversation, and the socket that feeds them.
import { t } from './i18n.js';
import { h, clear, toast } from './dom.js';
import { Socket } from './ws.js';
import { auth, call, download } from './api.js';
import { accountControls } from './usermenu.js';
import { navigate } from './router.js';
import { Conversation } from './conversation.js';
import { ChatView } from './chat.js';
import { prepare, thumbnails } from './attachments.js';
import { Sidebar } from './sidebar.js';
import { askName, confirmDelete } from './dialogs.js';
import { skipToChat, studioKeys } from './keys.js';
import { titleOf } from './titles.js';

const DEFAULT_NAME = 'New Conversation'; // the server's name for an untitled conversation, compared, never shown
/** Conversations per page of the sidebar's list; the server allows at most LIST_MAX in one. */
const LIST_PAGE = 100;
const LIST_MAX = 1000;
const RELOAD_AFTER_END_MS = 400;
const RELOAD_TRIES = 3;
const MOBILE = window.matchMedia('(max-width: 767.98px)');

export class Studio {
  /** account: signOut(), changePassword(), signOutEverywhere() (usermenu.js) */
  constructor(root, { token, account, onUnauthorized }) {
    this.token = token;
    this.conversations = new Map();
    this.images = [];
    this.activeId = undefined;
    this.drafting = false;
    this.chat = null;
    this.sidebar = new Sidebar({
      open: (id) => this.go(id), create: () => this.create(),
      rename: (image) => this.rename(image), remove: (image) => this.remove(image),
      more: () => this.moreList(),
      searchText: (query) => call(`api/conversations/search?q=${encodeURIComponent(query)}`, { token }),
    });
    this.main = h('main', { class: 'chat-area' });
    this.banner = h('div', { class: 'banner', role: 'status', hidden: true }, t('studio.reconnecting'));
    this.layout = h('div', { class: 'studio' },
      h('button', { type: 'button', class: 'skip-link', onclick: () => skipToChat(this.main) }, t('studio.skip')),
      this.header(account), this.banner,
      h('div', { class: 'studio-body' }, this.sidebar.el,
        h('div', { class: 'scrim', 'aria-hidden': 'true', onclick: () => this.drawer(false) }), this.main));
    clear(root, this.layout);
    document.title = 'Portagent';
    this.keys = studioKeys(this, MOBILE);
    document.addEventListener('keydown', this.keys);
    this.socket = new Socket(token, {
      onEvent: (frame) => this.onEvent(frame),
      onNotice: (frame) => this.onNotice(frame),
      onOpen: (reconnected) => this.onOpen(reconnected),
      onState: (state) => { this.banner.hidden = state !== 'reconnecting'; },
      onClosedForGood: () => onUnauthorized(),
      tokenRejected: () => auth.verify(token).then(() => false, (e) => e.status === 401),
    });
    this.models = [];
    this.ready = Promise.all([this.refreshList(), this.loadModels()]);
  }

  async loadModels() {
    this.models = (await this.socket.request('model_list').catch(() => ({ models: [] }))).models;
  }

  header(account) {
    return h('header', { class: 'topbar' },
      h('button', { type: 'button', class: 'icon menu-toggle', 'aria-label': t('studio.showList'), 'aria-controls': 'sidebar', onclick: () => this.drawer(true) }, '☰'),
      h('button', { type: 'button', class: 'icon collapse-toggle', 'aria-label': t('studio.collapse'), 'aria-controls': 'sidebar', onclick: (e) => this.collapse(e.currentTarget) }, '⇤'),
      h('span', { class: 'brand' }, h('span', { class: 'brand-mark small', 'aria-hidden': 'true' }, 'P'), 'Portagent'),
      h('span', { class: 'spacer' }),
      h('button', { type: 'button', class: 'icon new-mobile', 'aria-label': t('studio.newConversation'), onclick: () => this.create() }, '+'),
      ...accountControls(account, 'studio'));
  }

  collapse(button) {
    const collapsed = this.layout.classList.toggle('sidebar-collapsed');
    button.setAttribute('aria-label', collapsed ? t('studio.expand') : t('studio.collapse'));
    button.textContent = collapsed ? '⇥' : '⇤';
  }

  drawer(open) {
    this.layout.classList.toggle('drawer-open', open);
  }

  /**
   * Reads the list again, as many conversations as are shown (at least a page); `stay` keeps a
   * deleted conversation on screen (its error is being shown).
   */
  async refreshList({ stay = false } = {}) {
    try {
      const limit = Math.min(LIST_MAX, Math.max(LIST_PAGE, this.images.length));
      const { images, nextCursor } = await this.socket.request('image_list', { limit });
      this.images = images;
      this.nextCursor = nextCursor;
      this.sidebar.setImages(images, Boolean(nextCursor));
      if (!stay && this.activeId && !images.some((i) => i.imageId === this.activeId)) this.go(images[0]?.imageId || null);
    } catch (e) {
      if (e.code !== 'disconnected') this.toast(e.message);
    }
  }

  /** The next page of the list, after the conversations shown. */
  async moreList() {
    if (!this.nextCursor) return;
    try {
      const { images, nextCursor } = await this.socket.request('image_list', { limit: LIST_PAGE, cursor: this.nextCursor });
      const shown = new Set(this.images.map((i) => i.imageId));
      this.images = this.images.concat(images.filter((i) => !shown.has(i.imageId)));
      this.nextCursor = nextCursor;
      this.sidebar.setImages(this.images, Boolean(nextCursor));
    } catch (e) {
      if (e.code !== 'disconnected') this.toast(e.message);
    }
  }

  /**
   * Shows a conversation; for null (the bare studio route) the most recent conversation, or a
   * ready composer when there is none or "New conversation" asked for one. Called on every studio route.
   */
  async open(imageId) {
    this.drawer(false);
    if (this.activeId === imageId && this.chat) return;
    this.activeId = imageId;
    this.sidebar.setActive(imageId);
    document.title = 'Portagent';
    this.chat?.destroy();
    this.chat = null;
    if (!imageId) {
      await this.ready;
      if (this.activeId !== null || this.chat) return;
      const recent = this.drafting ? null : this.images[0];
      if (recent) navigate(`studio/${encodeURIComponent(recent.imageId)}`, { replace: true });
      else this.showDraft();
      return;
    }
    this.drafting = false;
    clear(this.main, h('p', { class: 'loading', role: 'status' }, t('studio.loading')));
    try {
      const conversation = await this.conversation(imageId);
      if (this.activeId !== imageId) return;
      this.chat = new ChatView(conversation, this.nameOf(imageId), {
        send: (text, files) => this.send(conversation, text, files), stop: () => this.stop(conversation),
        thumbnails: (list) => thumbnails(list, imageId, this.token),
        chooseModel: (model) => this.chooseModel(conversation, model),
        retry: () => this.socket.request('message_retry', { imageId }),
        regenerate: (text) => this.regenerate(conversation, text),
        exportAs: (format) => this.exportAs(imageId, format),
      }, this.models);
      clear(this.main, this.chat.el);
      document.title = this.nameOf(imageId);
      if (!MOBILE.matches) this.chat.input.focus();
    } catch (e) {
      if (this.activeId !== imageId) return;
      const missing = e.code === 'not_found';
      clear(this.main, h('div', { class: 'empty-state' },
        h('h2', {}, missing ? t('studio.notFound') : t('studio.cannotOpen')),
        h('p', {}, missing ? t('studio.maybeDeleted') : e.message)));
    }
  }

  /** A composer with no conversation behind it yet: the first send creates one (no empty entries in the list). */
  showDraft() {
    const draft = new Conversation(null);
    draft.model = this.models[0]?.id;
    this.chat = new ChatView(draft, t('studio.newConversation'), {
      send: (text, files) => this.sendFirst(draft, text, files), stop: () => {},
      chooseModel: async (model) => { draft.model = model; },
      retry: async () => {}, regenerate: async () => {},
    }, this.models);
    clear(this.main, this.chat.el);
    if (!MOBILE.matches) this.chat.input.focus();
  }

  async sendFirst(draft, text, files = []) {
    const data = { name: titleOf(text.trim() ? text : files[0]?.name || text) };
    if (draft.model) data.model = draft.model;
    const { image } = await this.socket.request('image_create', data);
    this.images.unshift(image);
    this.sidebar.setImages(this.images);
    const conversation = await this.conversation(image.imageId);
    this.go(image.imageId);
    try {
      await this.send(conversation, text, files);
    } catch (e) {
      this.toast(e.message); // the draft's own error line left with it
      throw e;
    }
  }

  go(imageId) {
    navigate(imageId ? `studio/${encodeURIComponent(imageId)}` : 'studio');
  }

  nameOf(imageId) {
    return this.images.find((i) => i.imageId === imageId)?.name || t('studio.newConversation');
  }

  /** The conversation's model, loaded and subscribed once per page. */
  async conversation(imageId) {
    let conversation = this.conversations.get(imageId);
    if (!conversation) {
      conversation = new Conversation(imageId);
      conversation.loading = this.load(conversation);
      this.conversations.set(imageId, conversation);
      conversation.loading.catch(() => this.conversations.delete(imageId));
    }
    await conversation.loading;
    return conversation;
  }

  async load(conversation) {
    const { imageId } = conversation;
    await this.ready;
    const { messages, lastSeq, lastTurn, turns } = await this.socket.request('image_messages', { imageId });
    const image = this.images.find((i) => i.imageId === imageId);
    conversation.model = image?.model;
    conversation.load(messages, lastSeq, image?.running === true, lastTurn, turns);
    await this.subscribe(conversation);
  }

  /** Subscribes from the last seen seq; a server behind that seq (restored data) means reload. */
  async subscribe(conversation) {
    const afterSeq = conversation.lastSeq;
    const { lastSeq } = await this.socket.request('subscribe', { imageId: conversation.imageId, afterSeq });
    if (lastSeq < afterSeq) this.reload(conversation, RELOAD_TRIES).catch(() => {});
  }

  /** Takes the stored messages as the truth, once they have caught up with what was shown. */
  async reload(conversation, tries = 0) {
    conversation.stale = false;
    const { messages, lastSeq, lastTurn, turns } = await this.socket.request('image_messages', { imageId: conversation.imageId });
    if (lastSeq < conversation.lastSeq && tries < RELOAD_TRIES) {
      setTimeout(() => this.reload(conversation, tries + 1).catch(() => {}), RELOAD_AFTER_END_MS);
    } else if (!conversation.running) {
      conversation.load(messages, lastSeq, false, lastTurn, turns);
    }
  }

  onEvent(frame) {
    const imageId = frame.context?.imageId;
    const conversation = this.conversations.get(imageId);
    if (!conversation || !conversation.apply(frame)) return;
    if (frame.type === 'user_message' || frame.type === 'conversation_end') {
      this.markRunning(imageId, frame.type === 'user_message', frame.timestamp);
    }
    if (frame.type === 'conversation_end') {
      this.refreshList();
      if (conversation.stale) setTimeout(() => this.reload(conversation).catch(() => {}), RELOAD_AFTER_END_MS);
    }
  }

  /** Another tab of this user created, renamed or deleted a conversation, or runs a turn: the list follows at once. */
  onNotice({ type, data }) {
    // a turn started or ended in one of this user's conversations, in any tab or on any node
    if (type === 'image_running') return this.markRunning(data.imageId, data.running, Date.now());
    if (type === 'image_created' && !this.images.some((i) => i.imageId === data.image.imageId)) {
      this.images.unshift(data.image);
    } else if (type === 'image_updated') {
      const image = this.images.find((i) => i.imageId === data.image.imageId);
      if (!image) return;
      Object.assign(image, data.image);
      if (this.activeId === image.imageId) {
        this.chat?.setTitle(image.name);
        document.title = image.name;
      }
    } else if (type === 'image_deleted') {
      this.images = this.images.filter((i) => i.imageId !== data.imageId);
      this.conversations.delete(data.imageId);
      if (this.activeId === data.imageId) {
        this.toast(t('studio.deletedElsewhere'));
        this.go(this.images[0]?.imageId || null);
      }
    } else {
      return;
    }
    this.images.sort((a, b) => b.updatedAt - a.updatedAt);
    this.sidebar.setImages(this.images);
  }

  markRunning(imageId, running, timestamp) {
    const image = this.images.find((i) => i.imageId === imageId);
    if (!image) return;
    image.running = running;
    image.updatedAt = timestamp;
    this.sidebar.render();
  }

  /** After a drop: resubscribe from the last seen seq, so nothing is missed or repeated. */
  async onOpen(reconnected) {
    if (!reconnected) return;
    await this.refreshList();
    for (const conversation of this.conversations.values()) {
      try {
        await this.subscribe(conversation);
      } catch (e) {
        if (e.code === 'not_found') this.conversations.delete(conversation.imageId);
      }
    }
  }

  async send(conversation, text, files = []) {
    const data = { imageId: conversation.imageId, content: text };
    if (files.length) data.attachments = await prepare(files, conversation.imageId, this.token);
    try {
      await this.socket.request('message_send', data);
    } catch (e) {
      if (e.code !== 'not_found') throw e;
      this.refreshList({ stay: true });
      throw new Error(t('studio.gone'));
    }
    const image = this.images.find((i) => i.imageId === conversation.imageId);
    if (image && image.name === DEFAULT_NAME && !conversation.entries.some((e) => e.kind === 'assistant')) {
      this.applyRename(image, titleOf(text)).catch(() => {});
    }
  }

  /** Answers the last prompt again, or `text` in its place; on a refusal the stored history comes back. */
  async regenerate(conversation, text) {
    conversation.dropLastAnswer(text !== null);
    const data = text === null ? { imageId: conversation.imageId } : { imageId: conversation.imageId, content: text };
    try {
      await this.socket.request('message_regenerate', data);
    } catch (e) {
      await this.reload(conversation).catch(() => {});
      throw e;
    }
  }

  /** Downloads the conversation (api/conversations/{id}/export) under the name the server gives it. */
  async exportAs(imageId, format) {
    await download(`api/conversations/${encodeURIComponent(imageId)}/export?format=${format}`, this.token,
      `conversation.${format === 'json' ? 'json' : 'md'}`);
  }

  async chooseModel(conversation, model) {
    const { image } = await this.socket.request('image_update', { imageId: conversation.imageId, model });
    conversation.model = image.model;
    Object.assign(this.images.find((i) => i.imageId === image.imageId) || {}, { model: image.model });
  }

  async stop(conversation) {
    try {
      await this.socket.request('agent_interrupt', { imageId: conversation.imageId });
    } catch (e) {
      this.toast(e.message);
    }
  }

  /** "New conversation": a ready composer; the conversation is created by its first message. */
  create() {
    this.drafting = true;
    if (this.activeId === null && this.chat) {
      this.drawer(false);
      this.chat.input.focus();
    } else {
      this.go(null);
    }
  }

  async rename(image) {
    const name = await askName(image.name);
    if (!name || name === image.name) return;
    try {
      await this.applyRename(image, name);
    } catch (e) {
      this.toast(e.message);
    }
  }

  async applyRename(image, name) {
    const { image: updated } = await this.socket.request('image_update', { imageId: image.imageId, name });
    Object.assign(image, { name: updated.name, updatedAt: updated.updatedAt });
    this.sidebar.render();
    if (this.activeId === image.imageId) {
      this.chat?.setTitle(updated.name);
      document.title = updated.name;
    }
  }

  async remove(image) {
    if (!(await confirmDelete(image.name))) return;
    try {
      await this.socket.request('image_delete', { imageId: image.imageId });
    } catch (e) {
      if (e.code !== 'not_found') {
        this.toast(e.message);
        return;
      }
    }
    this.conversations.delete(image.imageId);
    this.images = this.images.filter((i) => i.imageId !== image.imageId);
    this.sidebar.setImages(this.images);
    if (this.activeId === image.imageId) this.go(this.images[0]?.imageId || null);
  }

  toast(message) {
    toast(this.layout, message);
  }

  destroy() {
    document.removeEventListener('keydown', this.keys);
    this.socket.stop();
    this.sidebar.destroy();
    this.chat?.destroy();
  }
}
