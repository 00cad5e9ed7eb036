// Small helpers shared by the views: numbers, times, elements, field errors.
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c);
  return e;
}

export const num = (n, digits = 0) => n === null || n === undefined ? '–'
  : Number(n).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
export const ms = (n) => n === null || n === undefined ? '–' : n >= 1000 ? `${num(n / 1000, 2)} s` : `${num(n, 0)} ms`;
export const pct = (n) => n === null || n === undefined ? '–' : `${num(n * 100, 1)} %`;
export const usd = (n) => n === null || n === undefined ? '–'
  : n === 0 ? '$0' : n < 0.01 ? `$${Number(n).toPrecision(2)}` : `$${num(n, 2)}`;
export const time = (iso) => iso ? new Date(iso).toLocaleTimeString('en-GB', { hour12: false }) : '–';

/**
 * What was spent against a limit: "$1.20 of $5.00" (and `period`) and a bar, a meter named by `label`; only the sum
 * when there is no limit. `sum: false` leaves the sum out of the text, where it is shown beside it already.
 */
export function spentOf(spent, limit, label, { period = '', sum = true } = {}) {
  const cost = spent || 0;
  if (limit === null || limit === undefined) return el('span', { text: usd(cost) });
  const share = limit > 0 ? cost / limit : 1;
  const text = `${usd(cost)} of ${usd(limit)}${period}`;
  const bar = el('div', { class: `bar${share >= 1 ? ' over' : share >= 0.8 ? ' high' : ''}`, role: 'meter',
    'aria-valuemin': 0, 'aria-valuemax': limit, 'aria-valuenow': cost, 'aria-valuetext': text, 'aria-label': label },
  el('span'));
  bar.firstChild.style.width = `${Math.min(100, share * 100)}%`;
  return el('div', { class: 'spent' }, el('span', { text: sum ? text : `of ${usd(limit)}${period}` }), bar);
}

/** Seconds left until an ISO time, as "1 m 05 s". */
export function countdown(iso) {
  if (!iso) return 'until the config changes';
  const s = Math.max(0, Math.round((Date.parse(iso) - Date.now()) / 1000));
  return s >= 60 ? `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

let ids = 0;
/** A labelled field: label, control and the place for its error; the control is found by its API param. */
export function field(labelText, control, param, hint) {
  const id = control.id || `f${++ids}`;
  control.id = id;
  const error = el('p', { class: 'error', id: `${id}-error`, role: 'alert' });
  control.setAttribute('aria-describedby', error.id);
  if (param) control.dataset.param = param;
  return el('div', { class: 'field' }, el('label', { for: id, text: labelText }), control,
    hint ? el('span', { class: 'muted', text: hint }) : null, error);
}

/** Clears the errors of a form. */
export function clearErrors(form) {
  form.querySelectorAll('[aria-invalid]').forEach((c) => c.removeAttribute('aria-invalid'));
  form.querySelectorAll('.error').forEach((e) => { e.textContent = ''; });
}

/** Shows an API error next to the control its param names (the longest match), else in the form's own place. */
export function showError(form, error, fallback) {
  let target = null;
  if (error.param) {
    for (const c of form.querySelectorAll('[data-param]')) {
      const p = c.dataset.param;
      if ((error.param === p || error.param.startsWith(p + '.') || error.param.startsWith(p + '['))
          && (!target || p.length > target.dataset.param.length)) target = c;
    }
  }
  if (target) {
    target.setAttribute('aria-invalid', 'true');
    document.getElementById(`${target.id}-error`).textContent = error.message;
    target.focus();
  } else {
    (fallback || form.querySelector('.form-error')).textContent = error.message;
  }
}
