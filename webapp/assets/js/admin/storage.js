// admin/storage: what each account keeps on the server, the largest first.
import { h, clear } from '../dom.js';
import { storage } from './api.js';
import { pageHead, link, dataTable, bytes } from './kit.js';

export async function render(view) {
  const { users, totalWorkspaceBytes } = await storage();
  const largest = Math.max(1, ...users.map((u) => u.workspaceBytes));
  const columns = [
    { label: 'User', cell: (u) => link(`admin/users/${encodeURIComponent(u.userId)}`, u.username) },
    { label: 'Conversations', cell: (u) => String(u.conversations) },
    { label: 'Messages', cell: (u) => String(u.messages) },
    { label: 'Workspace', cell: (u) => h('span', { class: 'size-cell' }, bytes(u.workspaceBytes),
      h('meter', { min: 0, max: largest, value: u.workspaceBytes, 'aria-hidden': 'true' })) },
  ];
  clear(view, pageHead('Storage'),
    h('p', { class: 'hint' }, `Workspace files of all accounts: ${bytes(totalWorkspaceBytes)}. Deleting a user removes theirs.`),
    dataTable('Storage per user', columns, users, 'No accounts yet.'));
}
