// One conversation's transcript, built from stored messages and then from live events.
// Events carry a per-conversation seq: anything at or below lastSeq was already applied.
import { t } from './i18n.js';

// The header's status, said as a person would; 'retrying' adds the attempt ("Provider busy — retrying 2/4").
export const STATUS = {
  idle: t('status.idle'), thinking: t('status.thinking'), responding: t('status.responding'), executing: t('status.executing'),
  retrying: t('status.retrying'), error: t('status.error'),
};

export const STOPPED = t('chat.stopped');
/** The notice under an interrupted turn, by the cause the server stored (turn.stopCause / interrupted's cause). */
export const STOP_NOTICES = {
  user: STOPPED,
  shutdown: t('chat.stoppedShutdown'),
  other: t('chat.stoppedOther'),
};
const stopNotice = (cause) => STOP_NOTICES[cause] || STOP_NOTICES.other;

export class Conversation {
  constructor(imageId) {
    this.imageId = imageId;
    this.entries = [];
    this.lastSeq = 0;
    this.status = 'idle';
    this.running = false;
    this.usage = null;
    this.model = null;
    this.answerModel = null;
    this.current = null;
    this.stale = false;
    this.retry = null; // {attempt, maxAttempts} while the provider is being retried
    this.turnUsage = new Map(); // turnId -> tokens of the turn so far (live)
    this.listeners = new Set();
  }

  /**
   * Replaces the transcript with the stored messages (image_messages_response): after each ended
   * turn its token line, and the stop notice when it was stopped (turns: [{turnId, status, ...}]).
   */
  load(messages, lastSeq, running, lastTurn, turns = []) {
    this.entries = [];
    this.current = null;
    this.retry = null;
    if (lastTurn) this.usage = { input: lastTurn.inputTokens, output: lastTurn.outputTokens };
    const byId = new Map(turns.map((t) => [t.turnId, t]));
    let turnId = null;
    for (const message of messages) {
      if (message.turnId && message.turnId !== turnId) {
        this.endStoredTurn(byId.get(turnId));
        turnId = message.turnId;
      }
      this.addStored(message);
    }
    this.endStoredTurn(byId.get(turnId));
    this.lastSeq = lastSeq;
    this.running = running;
    this.status = running ? 'thinking' : 'idle';
    if (running) {
      // Opened mid-answer: the stored text is the checkpoint that lastSeq describes, so the
      // replayed deltas continue it (docs/websocket-protocol.md, "Opening a conversation").
      const last = this.entries[this.entries.length - 1];
      if (last?.kind === 'assistant') {
        last.streaming = true;
        this.current = last;
      }
    }
    this.changed({ all: true });
  }

  endStoredTurn(turn) {
    if (!turn || turn.status === 'running') return;
    const failed = this.entries[this.entries.length - 1]?.kind === 'error';
    if (turn.status === 'interrupted' && !failed) this.entries.push({ kind: 'notice', text: stopNotice(turn.stopCause) });
    if (turn.inputTokens + turn.outputTokens > 0) {
      this.entries.push({ kind: 'usage', turnId: turn.turnId, input: turn.inputTokens, output: turn.outputTokens });
    }
  }

  /** The text of the last user prompt, or null. */
  lastPrompt() {
    for (let i = this.entries.length - 1; i >= 0; i -= 1) if (this.entries[i].kind === 'user') return this.entries[i];
    return null;
  }

  /**
   * Takes the last turn off the screen before it is answered again (message_regenerate): what
   * follows the last prompt, and the prompt too when it is being edited. Events of the new turn
   * may arrive before the response, so this happens before the request is sent.
   */
  dropLastAnswer(withPrompt) {
    const prompt = this.lastPrompt();
    if (!prompt) return;
    const at = this.entries.indexOf(prompt);
    this.entries = this.entries.slice(0, withPrompt ? at : at + 1);
    this.changed({ all: true });
  }

  addStored(message) {
    const content = message.content;
    switch (message.subtype) {
      case 'user':
        this.entries.push({ kind: 'user', id: message.messageId, text: textOf(content), attachments: message.attachments || [] });
        break;
      case 'assistant':
        this.entries.push({ kind: 'assistant', id: message.messageId, text: textOf(content), model: message.model });
        break;
      case 'tool-call':
        this.entries.push({ kind: 'tool', id: content.toolCallId, name: content.toolName, input: content.input, status: 'running', startedAt: message.timestamp });
        break;
      case 'tool-result': {
        const tool = this.tool(content.toolCallId) || this.push({ kind: 'tool', id: content.toolCallId, name: content.toolName, startedAt: message.timestamp });
        Object.assign(tool, { output: content.result, status: content.isError ? 'error' : 'done', endedAt: message.timestamp });
        break;
      }
      case 'error':
        this.entries.push({ kind: 'error', code: content.code, message: content.message });
        break;
      default:
        break;
    }
  }

