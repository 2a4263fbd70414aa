// The conversation list: search by title and in what was said, new, rename, delete, running indicator, times.
import { t } from './i18n.js';
import { h, clear } from './dom.js';
import { relativeTime } from './time.js';

const SEARCH_DELAY_MS = 250;

export class Sidebar {
  /**
   * actions: open(id), create(), rename(image), remove(image), more() (the next page of the list),
   * searchText(query) -> Promise<{results}>
   */
  constructor(actions) {
    this.actions = actions;
    this.images = [];
    this.activeId = null;
    this.search = h('input', { type: 'search', class: 'search', placeholder: t('sidebar.search'), 'aria-label': t('sidebar.searchLabel') });
    this.list = h('ul', { class: 'conv-list', 'aria-label': t('sidebar.listLabel') });
    this.empty = h('p', { class: 'sidebar-empty' });
    this.more = h('button', { type: 'button', class: 'list-more', hidden: true, onclick: () => actions.more() },
      t('sidebar.more'));
    this.hasMore = false;
    this.el = h('aside', { class: 'sidebar', id: 'sidebar', 'aria-label': t('sidebar.title') },
      h('h2', {}, t('sidebar.title')),
      h('button', { type: 'button', class: 'new-conv primary', onclick: () => actions.create() }, t('sidebar.new')),
      this.search, this.empty, this.list, this.more);
    this.search.addEventListener('input', () => { this.render(); this.searchSoon(); });
    this.hits = new Map(); // imageId -> {before, match, after}: the server's hits in the messages
    this.searches = 0;
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
    clearTimeout(this.searchTimer);
    this.searches++;
  }

  /** Asks the server for the words in the messages once typing pauses; the titles filter at once. */
  searchSoon() {
    clearTimeout(this.searchTimer);
    const query = this.search.value.trim();
    const asked = ++this.searches;
    if (!query || !this.actions.searchText) {
      this.hits = new Map();
      this.render();
      return;
    }
    this.searchTimer = setTimeout(async () => {
      try {
        const { results } = await this.actions.searchText(query);
        if (asked !== this.searches) return;
        this.hits = new Map(results.map((hit) => [hit.imageId, hit]));
        this.render();
      } catch {
        // the title filter still answers; the next keystroke asks again
      }
    }, SEARCH_DELAY_MS);
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
    const shown = this.images.filter((image) => image.name.toLowerCase().includes(query)
      || (query && this.hits.has(image.imageId)));
    const ids = new Set(this.images.map((i) => i.imageId));
    for (const id of [...this.items.keys()]) if (!ids.has(id)) this.items.delete(id);
    const wanted = shown.map((image) => this.item(image, query ? this.hits.get(image.imageId) : null));
    const current = [...this.list.children];
    if (current.length !== wanted.length || current.some((el, i) => el !== wanted[i])) clear(this.list, ...wanted);
    this.empty.textContent = this.images.length === 0 ? t('sidebar.none')
      : shown.length === 0 ? t('sidebar.noMatch') : '';
    this.empty.hidden = this.empty.textContent === '';
  }

  item(image, hit = null) {
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
    refs.rename.setAttribute('aria-label', t('sidebar.renameLabel', { name: image.name }));
    refs.remove.setAttribute('aria-label', t('sidebar.deleteLabel', { name: image.name }));
    refs.dot.hidden = !image.running;
    refs.time.dateTime = new Date(image.updatedAt).toISOString();
    refs.time.textContent = relativeTime(image.updatedAt);
    refs.hit.hidden = !hit;
    // as text, the words in <mark>: nothing a message says becomes markup
    if (hit) clear(refs.hit, hit.before, h('mark', {}, hit.match), hit.after);
    return li;
  }

  build(image) {
    const refs = {
      title: h('span', { class: 'conv-title' }),
      dot: h('span', { class: 'running-dot', role: 'img', 'aria-label': t('sidebar.running'), title: t('sidebar.runningTitle') }),
      time: h('time'),
      hit: h('span', { class: 'conv-hit', hidden: true }),
    };
    const li = h('li', { 'data-image-id': image.imageId });
    refs.open = h('button', { type: 'button', class: 'conv-open', onclick: () => this.actions.open(li.refs.image.imageId) },
      refs.title, refs.hit, h('span', { class: 'conv-meta' }, refs.dot, refs.time));
    refs.rename = h('button', { type: 'button', class: 'icon conv-rename', title: t('sidebar.rename'), onclick: () => this.actions.rename(li.refs.image) }, '✎');
    refs.remove = h('button', { type: 'button', class: 'icon conv-delete', title: t('sidebar.delete'), onclick: () => this.actions.remove(li.refs.image) }, '×');
    li.refs = refs;
    li.append(refs.open, refs.rename, refs.remove);
    return li;
  }
}
