// The /ws connection: requests answered by id, events handed on, reconnect with backoff.
// The URL is built from the page's own base, ws: or wss: after the page's scheme. Each connection
// opens with a fresh single-use ticket (POST api/auth/ws-ticket), so the token stays out of URLs.
import { t, serverError } from './i18n.js';

import { auth } from './api.js';

const REQUEST_TIMEOUT_MS = 20000;
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 10000];
const UNAUTHORIZED = 4401;

export class SocketError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export function socketUrl(ticket) {
  const url = new URL('ws', document.baseURI);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('ticket', ticket);
  return url.href;
}

export class Socket {
  /** handlers: onEvent(frame), onNotice(frame), onOpen(reconnected), onState(state), onClosedForGood(code) */
  constructor(token, handlers) {
    this.token = token;
    this.handlers = handlers;
    this.pending = new Map();
    this.waiting = [];
    this.nextId = 1;
    this.attempt = 0;
    this.everOpened = false;
    this.stopped = false;
    this.state = 'connecting';
    this.ws = null;
    this.connect();
  }

  async connect() {
    let ticket;
    try {
      ticket = (await auth.wsTicket(this.token)).ticket;
    } catch (e) {
      if (this.stopped) return;
      if (e.status === 401) {
        this.stop();
        this.handlers.onClosedForGood?.(UNAUTHORIZED);
      } else {
        this.reconnectLater();
      }
      return;
    }
    if (this.stopped) return;
    const ws = new WebSocket(socketUrl(ticket));
    this.ws = ws;
    ws.onopen = () => this.opened();
    ws.onmessage = (message) => this.received(message.data);
    ws.onclose = (event) => this.closed(ws, event);
  }

  opened() {
    const reconnected = this.everOpened;
    this.everOpened = true;
    this.attempt = 0;
    this.setState('open');
    this.waiting.splice(0).forEach((resolve) => resolve());
    this.handlers.onOpen?.(reconnected);
  }

  received(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    const request = frame.id != null && this.pending.get(frame.id);
    if (request) {
      this.pending.delete(frame.id);
      clearTimeout(request.timer);
      if (frame.error) request.reject(new SocketError(frame.error.code, serverError(frame.error.code, frame.error.message)));
      else request.resolve(frame.data || {});
    } else if (frame.seq !== undefined) {
      this.handlers.onEvent?.(frame);
    } else if (frame.id === undefined && typeof frame.type === 'string') {
      this.handlers.onNotice?.(frame); // another tab of this user changed the list
    }
  }

  closed(ws, event) {
    if (ws !== this.ws) return;
    for (const request of this.pending.values()) {
      clearTimeout(request.timer);
      request.reject(new SocketError('disconnected', t('error.disconnected')));
    }
    this.pending.clear();
    if (this.stopped) return;
    if (event.code === UNAUTHORIZED) {
      this.stop();
      this.handlers.onClosedForGood?.(event.code);
      return;
    }
    this.reconnectLater();
  }

  reconnectLater() {
    this.setState('reconnecting');
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)] * (0.8 + Math.random() * 0.4);
    this.attempt++;
    this.retry = setTimeout(async () => {
      if (this.stopped) return;
      // A refused handshake looks like any drop: ask the API whether the token still holds.
      if (this.attempt > 1 && (await this.handlers.tokenRejected?.())) {
        this.stop();
        this.handlers.onClosedForGood?.(UNAUTHORIZED);
        return;
      }
      if (!this.stopped) this.connect();
    }, delay);
  }

  setState(state) {
    this.state = state;
    this.handlers.onState?.(state);
  }

  /** Sends a request once the socket is open; resolves to the response's data. */
  async request(type, data = {}) {
    if (this.stopped) throw new SocketError('closed', t('error.closed'));
    if (this.ws?.readyState !== WebSocket.OPEN) {
      await new Promise((resolve) => this.waiting.push(resolve));
    }
    const id = `r${this.nextId++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new SocketError('timeout', t('error.noAnswer')));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.ws.send(JSON.stringify({ id, type: `${type}_request`, data }));
    });
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retry);
    this.setState('closed');
    this.ws?.close(1000, 'bye');
  }
}
