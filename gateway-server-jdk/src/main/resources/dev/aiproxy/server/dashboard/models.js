// Models: the registry as clients see it, aliases, fallback chains and payload rules, through /models.
import { api } from './api.js';
import { clearErrors, el, field, showError } from './format.js';

export function mount(main) {
  const registry = el('section', { class: 'card', 'aria-labelledby': 'models-title' });
  main.append(el('h1', { class: 'visually-hidden', text: 'Models' }), registry, aliasForm(), fallbackForm(),
    payloadForm());

  async function load() {
    const r = await api.get('/models');
    registry.replaceChildren(el('h2', { id: 'models-title', text: 'Models' }), el('div', { class: 'table-wrap' },
      el('table', { id: 'models' },
        el('thead', {}, el('tr', {}, ['Model', 'Served by (in routing order)', 'Fallbacks'].map((h) =>
          el('th', { scope: 'col', text: h })))),
        el('tbody', {}, r.models.map((m) => el('tr', { 'data-model': m.id }, el('td', { text: m.id }),
          el('td', { text: (m.served_by || []).map((s) => `${s.provider || s.id} → ${s.upstream_model}`).join(', ') }),
          el('td', { text: (m.fallbacks || []).join(' → ') || '–' })))))));
  }

  function form(id, title, controls, submit) {
    const saved = el('p', { class: 'ok-text', role: 'status' });
    const f = el('form', { class: 'card', id, novalidate: true }, el('h2', { text: title }), controls,
      el('p', { class: 'error form-error', role: 'alert' }), el('div', { class: 'row' },
        el('button', { type: 'submit' }, 'Save'), saved));
    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(f);
      saved.textContent = '';
      try {
        await submit();
        saved.textContent = 'Saved: live now.';
        await load();
      } catch (err) {
        showError(f, err);
      }
    });
    return f;
  }

  function aliasForm() {
    const provider = el('input', { id: 'alias-provider', autocomplete: 'off' });
    const upstream = el('input', { id: 'alias-upstream', autocomplete: 'off' });
    const alias = el('input', { id: 'alias-name', autocomplete: 'off' });
    return form('alias-form', 'Alias', el('div', { class: 'row' }, field('Provider entry', provider, 'provider'),
      field('Upstream model', upstream, 'upstream_model'), field('Alias (empty: remove)', alias, 'alias')),
    () => api.put('/models/aliases', { provider: provider.value.trim(), upstream_model: upstream.value.trim(),
      alias: alias.value.trim() || null }));
  }

  function fallbackForm() {
    const model = el('input', { id: 'fallback-model', autocomplete: 'off' });
    const chain = el('input', { id: 'fallback-chain', autocomplete: 'off', placeholder: 'gpt, echo' });
    return form('fallback-form', 'Fallbacks', el('div', { class: 'row' }, field('Model', model, 'model'),
      field('Fallbacks, in order, comma-separated (empty: none)', chain, 'fallbacks')),
    () => api.put('/models/fallbacks', { model: model.value.trim(),
      fallbacks: chain.value.split(',').map((s) => s.trim()).filter(Boolean) }));
  }

  function payloadForm() {
    // read-only until the rules are read, so that what is typed is not replaced by them
    const text = el('textarea', { id: 'payload-rules', rows: 8, spellcheck: 'false', readonly: true });
    api.get('/models/payload').then((r) => {
      text.value = r.payload ? JSON.stringify(r.payload, null, 2) : '';
      text.readOnly = false;
    }).catch((e) => { text.value = ''; text.placeholder = e.message; });
    return form('payload-form', 'Payload rules', field('The payload section as JSON (empty: none)', text, 'payload',
      'default, default-raw, override, override-raw, filter: see docs/configuration.md'), async () => {
      if (text.readOnly) throw new Error('The payload rules have not been read yet; open this page again.');
      let payload = null;
      if (text.value.trim()) {
        try {
          payload = JSON.parse(text.value);
        } catch (e) {
          throw Object.assign(new Error(`not JSON: ${e.message}`), { param: 'payload' });
        }
      }
      await api.put('/models/payload', { payload });
    });
  }

  load().catch((e) => registry.replaceChildren(el('p', { class: 'error', text: e.message })));
}
