// Routes relative to the application's base: "", "login", "register", "studio", "studio/<imageId>".

let base;
let onChange = () => {};

/** Freezes the base once: pushState to another depth must not move relative URLs. */
export function start(handler) {
  base = document.baseURI;
  document.querySelector('base')?.setAttribute('href', base);
  onChange = handler;
  window.addEventListener('popstate', () => onChange(current()));
  document.addEventListener('click', followLink);
  onChange(current());
}

export function current() {
  const basePath = new URL(base).pathname;
  const path = decodeURIComponent(location.pathname);
  const rel = path.startsWith(basePath) ? path.slice(basePath.length) : '';
  return rel.replace(/\/+$/, '');
}

export function navigate(route, { replace = false } = {}) {
  const url = new URL(route, base);
  if (replace) history.replaceState(null, '', url);
  else if (url.href !== location.href) history.pushState(null, '', url);
  onChange(current());
}

/** Same-app links (data-route) change the route without a page load. */
function followLink(event) {
  const link = event.target.closest('a[data-route]');
  if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  navigate(link.getAttribute('data-route'));
}
