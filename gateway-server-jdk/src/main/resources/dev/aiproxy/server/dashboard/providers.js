// Providers and their keys: health, cooldowns counting down, recent error rate; add, disable, enable, remove a key,
// clear a cooldown. Keys are only ever shown masked, as the API answers them.
import { api, seg } from './api.js';
import { clearErrors, countdown, el, field, ms, pct, showError } from './format.js';

export function mount(main, bus) {
  const summary = el('section', { class: 'card', 'aria-labelledby': 'health-title' });
  const box = el('div', { id: 'providers', class: 'grid-providers' });
  main.append(el('h1', { class: 'visually-hidden', text: 'Providers' }), summary, box);
  let ticks = [];

  async function load() {
    let health;
    try {
      health = await api.get('/health');
    } catch (e) {
      summary.replaceChildren(el('p', { class: 'error', text: e.message }));
      return;
    }
    const down = health.unavailable_models || [];
    summary.replaceChildren(el('h2', { id: 'health-title', text: 'Health' }),
      el('p', {}, el('span', { class: `pill ${health.status}`, text: health.status }),
        down.length ? ` Models no key can serve: ${down.join(', ')}` : ' Every model has a key that can serve it.'));
    const focused = document.activeElement && document.activeElement.id;
    ticks = [];
    box.replaceChildren(...health.providers.map(provider));
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
  }

  function provider(p) {
    const keys = el('tbody', {}, (p.keys || []).map((k) => key(p, k)));
    const apiKey = el('input', { id: `add-key-${p.name}`, type: 'password', autocomplete: 'off' });
    const weight = el('input', { id: `add-weight-${p.name}`, type: 'number', min: 0, step: 1 });
    const form = el('form', { class: 'row', 'aria-label': `Add a key to ${p.name}` },
      field('New key', apiKey, 'api_key'), field('Weight', weight, 'weight'),
      el('button', { type: 'submit' }, 'Add key'), el('p', { class: 'error form-error', role: 'alert' }));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      const body = { api_key: apiKey.value.trim() };
      if (weight.value) body.weight = Number(weight.value);
      try {
        await api.post(`/providers/${seg(p.name)}/keys`, body);
        await load();
      } catch (err) {
        showError(form, err);
      }
    });
    return el('section', { class: 'card', 'data-provider': p.name, 'aria-label': `Provider ${p.name}` },
      el('h2', {}, `${p.name} `, el('span', { class: 'muted', text: p.type }), ' ',
        el('span', { class: `pill ${p.health}`, text: p.health })),
      el('div', { class: 'table-wrap' }, el('table', {},
        el('thead', {}, el('tr', {}, ['Key', 'State', 'Health', 'Cooldown', 'Errors (5 min)', 'Latency', 'Weight', '']
          .map((h) => el('th', { scope: 'col', text: h })))), keys)),
      p.type === 'echo' ? null : form);
  }

  function key(p, k) {
    const id = k.fingerprint || k.id;
    const path = `/providers/${seg(p.name)}/keys/${seg(id)}`;
    const act = (label, fn, cls = 'secondary') => el('button', { type: 'button', class: cls,
      id: `${label.toLowerCase().replace(/\W+/g, '-')}-${id}`, 'aria-label': `${label} ${k.masked_key || k.id}`,
      onclick: async () => {
        try { await fn(); await load(); } catch (e) { error.textContent = e.message; }
      } }, label);
    const error = el('span', { class: 'error', role: 'alert' });
    const cooldowns = el('td', { class: 'cooldowns' });
    const tick = () => {
      cooldowns.textContent = (k.cooldowns || []).map((c) => `${c.model || 'every model'}: ${c.reason}, `
        + `${countdown(c.until)}`).join('; ') || '–';
    };
    tick();
    ticks.push(tick);
    const t = k.traffic || {};
    return el('tr', { 'data-key': id },
      el('td', {}, k.masked_key ? [`${k.id} `, el('code', { text: k.masked_key })] : el('code', { text: k.id })),
      el('td', { class: k.state, text: k.state }), el('td', { class: k.health || '', text: k.health || '–' }),
      cooldowns,
      el('td', { class: 'num', text: t.successes + t.failures ? `${pct(t.error_rate)} of ${t.successes + t.failures}` : '–' }),
      el('td', { class: 'num', text: ms(t.mean_latency_ms) }),
      el('td', { class: 'num', text: k.weight ?? '–' }),
      el('td', {}, el('div', { class: 'row' },
        k.fingerprint && k.state !== 'disabled' ? act('Disable', () => api.patch(path, { disabled: true })) : null,
        k.fingerprint && k.state === 'disabled' ? act('Enable', () => api.patch(path, { disabled: false })) : null,
        (k.cooldowns || []).length ? act('Clear cooldown', () => api.del(`${path}/cooldown`)) : null,
        k.fingerprint ? act('Remove', async () => {
          if (window.confirm(`Remove the key ${k.masked_key} from ${p.name}? It is deleted from the config file.`)) {
            await api.del(path);
          }
        }, 'danger') : null, error)));
  }

  const ticker = setInterval(() => ticks.forEach((t) => t()), 1000);
  const refresh = setInterval(load, 10000);
  const offState = bus.on('state', () => load());
  load();
  return () => { clearInterval(ticker); clearInterval(refresh); offState(); };
}
