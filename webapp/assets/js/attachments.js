// Files attached to a prompt: picked with the button, dropped on the conversation or pasted into
// the composer; sent inline in the frame when small, uploaded first otherwise
// (api/conversations/{id}/attachments); shown as thumbnails (images) or chips in the transcript.
import { h, clear } from './dom.js';
import { appUrl } from './api.js';
import { t } from './i18n.js';

/** Every visible string of this module: its keys in the language catalogue. */
const TEXT = {
  attach: t('attach.attach'),
  attached: t('attach.attached'),
  remove: (name) => t('attach.remove', { name }),
  dropHere: t('attach.dropHere'),
  notAllowed: (name) => t('attach.notAllowed', { name }),
  tooMany: (max) => t('attach.tooMany', { max }),
  uploadFailed: (name) => t('attach.uploadFailed', { name }),
  inMessage: t('attach.inMessage'),
  open: (name) => t('attach.open', { name }),
  unavailable: (name) => t('attach.unavailable', { name }),
};

const TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain', 'text/markdown', 'text/csv'];
const BY_EXTENSION = { md: 'text/markdown', markdown: 'text/markdown', txt: 'text/plain', csv: 'text/csv', pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' };
const MAX_FILES = 10;
/** Files up to this size go inline in the frame (well inside WS_MAX_FRAME_CHARS once base64). */
const INLINE_MAX = 48 * 1024;

/** The file's media type as the server knows it: the browser's, else from its extension ('' if none fits). */
export function mediaTypeOf(file) {
  const declared = (file.type || '').toLowerCase();
  if (TYPES.includes(declared)) return declared;
  const ext = /\.([a-z0-9]+)$/i.exec(file.name || '')?.[1]?.toLowerCase();
  const guessed = BY_EXTENSION[ext] || '';
  return declared && !declared.startsWith('text/') && declared !== 'application/octet-stream' ? '' : guessed;
}

function sizeText(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The composer's files: a button, a list of chips, drop and paste; onError(sentence) for refusals. */
export class AttachmentTray {
  constructor(onError) {
    this.files = [];
    this.onError = onError;
    this.input = h('input', {
      type: 'file', multiple: true, hidden: true, class: 'attach-input', tabindex: '-1', 'aria-hidden': 'true',
      accept: `${TYPES.join(',')},.md,.txt,.csv`,
      onchange: () => { this.add(this.input.files); this.input.value = ''; },
    });
    this.button = h('button', {
      type: 'button', class: 'secondary attach', 'aria-label': TEXT.attach, title: TEXT.attach,
      onclick: () => this.input.click(),
    }, h('span', { 'aria-hidden': 'true' }, '+'));
    this.list = h('ul', { class: 'attachment-tray', 'aria-label': TEXT.attached, hidden: true });
  }

  /** Drops on `area` and pastes into `field` attach their files. */
  watch(area, field) {
    area.addEventListener('dragover', (event) => {
      if (![...(event.dataTransfer?.types || [])].includes('Files')) return;
      event.preventDefault();
      area.classList.add('dropping');
    });
    area.addEventListener('dragleave', (event) => {
      if (!area.contains(event.relatedTarget)) area.classList.remove('dropping');
    });
    area.addEventListener('drop', (event) => {
      area.classList.remove('dropping');
      if (!event.dataTransfer?.files?.length) return;
      event.preventDefault();
      this.add(event.dataTransfer.files);
    });
    field.addEventListener('paste', (event) => {
      const files = event.clipboardData?.files;
      if (!files?.length) return;
      event.preventDefault();
      this.add(files);
    });
  }

  add(fileList) {
    for (const file of fileList) {
      if (!mediaTypeOf(file)) this.onError(TEXT.notAllowed(file.name || 'file'));
      else if (this.files.length >= MAX_FILES) this.onError(TEXT.tooMany(MAX_FILES));
      else this.files.push(file);
    }
    this.render();
  }

  hasFiles() {
    return this.files.length > 0;
  }

  clear() {
    this.files = [];
    this.render();
  }

  render() {
    clear(this.list, ...this.files.map((file, index) => h('li', { class: 'attachment-chip' },
      file.type.startsWith('image/') ? preview(file) : null,
      h('span', { class: 'attachment-name' }, file.name || 'file'),
      h('span', { class: 'attachment-size' }, sizeText(file.size)),
      h('button', {
        type: 'button', class: 'link attachment-remove', 'aria-label': TEXT.remove(file.name || 'file'),
        onclick: () => { this.files.splice(index, 1); this.render(); },
      }, '×'))));
    this.list.hidden = this.files.length === 0;
  }
}

function preview(file) {
  const url = URL.createObjectURL(file);
  return h('img', { class: 'attachment-preview', src: url, alt: '', onload: () => URL.revokeObjectURL(url) });
}

/**
 * What message_send's `attachments` takes for these files: small ones inline ({name, mediaType,
 * data}), the rest uploaded first ({attachmentId}). A refusal throws the server's sentence.
 */
export async function prepare(files, imageId, token) {
  const out = [];
  for (const file of files) {
    const mediaType = mediaTypeOf(file);
    if (file.size <= INLINE_MAX) {
      out.push({ name: file.name || 'file', mediaType, data: await base64(file) });
      continue;
    }
    let response;
    try {
      response = await fetch(appUrl(`api/conversations/${encodeURIComponent(imageId)}/attachments?name=${encodeURIComponent(file.name || 'file')}`), {
        method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': mediaType }, body: file,
      });
    } catch {
      throw new Error(TEXT.uploadFailed(file.name));
    }
    const data = await response.json().catch(() => null);
    if (!response.ok) throw new Error(data?.error || TEXT.uploadFailed(file.name));
    out.push({ attachmentId: data.attachmentId });
  }
  return out;
}

async function base64(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A sent message's files: images as thumbnails, other files as chips; each opens the file. */
export function thumbnails(attachments, imageId, token) {
  return h('ul', { class: 'message-attachments', 'aria-label': TEXT.inMessage },
    ...attachments.map((a) => h('li', {}, thumbnail(a, imageId, token))));
}

function thumbnail(a, imageId, token) {
  const path = `api/conversations/${encodeURIComponent(imageId)}/attachments/${encodeURIComponent(a.attachmentId)}`;
  const link = h('a', { class: 'attachment-link', href: '#', 'aria-label': TEXT.open(a.name), title: a.name });
  let loading = null;
  const load = () => {
    loading ||= fetch(appUrl(path), { headers: { Authorization: `Bearer ${token}` } })
      .then((r) => (r.ok ? r.blob() : Promise.reject(new Error(String(r.status)))))
      .then((blob) => URL.createObjectURL(blob));
    return loading;
  };
  if (a.mediaType.startsWith('image/')) {
    const img = h('img', { class: 'attachment-thumb', alt: a.name });
    link.append(img);
    load().then((url) => { img.src = url; }, () => { clear(link, TEXT.unavailable(a.name)); });
  } else {
    link.append(h('span', { class: 'attachment-name' }, a.name));
  }
  link.addEventListener('click', (event) => {
    event.preventDefault();
    load().then((url) => {
      const save = h('a', { href: url, download: a.name, hidden: true });
      document.body.append(save);
      save.click();
      save.remove();
    }, () => {});
  });
  return link;
}
