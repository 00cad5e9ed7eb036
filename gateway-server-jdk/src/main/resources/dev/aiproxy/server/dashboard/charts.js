// Charts per model or per provider over the last hour, day or week: the day and the week per hour from the usage
// store's totals (GET /usage by hour, mean latency included), the last hour per minute from the request log
// (GET /requests).
import { api } from './api.js';
import { el, field, num, usd } from './format.js';

const RANGES = { hour: { from: '1h', step: 60 }, day: { from: '24h', step: 3600 }, week: { from: '7d', step: 3600 } };
const METRICS = {
  requests: 'Requests',
  tokens: 'Tokens (input + output)',
  cost: 'Cost (US dollars)',
  latency: 'Mean latency (ms)',
};
const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d'];

export function mount(main) {
  const range = el('select', { id: 'chart-range' }, Object.keys(RANGES).map((r) =>
    el('option', { value: r, text: `Last ${r}` })));
  const group = el('select', { id: 'chart-group' }, el('option', { value: 'model', text: 'Per model' }),
    el('option', { value: 'provider', text: 'Per provider' }));
  const note = el('p', { class: 'muted', role: 'status' });
  const box = el('div', { class: 'grid2' });
  main.append(el('section', { class: 'card' }, el('h1', { class: 'visually-hidden', text: 'Charts' }),
    el('div', { class: 'filters' }, field('Range', range), field('Group', group)), note), box);
  let plots = [];
  const resize = () => plots.forEach((p) => p.setSize(size(p.root.parentElement)));
  window.addEventListener('resize', resize);

  async function draw() {
    plots.forEach((p) => p.destroy());
    plots = [];
    box.replaceChildren();
    note.textContent = 'Loading…';
    try {
      const data = await load(range.value, group.value);
      note.textContent = data.note;
      for (const [metric, title] of Object.entries(METRICS)) {
        const holder = el('div', { class: 'card chart', role: 'img', 'aria-label': `${title}, ${group.value}` },
          el('h2', { text: title }));
        box.append(holder);
        const series = data.series[metric];
        if (!series || !series.names.length) {
          holder.append(el('p', { class: 'muted', text: 'No requests in this range.' }));
          continue;
        }
        plots.push(new window.uPlot({
          ...size(holder),
          series: [{}, ...series.names.map((name, i) => ({ label: name, stroke: COLORS[i % COLORS.length],
            width: 2, spanGaps: true }))],
          axes: [{ stroke: axisColor() }, { stroke: axisColor(), size: 60,
            values: (u, ticks) => ticks.map((v) => (metric === 'cost' ? usd(v) : num(v, 1))) }],
        }, [data.times, ...series.values], holder));
      }
    } catch (e) {
      note.textContent = e.status === 503 ? 'The usage store is off (usage.store: none): there is nothing to chart.'
        : e.message;
    }
  }
  range.addEventListener('change', draw);
  group.addEventListener('change', draw);
  draw();
  return () => { window.removeEventListener('resize', resize); plots.forEach((p) => p.destroy()); };
}

function size(holder) {
  return { width: Math.max(240, holder.clientWidth - 32), height: 200 };
}

function axisColor() {
  return getComputedStyle(document.documentElement).getPropertyValue('--muted').trim() || '#888';
}

/** The points for each metric: {times, note, series: {metric: {names, values: [[...per name]]}}}. */
async function load(rangeName, by) {
  const { from, step } = RANGES[rangeName];
  const now = Math.floor(Date.now() / 1000);
  const start = Math.floor((now - parseSpan(from)) / step) * step;
  const times = [];
  for (let t = start; t <= now; t += step) times.push(t);
  const index = (iso) => Math.floor((Date.parse(iso) / 1000 - start) / step);
  const out = { requests: new Map(), tokens: new Map(), cost: new Map(), latency: new Map() };
  const cell = (metric, name) => {
    // a minute or hour without requests is 0 of them; without a latency it is a gap
    if (!out[metric].has(name)) out[metric].set(name, times.map(() => (metric === 'latency' ? null : 0)));
    return out[metric].get(name);
  };
  const addTo = (metric, name, i, v) => {
    if (i < 0 || i >= times.length) return;
    const c = cell(metric, name);
    c[i] = (c[i] || 0) + v;
  };
  let sampled = '';
  if (rangeName === 'hour') {
    const log = await api.get(`/requests?from=${from}&limit=1000`);
    const latencyCount = new Map();
    for (const r of log.requests) {
      const name = (by === 'model' ? r.model : r.served && r.served.provider) || 'none';
      const i = index(r.time);
      addTo('requests', name, i, 1);
      addTo('tokens', name, i, r.tokens ? r.tokens.input + r.tokens.output : 0);
      addTo('cost', name, i, r.cost_usd || 0);
      addTo('latency', name, i, r.duration_ms || 0);
      const n = latencyCount.get(name) || times.map(() => 0);
      if (i >= 0 && i < times.length) n[i] += 1;
      latencyCount.set(name, n);
    }
    for (const [name, values] of out.latency) {
      const n = latencyCount.get(name);
      out.latency.set(name, values.map((v, i) => (v === null ? null : v / n[i])));
    }
    if (log.next) sampled = ' The latest 1,000 requests of the hour.';
  } else {
    const usage = await api.get(`/usage?from=${from}&by=hour,${by}`);
    for (const row of usage.rows) {
      const name = row[by] || 'none';
      const i = index(row.period);
      addTo('requests', name, i, row.requests);
      addTo('tokens', name, i, row.input_tokens + row.output_tokens);
      addTo('cost', name, i, row.cost_usd);
      // one row per hour and name: its mean is the point
      addTo('latency', name, i, row.mean_latency_ms);
    }
  }
  const series = {};
  for (const [metric, map] of Object.entries(out)) {
    series[metric] = { names: [...map.keys()], values: [...map.values()] };
  }
  return { times, series, note: `${rangeName === 'hour' ? 'Per minute' : 'Per hour'}, times in your time zone.${sampled}` };
}

function parseSpan(s) {
  const n = parseInt(s, 10);
  return n * { h: 3600, d: 86400 }[s.slice(-1)];
}
