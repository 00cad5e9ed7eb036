// Clients: what each spent against its budgets, and every setting of one, changed live through /clients.
import { api, seg } from './api.js';
import { clearErrors, el, field, num, showError, spentOf } from './format.js';

const KEY_TYPES = [['sk-', 'sk- (OpenAI style)'], ['sk-ant-', 'sk-ant- (Anthropic style)'], ['gm_', 'gm_ (gateway)']];

export function mount(main) {
  const list = el('section', { class: 'card', 'aria-labelledby': 'clients-title' });
  const once = el('section', { class: 'card key-once', id: 'key-once', hidden: true, 'aria-live': 'polite' });
  const editor = el('section', { class: 'card', id: 'client-editor', hidden: true });
  main.append(el('h1', { class: 'visually-hidden', text: 'Clients' }), once, createForm(), list, editor);
  let models = [];

  async function load() {
    const [clients, registry, budgets] = await Promise.all([api.get('/clients'), api.get('/models'),
      api.get('/budgets').catch(() => ({ clients: [] }))]);
    models = registry.models;
    const spent = Object.fromEntries(budgets.clients.map((b) => [b.name, b]));
    list.replaceChildren(el('h2', { id: 'clients-title', text: 'Clients' }), el('div', { class: 'table-wrap' },
      el('table', { id: 'clients' },
        el('thead', {}, el('tr', {}, ['Name', 'Key', 'Models', 'Today', 'This month', 'Limits', ''].map((h) =>
          el('th', { scope: 'col', text: h })))),
        el('tbody', {}, clients.map((c) => row(c, spent[c.name] || {}))))));
  }

  function row(c, spent) {
    return el('tr', { 'data-client': c.name },
      el('td', { text: c.name }), el('td', {}, el('code', { text: c.key_fingerprint || '–' })),
      el('td', { text: c.allowed_models ? c.allowed_models.join(', ') || 'none' : 'all' }),
      el('td', {}, spentOf(spent.spent_today_usd, c.daily_usd, `${c.name}: daily budget used`)),
      el('td', {}, spentOf(spent.spent_this_month_usd, c.monthly_usd, `${c.name}: monthly budget used`)),
      el('td', { text: limits(c) }),
      el('td', {}, c.defined_in === 'api-keys' || c.defined_in === 'code'
        ? el('span', { class: 'muted', text: c.defined_in === 'code' ? 'set in code' : 'plain api-keys entry' })
        : el('button', { type: 'button', class: 'secondary', 'aria-label': `Edit ${c.name}`,
          onclick: () => edit(c) }, 'Edit')));
  }

  function showKey(name, key) {
    const shown = el('code', { id: 'new-key', text: key });
    const copy = el('button', { type: 'button', id: 'copy-key' }, 'Copy');
    const status = el('span', { class: 'muted', role: 'status', id: 'copy-status' });
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(key);
        status.textContent = 'Copied.';
      } catch (e) {
        // no clipboard for this page (a plain-http address beyond loopback, or a browser that refuses): the key is
        // selected instead, so that one keystroke copies it
        window.getSelection().selectAllChildren(shown);
        status.textContent = 'This browser does not let the page copy: the key is selected, press Ctrl+C (⌘C).';
      }
    });
    once.replaceChildren(el('h2', { text: `The key of ${name}` }),
      el('p', { text: 'Shown this once: only its hash is kept. Copy it now.' }),
      el('p', {}, shown),
      el('div', { class: 'row' }, copy, status,
        el('button', { type: 'button', class: 'secondary', onclick: () => { once.hidden = true; } }, 'Done')));
    once.hidden = false;
    copy.focus();
  }

  function createForm() {
    const name = el('input', { id: 'new-client-name', autocomplete: 'off', required: true });
    const type = el('select', { id: 'new-client-type' }, KEY_TYPES.map(([v, t]) => el('option', { value: v, text: t })));
    const form = el('form', { class: 'card', id: 'new-client', 'aria-labelledby': 'new-client-title' },
      el('h2', { id: 'new-client-title', text: 'New client' }),
      el('div', { class: 'row' }, field('Name', name, 'name'), field('Key type', type, 'key_type'),
        el('button', { type: 'submit' }, 'Create')), el('p', { class: 'error form-error', role: 'alert' }));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      try {
        const made = await api.post('/clients', { name: name.value.trim(), key_type: type.value });
        name.value = '';
        showKey(made.name, made.key);
        await load();
      } catch (err) {
        showError(form, err);
      }
    });
    return form;
  }

  function edit(c) {
    const allowed = c.allowed_models;
    const all = el('input', { type: 'checkbox', id: 'model-all', value: '*' });
    all.checked = !allowed || allowed.includes('*');
    const boxes = models.map((m, i) => {
      const box = el('input', { type: 'checkbox', id: `model-${i}`, value: m.id });
      box.checked = all.checked || (allowed || []).includes(m.id);
      return el('label', { for: box.id }, box, ` ${m.id}`);
    });
    const globs = (allowed || []).filter((m) => m !== '*' && !models.some((x) => x.id === m));
    const extra = el('input', { id: 'model-globs', value: globs.join(', '), placeholder: 'gpt-4o*, claude-*' });
    const setAll = (on) => { all.checked = on; boxes.forEach((b) => { b.firstChild.checked = on; }); if (!on) extra.value = ''; };
    const modelsField = el('fieldset', { 'data-param': 'allowed_models', id: 'allowed-models' },
      el('legend', { text: 'Allowed models' }),
      el('div', { class: 'row' },
        el('button', { type: 'button', class: 'secondary', id: 'allow-all', onclick: () => setAll(true) }, 'Allow all'),
        el('button', { type: 'button', class: 'secondary', id: 'clear-all', onclick: () => setAll(false) }, 'Clear all')),
      el('div', { class: 'models-list' }, el('label', { for: 'model-all' }, all, ' every model (*)'), boxes),
      field('More names or globs, comma-separated', extra),
      el('p', { class: 'error', id: 'allowed-models-error', role: 'alert' }));
    const prompt = el('textarea', { id: 'client-prompt', rows: 3 });
    prompt.value = c.system_prompt ? c.system_prompt.text : '';
    const mode = el('select', { id: 'client-prompt-mode' }, el('option', { value: 'prepend', text: 'before the client\'s own' }),
      el('option', { value: 'replace', text: 'instead of the client\'s own' }));
    mode.value = c.system_prompt ? c.system_prompt.mode : 'prepend';
    const providers = [...new Set(models.flatMap((m) => (m.served_by || []).map((s) => s.provider).concat(m.provider || [])))];
    const provider = el('input', { id: 'client-provider', list: 'provider-names', value: c.provider || '' });
    const input = (id, value, attrs = {}) => el('input', { id, value: value ?? '', ...attrs });
    const baseUrl = input('client-base-url', c.base_url, { type: 'url', placeholder: 'https://…' });
    const rpm = input('client-rpm', c.requests_per_minute || '', { type: 'number', min: 0, step: 1 });
    const tpm = input('client-tpm', c.tokens_per_minute || '', { type: 'number', min: 0, step: 1 });
    const daily = input('client-daily', c.daily_usd ?? '', { type: 'number', min: 0, step: 'any' });
    const monthly = input('client-monthly', c.monthly_usd ?? '', { type: 'number', min: 0, step: 'any' });
    const saved = el('p', { class: 'ok-text', role: 'status' });
    const form = el('form', { id: 'client-form', novalidate: true }, el('h2', { text: `Client ${c.name}` }),
      el('p', { class: 'muted', text: `Defined in the ${c.defined_in.replace('-', ' ')}. Key ${c.key_fingerprint}.` }),
      modelsField,
      el('div', { class: 'grid2' }, field('System prompt', prompt, 'system_prompt'), field('Prompt goes', mode),
        field('Pinned provider', provider, 'provider', 'empty: routing chooses'),
        el('datalist', { id: 'provider-names' }, providers.map((p) => el('option', { value: p }))),
        field('Base URL', baseUrl, 'base_url'),
        field('Requests per minute', rpm, 'requests_per_minute', 'empty or 0: no limit'),
        field('Tokens per minute', tpm, 'tokens_per_minute', 'empty or 0: no limit'),
        field('Daily budget (USD)', daily, 'daily_usd'), field('Monthly budget (USD)', monthly, 'monthly_usd')),
      el('p', { class: 'error form-error', role: 'alert' }),
      el('div', { class: 'row' }, el('button', { type: 'submit' }, 'Save'), saved));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      saved.textContent = '';
      const chosen = boxes.map((b) => b.firstChild).filter((b) => b.checked).map((b) => b.value);
      const more = extra.value.split(',').map((s) => s.trim()).filter(Boolean);
      const numberOrNull = (x) => (x.value.trim() === '' ? null : Number(x.value));
      const patch = {
        allowed_models: all.checked ? ['*'] : [...chosen, ...more],
        system_prompt: prompt.value.trim() ? { mode: mode.value, text: prompt.value } : null,
        provider: provider.value.trim() || null,
        base_url: baseUrl.value.trim() || null,
        requests_per_minute: numberOrNull(rpm),
        tokens_per_minute: numberOrNull(tpm),
        daily_usd: numberOrNull(daily),
        monthly_usd: numberOrNull(monthly),
      };
      try {
        const now = await api.patch(`/clients/${seg(c.name)}`, patch);
        saved.textContent = 'Saved: live now.';
        Object.assign(c, now);
        await load();
      } catch (err) {
        showError(form, err);
      }
    });

    const keyType = el('select', { id: 'regenerate-type' }, KEY_TYPES.map(([v, t]) => el('option', { value: v, text: t })));
    const keyError = el('p', { class: 'error', role: 'alert' });
    const regenerate = el('button', { type: 'button', id: 'regenerate' }, 'Regenerate key');
    regenerate.addEventListener('click', async () => {
      keyError.textContent = '';
      if (!window.confirm(`Give ${c.name} a new key? Its current key stops working at once.`)) return;
      try {
        const made = await api.post(`/clients/${seg(c.name)}/key`, { key_type: keyType.value });
        showKey(c.name, made.key);
        await load();
      } catch (err) {
        keyError.textContent = err.message;
      }
    });
    const remove = el('button', { type: 'button', class: 'danger', id: 'delete-client' }, `Delete ${c.name}`);
    remove.addEventListener('click', async () => {
      if (!window.confirm(`Delete the client ${c.name}? Its key is refused at once.`)) return;
      try {
        await api.del(`/clients/${seg(c.name)}`);
        editor.hidden = true;
        await load();
      } catch (err) {
        keyError.textContent = err.message;
      }
    });
    editor.replaceChildren(form, el('hr'), el('div', { class: 'row' }, field('New key\'s type', keyType), regenerate,
      remove), keyError);
    editor.hidden = false;
    editor.querySelector('#allow-all').focus();
  }

  load().catch((e) => list.replaceChildren(el('p', { class: 'error', text: e.message })));
}

function limits(c) {
  const parts = [];
  if (c.requests_per_minute) parts.push(`${num(c.requests_per_minute)} req/min`);
  if (c.tokens_per_minute) parts.push(`${num(c.tokens_per_minute)} tok/min`);
  return parts.join(', ') || 'none';
}
