// The admin console: the studio's header, the sections, and one page module per route, loaded
// when first opened. The API decides who may see what: a non-admin gets its 403 sentence here.
import { t } from '../i18n.js';
import { h, clear, toast } from '../dom.js';
import { navigate } from '../router.js';
import { accountControls } from '../usermenu.js';
import * as session from '../session.js';

const ROUTES = [
  [/^admin(?:\/users)?$/, () => import('./users.js')],
  [/^admin\/users\/new$/, () => import('./user-new.js')],
  [/^admin\/users\/([^/]+)$/, () => import('./user.js')],
  [/^admin\/groups$/, () => import('./groups.js')],
  [/^admin\/groups\/([^/]+)$/, () => import('./group.js')],
  [/^admin\/invites$/, () => import('./invites.js')],
  [/^admin\/audit$/, () => import('./audit.js')],
  [/^admin\/storage$/, () => import('./storage.js')],
  [/^admin\/usage$/, () => import('./usage.js')],
  [/^admin\/settings$/, () => import('./settings.js')],
];

const SECTIONS = [['users', t('admin.users')], ['groups', t('admin.groups')], ['invites', t('admin.invites')], ['audit', t('admin.audit')], ['storage', t('admin.storage')], ['usage', t('admin.usage')], ['settings', t('admin.settings')]];

export class AdminConsole {
  /** account: the header's controls (usermenu.js); onUnauthorized(): the token was refused. */
  constructor(root, { account, onUnauthorized }) {
    this.onUnauthorized = onUnauthorized;
    this.opened = 0;
    this.pending = null;
    this.links = SECTIONS.map(([section, text]) => h('a', { href: `admin/${section}`, 'data-route': `admin/${section}`, 'data-section': section }, text));
    this.main = h('main', { class: 'admin-main', id: 'admin-main' });
    this.layout = h('div', { class: 'admin' },
      h('header', { class: 'topbar' },
        h('span', { class: 'brand' }, h('span', { class: 'brand-mark small', 'aria-hidden': 'true' }, 'P'), 'Portagent'),
        h('span', { class: 'admin-title' }, t('account.admin')),
        h('span', { class: 'spacer' }),
        ...accountControls(account, 'admin')),
      h('nav', { class: 'admin-nav', 'aria-label': t('admin.sections'), hidden: !session.isAdmin() }, this.links),
      h('div', { class: 'admin-scroll' }, this.main));
    clear(root, this.layout);
    this.ctx = {
      go: (route, notice) => { this.pending = notice; navigate(route); },
      fail: (e) => this.fail(e),
      toast: (message) => this.toast(message),
    };
  }

  async open(route) {
    const opened = ++this.opened;
    const found = ROUTES.map(([pattern, load]) => [pattern.exec(route), load]).find(([match]) => match);
    if (!found) {
      navigate('admin/users', { replace: true });
      return;
    }
    const [match, load] = found;
    const section = route.split('/')[1] || 'users';
    for (const a of this.links) {
      if (a.dataset.section === section) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    const notice = this.pending;
    this.pending = null;
    const view = h('div', { class: 'admin-page' }, h('p', { class: 'loading', role: 'status' }, t('admin.loading')));
    clear(this.main, notice ? h('p', { class: 'notice', role: 'status' }, notice) : null, view);
    document.title = t('admin.pageTitle', { section: SECTIONS.find(([s]) => s === section)?.[1] || t('account.admin') });
    try {
      const page = await load();
      if (opened !== this.opened) return;
      await page.render(view, this.ctx, ...match.slice(1).map(decodeURIComponent));
      if (opened === this.opened) view.querySelector('h1')?.focus();
    } catch (e) {
      if (opened === this.opened) this.failed(view, e);
    }
  }

  /** A page that could not load says why, in the API's words. */
  failed(view, e) {
    if (e.status === 401) {
      this.onUnauthorized();
      return;
    }
    clear(view, h('div', { class: 'empty-state' },
      h('h1', { tabindex: '-1' }, t(e.status === 403 ? 'admin.notAllowed' : e.status === 404 ? 'admin.notFound' : 'admin.cannotLoad')),
      h('p', { class: 'form-error', role: 'alert' }, e.message)));
    view.querySelector('h1').focus();
  }

  /** An action that failed: the API's sentence, or sign-in again when the token was refused. */
  fail(e) {
    if (e.status === 401) this.onUnauthorized();
    else this.toast(e.message);
  }

  toast(message) {
    toast(this.layout, message);
  }

  destroy() {
    this.opened++;
  }
}
