// The conversation list: search by title, new, rename, delete, running indicator, times.
import { h, clear } from './dom.js';
import { relativeTime } from './time.js';

export class Sidebar {
  /** actions: open(id), create(), rename(image), remove(image), more() (the next page of the list) */
  constructor(actions) {
    this.actions = actions;
    this.images = [];
    this.activeId = null;
    this.search = h('input', { type: 'search', class: 'search', placeholder: 'Search conversations', 'aria-label': 'Search conversations by title' });
    this.list = h('ul', { class: 'conv-list', 'aria-label': 'Conversation list' });
    this.empty = h('p', { class: 'sidebar-empty' });
    this.more = h('button', { type: 'button', class: 'list-more', hidden: true, onclick: () => actions.more() },
      'Show older conversations');
    this.hasMore = false;
    this.el = h('aside', { class: 'sidebar', id: 'sidebar', 'aria-label': 'Conversations' },
      h('h2', {}, 'Conversations'),
      h('button', { type: 'button', class: 'new-conv primary', onclick: () => actions.create() }, '+ New conversation'),
      this.search, this.empty, this.list, this.more);
    this.search.addEventListener('input', () => this.render());
    this.items = new Map(); // imageId -> its <li>, kept across renders
    this.timer = setInterval(() => this.tick(), 30000);
  }

  /** `hasMore`: older conversations exist beyond these (unchanged when not given). */
  setImages(images, hasMore = this.hasMore) {
    this.images = images;
    this.hasMore = hasMore;
    this.more.hidden = !hasMore;
    this.render();
  }

  setActive(id) {
    this.activeId = id;
    this.render();
  }

  destroy() {
    clearInterval(this.timer);
  }

  /** Times only: the list is not rebuilt, so keyboard focus stays where it is. */
  tick() {
    for (const image of this.images) {
      const time = this.items.get(image.imageId)?.refs.time;
      if (time) time.textContent = relativeTime(image.updatedAt);
    }
  }

  /** Updates the list in place (each conversation keeps its element); reorders only when the order changed. */
  render() {
    const query = this.search.value.trim().toLowerCase();
    const shown = this.images.filter((image) => image.name.toLowerCase().includes(query));
    const ids = new Set(this.images.map((i) => i.imageId));
    for (const id of [...this.items.keys()]) if (!ids.has(id)) this.items.delete(id);
    const wanted = shown.map((image) => this.item(image));
    const current = [...this.list.children];
    if (current.length !== wanted.length || current.some((el, i) => el !== wanted[i])) clear(this.list, ...wanted);
    this.empty.textContent = this.images.length === 0 ? 'No conversations yet. Your first message starts one.'
      : shown.length === 0 ? 'No conversation matches your search.' : '';
    this.empty.hidden = this.empty.textContent === '';
  }

  item(image) {
    let li = this.items.get(image.imageId);
    if (!li) {
      li = this.build(image);
      this.items.set(image.imageId, li);
    }
    const { refs } = li;
    li.refs.image = image;
    const active = image.imageId === this.activeId;
    li.className = `conv-item${active ? ' active' : ''}`;
    if (active) refs.open.setAttribute('aria-current', 'page');
    else refs.open.removeAttribute('aria-current');
    if (refs.title.textContent !== image.name) refs.title.textContent = image.name;
    refs.rename.setAttribute('aria-label', `Rename ${image.name}`);
    refs.remove.setAttribute('aria-label', `Delete ${image.name}`);
    refs.dot.hidden = !image.running;
    refs.time.dateTime = new Date(image.updatedAt).toISOString();
    refs.time.textContent = relativeTime(image.updatedAt);
    return li;
  }

  build(image) {
    const refs = {
      title: h('span', { class: 'conv-title' }),
      dot: h('span', { class: 'running-dot', role: 'img', 'aria-label': 'Running', title: 'An answer is being written' }),
      time: h('time'),
    };
    const li = h('li', { 'data-image-id': image.imageId });
    refs.open = h('button', { type: 'button', class: 'conv-open', onclick: () => this.actions.open(li.refs.image.imageId) },
      refs.title, h('span', { class: 'conv-meta' }, refs.dot, refs.time));
    refs.rename = h('button', { type: 'button', class: 'icon conv-rename', title: 'Rename', onclick: () => this.actions.rename(li.refs.image) }, '✎');
    refs.remove = h('button', { type: 'button', class: 'icon conv-delete', title: 'Delete', onclick: () => this.actions.remove(li.refs.image) }, '×');
    li.refs = refs;
    li.append(refs.open, refs.rename, refs.remove);
    return li;
  }
}
