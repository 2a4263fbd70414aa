// admin/storage: what each account keeps on the server, the largest first.
import { t } from '../i18n.js';
import { h, clear } from '../dom.js';
import { storage } from './api.js';
import { pageHead, link, dataTable, bytes } from './kit.js';

export async function render(view) {
  const { users, totalWorkspaceBytes } = await storage();
  const largest = Math.max(1, ...users.map((u) => u.workspaceBytes));
  const columns = [
    { label: t('users.user'), cell: (u) => link(`admin/users/${encodeURIComponent(u.userId)}`, u.username) },
    { label: t('sidebar.title'), cell: (u) => String(u.conversations) },
    { label: t('chat.messages'), cell: (u) => String(u.messages) },
    { label: t('storage.workspace'), cell: (u) => h('span', { class: 'size-cell' }, bytes(u.workspaceBytes),
      h('meter', { min: 0, max: largest, value: u.workspaceBytes, 'aria-hidden': 'true' })) },
  ];
  clear(view, pageHead(t('admin.storage')),
    h('p', { class: 'hint' }, t('storage.total', { size: bytes(totalWorkspaceBytes) })),
    dataTable(t('storage.caption'), columns, users, t('storage.none')));
}
