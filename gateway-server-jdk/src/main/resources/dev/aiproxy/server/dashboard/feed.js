// The event feed (GET /v0/management/events) read with fetch() so the secret goes in a header; EventSource cannot
// send one. Reconnects by itself with a growing delay, resuming after the last event id it got.
import { headers, session } from './api.js';

const MIN_DELAY = 1000;
const MAX_DELAY = 8000;

export function openFeed(onEvent, onStatus) {
  let lastId = null;
  let attempt = 0;
  let stopped = false;
  let controller = null;
  let timer = null;

  async function connect() {
    controller = new AbortController();
    try {
      const h = headers({ Accept: 'text/event-stream' });
      if (lastId) h['Last-Event-ID'] = lastId;
      const r = await fetch('/v0/management/events', { headers: h, signal: controller.signal, cache: 'no-store' });
      if (r.status === 401) {
        session.onSignOut('The management secret was refused; sign in again.');
        return;
      }
      if (!r.ok) throw new Error(`the feed answered ${r.status}`);
      attempt = 0;
      onStatus({ connected: true });
      await read(r.body);
      throw new Error('the feed ended');
    } catch (e) {
      if (stopped) return;
      const delay = Math.min(MAX_DELAY, MIN_DELAY * 2 ** attempt++);
      onStatus({ connected: false, retryAt: Date.now() + delay, reason: e.message });
      timer = setTimeout(connect, delay);
    }
  }

  async function read(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
        dispatch(block);
      }
    }
  }

  function dispatch(block) {
    let id = null; let type = 'message'; const data = [];
    for (const line of block.split(/\r?\n/)) {
      if (!line || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const name = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (name === 'id') id = value;
      else if (name === 'event') type = value;
      else if (name === 'data') data.push(value);
    }
    if (id) lastId = id;
    if (!data.length) return;
    try {
      onEvent(type, JSON.parse(data.join('\n')));
    } catch (e) {
      console.warn('the dashboard skipped a feed event it could not read', type, e);
    }
  }

  connect();
  return {
    close() {
      stopped = true;
      clearTimeout(timer);
      if (controller) controller.abort();
    },
  };
}
