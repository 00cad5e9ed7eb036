// The config file as a whole (GET and PUT /config with If-Match): secrets come redacted and stay as they are.
import { request } from './api.js';
import { el, field } from './format.js';

export function mount(main) {
  const text = el('textarea', { id: 'config-text', rows: 24, spellcheck: 'false' });
  text.dataset.param = 'config';
  const error = el('p', { class: 'error', role: 'alert', id: 'config-error' });
  const saved = el('p', { class: 'ok-text', role: 'status' });
  const reload = el('button', { type: 'button', class: 'secondary', id: 'config-reload' }, 'Reload the file');
  let etag = null;
  const form = el('form', { class: 'card', id: 'config-form', novalidate: true },
    el('h1', { text: 'Config file' }),
    el('p', { class: 'muted', text: 'Secrets show as "<redacted>" and are kept when saved. Saving validates the file '
      + 'as a reload does and makes it live.' }),
    field('The config file (YAML)', text), error,
    el('div', { class: 'row' }, el('button', { type: 'submit' }, 'Save'), reload, saved));
  main.append(form);

  async function load() {
    error.textContent = '';
    saved.textContent = '';
    text.removeAttribute('aria-invalid');
    try {
      const r = await request('GET', '/config');
      etag = r.headers.get('ETag');
      text.value = r.body;
    } catch (e) {
      text.value = '';
      error.textContent = e.status === 409 ? 'This gateway has no config file it watches: there is nothing to edit.'
        : e.message;
    }
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    saved.textContent = '';
    text.removeAttribute('aria-invalid');
    try {
      const r = await request('PUT', '/config', text.value, { 'Content-Type': 'application/yaml', 'If-Match': etag });
      etag = r.headers.get('ETag');
      saved.textContent = 'Saved: live now.';
    } catch (err) {
      text.setAttribute('aria-invalid', 'true');
      error.textContent = err.status === 412
        ? 'Someone else changed the file since you loaded it, so it was not saved. Reload the file and make your '
          + 'change again.' : err.message;
      if (err.status === 412) reload.focus();
    }
  });
  reload.addEventListener('click', load);
  load();
}
