// Live cards from the feed's stats events (cost today against the gateway's budget from /budgets), and the recent
// requests, live from its request events.
import { api } from './api.js';
import { el, ms, num, pct, spentOf, time, usd } from './format.js';

const KEPT = 500;      // requests kept in memory
const SHOWN = 100;     // rows in the table
const REDRAW_MS = 250; // at most four redraws a second, however many requests arrive

const CARDS = [
  ['rps', 'Requests per second', (s) => num(s.requests_per_second, 1)],
  ['errors', 'Error rate', (s) => pct(s.error_rate)],
  ['p50', 'Latency p50', (s) => ms(s.p50_ms)],
  ['p95', 'Latency p95', (s) => ms(s.p95_ms)],
  ['tpm', 'Tokens per minute', (s) => num(s.tokens_per_minute)],
  ['cost', 'Cost today', (s) => usd(s.cost_today_usd)],
  ['inflight', 'In flight', (s) => num(s.in_flight)],
];
const FILTERS = [['provider', 'Provider'], ['model', 'Model'], ['client', 'Client'], ['status', 'Status']];

export function mount(main, bus) {
  const values = {};
  const cards = el('section', { class: 'cards', 'aria-label': 'Live figures' }, CARDS.map(([id, label]) => {
    values[id] = el('div', { class: 'value', id: `card-${id}`, text: '–' });
    return el('div', { class: 'stat' }, el('div', { class: 'label', text: label }), values[id]);
  }));
  const budgetBox = el('div', { class: 'sub', id: 'card-cost-budget' });
  values.cost.after(budgetBox);

  const selects = {};
  const filters = el('div', { class: 'filters' }, FILTERS.map(([key, label]) => {
    selects[key] = el('select', { id: `filter-${key}`, onchange: () => refill() },
      el('option', { value: '', text: 'All' }));
    if (key === 'status') {
      for (const c of ['2xx', '4xx', '5xx']) selects.status.append(el('option', { value: c, text: c }));
    }
    return el('div', { class: 'field' }, el('label', { for: `filter-${key}`, text: label }), selects[key]);
  }), el('p', { class: 'muted', id: 'requests-count' }));

  const tbody = el('tbody', { id: 'requests-body' });
  const table = el('table', { id: 'requests' },
    el('caption', { class: 'muted', text: 'Newest first; the latest 100 that match the filters.' }),
    el('thead', {}, el('tr', {}, ['Time', 'Client', 'Model asked', 'Served by', 'Status', 'Latency', 'Tokens',
      'Cost'].map((h, i) => el('th', { scope: 'col', class: i >= 5 ? 'num' : null, text: h })))),
    tbody);
  const notice = el('p', { class: 'error', role: 'alert' });
  main.append(el('h1', { class: 'visually-hidden', text: 'Overview' }), cards,
    el('section', { class: 'card', 'aria-labelledby': 'requests-title' },
      el('h2', { id: 'requests-title', text: 'Recent requests' }), filters, notice,
      el('div', { class: 'table-wrap' }, table)));

  let rows = [];
  const seen = new Set();
  const known = { provider: new Set(), model: new Set(), client: new Set(), status: new Set() };
  let dirty = true;

  function add(r, atTop) {
    if (seen.has(r.id)) return;
    seen.add(r.id);
    if (atTop) rows.unshift(r); else rows.push(r);
    for (const [key, value] of [['provider', r.served && r.served.provider], ['model', r.model],
      ['client', r.client], ['status', r.status && String(r.status)]]) {
      if (value && !known[key].has(value)) {
        known[key].add(value);
        selects[key].append(el('option', { value, text: value }));
      }
    }
    if (rows.length > KEPT) rows.splice(KEPT).forEach((x) => seen.delete(x.id));
    dirty = true;
  }

  function matches(r) {
    const f = Object.fromEntries(FILTERS.map(([k]) => [k, selects[k].value]));
    if (f.provider && (!r.served || r.served.provider !== f.provider)) return false;
    if (f.model && r.model !== f.model) return false;
    if (f.client && r.client !== f.client) return false;
    if (f.status) {
      if (/^\dxx$/.test(f.status) ? String(r.status)[0] !== f.status[0] : String(r.status) !== f.status) return false;
    }
    return true;
  }

  function row(r) {
    const served = r.served ? `${r.served.provider} / ${r.served.upstream_model}` : '–';
    const tokens = r.tokens ? r.tokens.input + r.tokens.output : null;
    return el('tr', { 'data-id': r.id },
      el('td', { text: time(r.time) }), el('td', { text: r.client || '–' }), el('td', { text: r.model || '–' }),
      el('td', { text: served }),
      el('td', { class: `status-${String(r.status)[0]}`, text: String(r.status) }),
      el('td', { class: 'num', text: ms(r.duration_ms) }), el('td', { class: 'num', text: num(tokens) }),
      el('td', { class: 'num', text: usd(r.cost_usd) }));
  }

  function draw() {
    if (!dirty) return;
    dirty = false;
    const shown = rows.filter(matches).slice(0, SHOWN);
    tbody.replaceChildren(...shown.map(row));
    document.getElementById('requests-count').textContent = shown.length
      ? `${shown.length} shown` : 'No requests yet that match.';
  }

  /** The request log's latest that match the filters, merged with what the feed brought. */
  async function refill() {
    dirty = true;
    const q = new URLSearchParams({ limit: String(SHOWN) });
    for (const k of ['provider', 'model', 'client']) if (selects[k].value) q.set(k, selects[k].value);
    if (/^\d{3}$/.test(selects.status.value)) q.set('status', selects.status.value);
    try {
      const page = await api.get(`/requests?${q}`);
      notice.textContent = '';
      page.requests.forEach((r) => add(r, false));
      rows.sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
      dirty = true;
    } catch (e) {
      notice.textContent = e.status === 503 ? 'The usage store is off: only requests from now on are listed.'
        : e.message;
    }
  }

  let budgets = null; // GET /budgets as last read
  let lastStats = null;
  let reading = false;

  async function readBudgets() {
    if (reading) return;
    reading = true;
    try {
      budgets = await api.get('/budgets');
    } catch (e) {
      budgets = null;
    } finally {
      reading = false;
    }
    drawBudget();
  }

  /**
   * The gateway's budget under the cost card. Spend today is the stats event's, live; spend this month is what
   * /budgets said plus what today's grew by since (both come from the ledger that enforces the budget).
   */
  function drawBudget() {
    const g = budgets && budgets.gateway;
    if (!g || (g.daily_usd === null && g.monthly_usd === null)) {
      budgetBox.replaceChildren();
      return;
    }
    const live = lastStats && lastStats.time && lastStats.time.slice(0, 10) === budgets.day;
    if (lastStats && lastStats.time && !live) readBudgets(); // a new UTC day: read the new figures
    const today = live ? lastStats.cost_today_usd : g.spent_today_usd;
    const month = Math.round((g.spent_this_month_usd + today - g.spent_today_usd) * 1e9) / 1e9;
    budgetBox.replaceChildren(
      g.daily_usd === null ? null
        : spentOf(today, g.daily_usd, 'Gateway\'s daily budget used', { period: ' today', sum: false }),
      g.monthly_usd === null ? null
        : spentOf(month, g.monthly_usd, 'Gateway\'s monthly budget used', { period: ' this month' }));
  }

  function stats(s) {
    for (const [id, , render] of CARDS) values[id].textContent = render(s);
    lastStats = s;
    drawBudget();
  }

  function stateChanged(change) {
    if (change.change === 'config_reloaded') readBudgets();
  }

  const timer = setInterval(draw, REDRAW_MS);
  const off = [bus.on('stats', stats), bus.on('request', (r) => add(r, true)), bus.on('state', stateChanged),
    bus.on('connected', () => { refill(); readBudgets(); })];
  refill();
  readBudgets();
  return () => { clearInterval(timer); off.forEach((f) => f()); };
}