  /** Applies one event; returns false for an event already seen (a replayed duplicate).
   * A jump in seq means events were lost (a server crash): the stored messages are then reloaded. */
  apply(event) {
    if (event.seq <= this.lastSeq) return false;
    if (event.seq > this.lastSeq + 1 && this.lastSeq > 0) this.stale = true;
    this.lastSeq = event.seq;
    if (this.retry && event.type !== 'retrying') this.retry = null;
    const handler = HANDLERS[event.type];
    if (handler) handler.call(this, event.data || {}, event);
    return true;
  }

  push(entry) {
    this.entries.push(entry);
    this.changed({ added: entry });
    return entry;
  }

  tool(id) {
    return this.entries.find((e) => e.kind === 'tool' && e.id === id);
  }

  endStreaming() {
    if (this.current) {
      this.current.streaming = false;
      this.changed({ updated: this.current });
    }
    this.current = null;
  }

  setStatus(status) {
    this.status = status;
    this.changed({ status: true });
  }

  changed(change) {
    for (const listener of this.listeners) listener(change);
  }
}

const HANDLERS = {
  user_message(data) {
    this.running = true;
    if (!this.entries.some((e) => e.kind === 'user' && e.id === data.messageId)) {
      this.push({ kind: 'user', id: data.messageId, text: data.content, attachments: data.attachments || [] });
    }
    this.setStatus('thinking');
  },
  message_start(data) {
    this.endStreaming();
    this.running = true;
    this.answerModel = data.model;
    const stored = this.entries.find((e) => e.kind === 'assistant' && e.id === data.messageId);
    if (stored) {
      // Replay from the message's start rebuilds the whole text.
      stored.text = '';
      stored.streaming = true;
      this.current = stored;
    }
    this.running = true;
    this.setStatus('thinking');
  },
  text_delta(data) {
    if (!this.current) this.current = this.push({ kind: 'assistant', text: '', streaming: true, model: this.answerModel });
    this.current.text += data.text;
    this.changed({ updated: this.current });
    if (this.status !== 'responding') this.setStatus('responding');
  },
  tool_use_start(data, event) {
    this.endStreaming();
    if (!this.tool(data.toolCallId)) {
      this.push({ kind: 'tool', id: data.toolCallId, name: data.toolName, status: 'running', startedAt: event.timestamp });
    }
    this.setStatus('executing');
  },
  tool_use_stop(data) {
    const tool = this.tool(data.toolCallId);
    if (tool) {
      tool.input = data.input;
      this.changed({ updated: tool });
    }
  },
  tool_result(data, event) {
    const tool = this.tool(data.toolCallId) || this.push({ kind: 'tool', id: data.toolCallId, name: data.toolName, startedAt: event.timestamp });
    Object.assign(tool, { output: data.result, status: data.isError ? 'error' : 'done', endedAt: event.timestamp });
    this.changed({ updated: tool });
    this.setStatus('thinking');
  },
  message_stop() {
    this.endStreaming();
  },
  usage(data, event) {
    this.usage = { input: data.inputTokens, output: data.outputTokens };
    this.turnUsage.set(event.context?.turnId, this.usage);
    this.changed({ usage: true });
  },
  retrying(data) {
    this.running = true;
    this.retry = { attempt: data.attempt, maxAttempts: data.maxAttempts };
    this.setStatus('retrying');
  },
  error(data) {
    this.endStreaming();
    this.push({ kind: 'error', code: data.code, message: data.message });
    this.setStatus('error');
  },
  interrupted(data) {
    this.endStreaming();
    for (const tool of this.entries.filter((e) => e.kind === 'tool' && e.status === 'running')) tool.status = 'stopped';
    this.push({ kind: 'notice', text: stopNotice(data?.cause || 'user') });
  },
  conversation_end(data, event) {
    this.endStreaming();
    this.running = false;
    const turnId = event.context?.turnId;
    const used = this.turnUsage.get(turnId);
    this.turnUsage.delete(turnId);
    if (used && used.input + used.output > 0) this.push({ kind: 'usage', turnId, input: used.input, output: used.output });
    this.setStatus(data.reason === 'error' ? 'error' : 'idle');
    this.changed({ ended: true });
  },
};

function textOf(content) {
  return typeof content === 'string' ? content : JSON.stringify(content);
}
