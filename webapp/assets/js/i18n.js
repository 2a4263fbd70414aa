// The UI's words: one catalogue per language (assets/i18n/<language>.json), chosen from the
// browser's languages unless a language was picked in Settings (localStorage portagent_lang, kept
// across sign-outs). The catalogue loads before any module that imports this one runs (top-level
// await), so t() works in module constants too; changing the language reloads the page.
const KEY = 'portagent_lang';

/** [code, the language's own name]; a new language is a line here and its catalogue file. */
export const LANGUAGES = [['en', 'English'], ['zh-CN', '简体中文']];

function supported(tag) {
  const lower = String(tag || '').toLowerCase();
  if (lower.startsWith('zh')) return 'zh-CN';
  return LANGUAGES.find(([code]) => lower === code.toLowerCase() || lower.startsWith(`${code.toLowerCase()}-`))?.[0] || null;
}

/** The language picked in Settings, or 'auto' (the browser's). */
export function choice() {
  const value = localStorage.getItem(KEY);
  return value && supported(value) === value ? value : 'auto';
}

function pick() {
  const chosen = choice();
  if (chosen !== 'auto') return chosen;
  for (const tag of navigator.languages?.length ? navigator.languages : [navigator.language]) {
    const found = supported(tag);
    if (found) return found;
  }
  return 'en';
}

async function fetchCatalogue(code) {
  const response = await fetch(new URL(`assets/i18n/${code}.json`, document.baseURI), { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`catalogue ${code}: ${response.status}`);
  return response.json();
}

export const language = pick();
// English is the fallback for a key a catalogue lacks (CatalogueTest keeps that from happening).
const english = language === 'en' ? null : fetchCatalogue('en').catch(() => ({}));
const words = await fetchCatalogue(language).catch(() => ({}));
const fallback = english ? await english : words;
document.documentElement.lang = language;

const numbers = new Intl.NumberFormat(language);

/** The text for `key`, with {name} replaced from `params` (numbers formatted for the language). */
export function t(key, params = {}) {
  const text = words[key] ?? fallback[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? format(params[name]) : whole));
}

function format(value) {
  return typeof value === 'number' ? numbers.format(value) : String(value);
}

export function number(value, options) {
  return options ? new Intl.NumberFormat(language, options).format(value) : numbers.format(value);
}

/** A date (and time, with `options`) in the language's own way. */
export function date(ms, options = { day: 'numeric', month: 'short', year: 'numeric' }) {
  return new Intl.DateTimeFormat(language, options).format(new Date(ms));
}

/**
 * A server's sentence in the reader's language. The server speaks English and its sentences carry
 * details (limits, model names), so in English they are shown as sent; another language shows its
 * catalogue's `error.<code>` ({message} there is the server's sentence), or the sentence itself.
 */
export function serverError(code, message) {
  const key = `error.${code}`;
  return language !== 'en' && code && key in words ? t(key, { message: message || '' }) : message;
}

/** 'auto' follows the browser again; the page reloads in the new language. */
export function choose(value) {
  if (value && supported(value) === value) localStorage.setItem(KEY, value);
  else localStorage.removeItem(KEY);
  location.reload();
}

/**
 * A translated sentence with an element in place of {name} (bold text inside a sentence whose
 * word order differs per language): the pieces to append, never parsed as HTML.
 */
export function withNode(text, name, node) {
  const [before, after = ''] = text.split(`{${name}}`);
  return [before, node, after];
}
