// The shell: sign-in, the section chosen by the URL's #fragment, and one event feed the sections listen to.
import { api, ApiError, session } from './api.js';
import { openFeed } from './feed.js';
import * as overview from './overview.js';
import * as charts from './charts.js';
import * as providers from './providers.js';
import * as clients from './clients.js';
import * as models from './models.js';
import * as config from './config.js';

const VIEWS = { overview, charts, providers, clients, models, config };
const $ = (id) => document.getElementById(id);

/** Feed events to whichever section listens: listeners.get(type) is a Set of functions. */
const listeners = new Map();
export const bus = {
  on(type, fn) {
    if (!listeners.has(type)) listeners.set(type, new Set());
    listeners.get(type).add(fn);
    return () => listeners.get(type).delete(fn);
  },
  emit(type, data) { (listeners.get(type) || []).forEach((fn) => fn(data)); },
};

let feed = null;
let unmount = null;
let statusTimer = null;

function showLogin(message) {
  if (feed) { feed.close(); feed = null; }
  if (unmount) { unmount(); unmount = null; }
  $('shell').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message || '';
  $('login-secret').value = '';
  $('login-secret').focus();
}

session.onSignOut = (message) => {
  session.secret = null;
  showLogin(message);
};

async function signIn(event) {
  event.preventDefault();
  const secret = $('login-secret').value.trim();
  if (!secret) {
    $('login-error').textContent = 'Enter the management secret.';
    return;
  }
  session.secret = secret;
  try {
    await api.get('/clients');
    start();
  } catch (e) {
    session.secret = null;
    $('login-secret').setAttribute('aria-invalid', 'true');
    $('login-error').textContent = e instanceof ApiError && e.status === 401 ? 'Wrong management secret.'
      : e.status === 429 ? 'Too many wrong secrets from this address: wait a minute and try again.' : e.message;
    $('login-secret').focus();
  }
}

function feedStatus({ connected, retryAt }) {
  const badge = $('feed-status');
  clearInterval(statusTimer);
  if (connected) {
    badge.textContent = 'Live';
    badge.className = 'feed-status live';
    bus.emit('connected', {});
    return;
  }
  const show = () => {
    const s = Math.max(0, Math.ceil((retryAt - Date.now()) / 1000));
    badge.textContent = `Disconnected from the live feed: reconnecting${s ? ` in ${s} s` : '…'}`;
  };
  badge.className = 'feed-status down';
  show();
  statusTimer = setInterval(show, 500);
  bus.emit('disconnected', {});
}

function route() {
  const name = (location.hash.match(/^#\/(\w+)/) || [])[1];
  const view = VIEWS[name] ? name : 'overview';
  if (unmount) unmount();
  document.querySelectorAll('nav a').forEach((a) => {
    if (a.getAttribute('href') === `#/${view}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  const main = $('main');
  main.replaceChildren();
  document.title = `${view[0].toUpperCase()}${view.slice(1)} · AI gateway`;
  unmount = VIEWS[view].mount(main, bus) || null;
}

function start() {
  $('login').hidden = true;
  $('login-secret').removeAttribute('aria-invalid');
  $('shell').hidden = false;
  if (!feed) feed = openFeed((type, data) => bus.emit(type, data), feedStatus);
  route();
  $('main').focus();
}

$('login-form').addEventListener('submit', signIn);
$('logout').addEventListener('click', () => session.onSignOut(''));
window.addEventListener('hashchange', () => { if (!$('shell').hidden) route(); });
if (session.secret) start(); else showLogin('');
