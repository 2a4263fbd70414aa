// Building DOM without innerHTML: h('button', {class: 'x', onclick}, 'text', child).

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A short message at the bottom of the screen, read out by screen readers, gone after 5 s. */
export function toast(container, message) {
  const note = h('div', { class: 'toast', role: 'alert' }, message);
  container.append(note);
  setTimeout(() => note.remove(), 5000);
}

const loaded = new Map();

/** Loads a classic script once (CSP allows 'self' only) and resolves to the global it defines. */
export function loadScript(path, globalName) {
  if (!loaded.has(path)) {
    loaded.set(path, new Promise((resolve, reject) => {
      const script = h('script', { src: new URL(path, document.baseURI).href });
      script.onload = () => resolve(window[globalName]);
      script.onerror = () => { loaded.delete(path); reject(new Error(`Could not load ${path}`)); };
      document.head.append(script);
    }));
  }
  return loaded.get(path);
}

/** Adds a stylesheet once; resolves when it applies, so a page shows styled from the start. */
export function loadStyle(path) {
  const href = new URL(path, document.baseURI).href;
  const existing = document.querySelector(`link[href="${href}"]`);
  if (existing) return existing.ready || Promise.resolve();
  const link = h('link', { rel: 'stylesheet', href });
  link.ready = new Promise((resolve) => {
    link.onload = resolve;
    link.onerror = resolve; // unstyled beats not at all
  });
  document.head.append(link);
  return link.ready;
}
