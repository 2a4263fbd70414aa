// The conversation list: search by title, new, rename, delete, running indicator, times.
import { h, clear } from './dom.js';
import { relativeTime } from './time.js';

export class Sidebar {
  /** actions: open(id), create(), rename(image), remove(image) */
  constructor(actions) {
    this.actions = actions;
    this.images = [];
    this.activeId = null;
    this.search = h('input', { type: 'search', class: 'search', placeholder: 'Search conversations', 'aria-label': 'Search conversations by title' });
    this.list = h('ul', { class: 'conv-list', 'aria-label': 'Conversation list' });
    this.empty = h('p', { class: 'sidebar-empty' });
    this.el = h('aside', { class: 'sidebar', id: 'sidebar', 'aria-label': 'Conversations' },
      h('h2', {}, 'Conversations'),
      h('button', { type: 'button', class: 'new-conv primary', onclick: () => actions.create() }, '+ New conversation'),
      this.search, this.empty, this.list);
    this.search.addEventListener('input', () => this.render());
    this.timer = setInterval(() => this.render(), 30000);
  }

  setImages(images) {
    this.images = images;
    this.render();
  }

  setActive(id) {
    this.activeId = id;
    this.render();
  }

  destroy() {
    clearInterval(this.timer);
  }

  render() {
    const query = this.search.value.trim().toLowerCase();
    const shown = this.images.filter((image) => image.name.toLowerCase().includes(query));
    clear(this.list, ...shown.map((image) => this.item(image)));
    this.empty.textContent = this.images.length === 0 ? 'No conversations yet. Start one with “New conversation”.'
      : shown.length === 0 ? 'No conversation matches your search.' : '';
    this.empty.hidden = this.empty.textContent === '';
  }

  item(image) {
    const active = image.imageId === this.activeId;
    return h('li', { class: `conv-item${active ? ' active' : ''}`, 'data-image-id': image.imageId },
      h('button', {
        type: 'button', class: 'conv-open', 'aria-current': active ? 'page' : null,
        onclick: () => this.actions.open(image.imageId),
      },
      h('span', { class: 'conv-title' }, image.name),
      h('span', { class: 'conv-meta' },
        image.running ? h('span', { class: 'running-dot', role: 'img', 'aria-label': 'Running', title: 'An answer is being written' }) : null,
        h('time', { datetime: new Date(image.updatedAt).toISOString() }, relativeTime(image.updatedAt)))),
      h('button', { type: 'button', class: 'icon conv-rename', 'aria-label': `Rename ${image.name}`, title: 'Rename', onclick: () => this.actions.rename(image) }, '✎'),
      h('button', { type: 'button', class: 'icon conv-delete', 'aria-label': `Delete ${image.name}`, title: 'Delete', onclick: () => this.actions.remove(image) }, '×'));
  }
}
