// "Just now", "5m ago", "3h ago", "2d ago", then the date: in the UI's language.
import { t, date } from './i18n.js';

export function relativeTime(ms, now = Date.now()) {
  const seconds = Math.max(0, Math.floor((now - ms) / 1000));
  if (seconds < 60) return t('time.justNow');
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('time.minutesAgo', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('time.hoursAgo', { n: hours });
  const days = Math.floor(hours / 24);
  if (days < 30) return t('time.daysAgo', { n: days });
  return date(ms, { dateStyle: 'medium' });
}

/** A date in the UI's language, e.g. "6 Dec 2026" or "2026年12月6日". */
export function shortDate(ms) {
  return date(ms);
}
