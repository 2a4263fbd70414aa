// The colour theme: "system" follows prefers-color-scheme; "light" or "dark" is a choice
// remembered in this browser (localStorage portagent_theme). It survives signing out.
import { t } from './i18n.js';
const KEY = 'portagent_theme';
const DARK = window.matchMedia('(prefers-color-scheme: dark)');

export const THEMES = [['system', t('theme.system')], ['light', t('theme.light')], ['dark', t('theme.dark')]];

export function choice() {
  const value = localStorage.getItem(KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

export function apply() {
  const chosen = choice();
  document.documentElement.dataset.theme = chosen === 'system' ? (DARK.matches ? 'dark' : 'light') : chosen;
}

export function choose(value) {
  if (value === 'light' || value === 'dark') localStorage.setItem(KEY, value);
  else localStorage.removeItem(KEY);
  apply();
}

DARK.addEventListener('change', apply);
