// Markdown to safe HTML: marked (GFM) renders, DOMPurify sanitises, links open in a new tab,
// code blocks get highlighting and a Copy button. The libraries load on first use only.
import { t } from './i18n.js';
import { h, loadScript, loadStyle } from './dom.js';
import { MARKED, DOMPURIFY, HIGHLIGHT, HIGHLIGHT_CSS } from './vendor.js';
import { copyButton } from './clipboard.js';

let ready = null;
let marked = null;
let purify = null;
let hljs = null;
let highlighting = null;

const SANITIZE = {
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'option', 'iframe', 'frame', 'object', 'embed', 'svg', 'math'],
  FORBID_ATTR: ['style', 'srcset', 'action', 'formaction'],
  ALLOW_DATA_ATTR: false,
};

/** Resolves once marked and DOMPurify are loaded. */
export function loadMarkdown() {
  ready ??= Promise.all([
    import(new URL(MARKED, document.baseURI).href),
    loadScript(DOMPURIFY, 'DOMPurify'),
  ]).then(([markedModule, dompurify]) => {
    marked = new markedModule.Marked({ gfm: true, breaks: true, async: false });
    purify = dompurify;
    purify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A' && node.hasAttribute('href')) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    });
  });
  return ready;
}

export function isReady() {
  return purify !== null;
}

/** Renders markdown into target; plain text until the libraries are there. */
export function render(target, text) {
  if (!isReady()) {
    target.textContent = text;
    return;
  }
  target.innerHTML = purify.sanitize(marked.parse(text), SANITIZE);
  for (const pre of target.querySelectorAll('pre')) decorate(pre);
}

function decorate(pre) {
  const code = pre.querySelector('code');
  if (!code) return;
  const language = /language-([\w+#-]+)/.exec(code.className)?.[1];
  const copy = copyButton(() => code.textContent, t('copy.code'));
  const wrapper = h('div', { class: 'code-block' }, h('div', { class: 'code-bar' },
    h('span', { class: 'code-lang' }, language || 'text'), copy));
  pre.replaceWith(wrapper);
  wrapper.append(pre);
  highlight(code);
}

function highlight(code) {
  if (hljs) {
    colour(code);
    return;
  }
  highlighting ??= loadScript(HIGHLIGHT, 'hljs').then((lib) => {
    loadStyle(HIGHLIGHT_CSS);
    lib.configure({ ignoreUnescapedHTML: true });
    hljs = lib;
  });
  highlighting.then(() => {
    if (code.isConnected && !code.classList.contains('hljs')) colour(code);
  }, () => {});
}

function colour(code) {
  try {
    hljs.highlightElement(code);
  } catch {
    // An unknown language stays plain text.
  }
}
