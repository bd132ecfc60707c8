// The console's shell: one view at a time (chosen by the URL's #fragment), the API key field.
import { get, getKey, setKey } from './api.js';
import { announce } from './dom.js';
import { zonesView } from './zones.js';
import { poolsView } from './pools.js';
import { eventsView } from './events.js';
import { explainView } from './explain.js';
import { statsView } from './stats.js';
import { reportsView } from './reports.js';

const views = { zones: zonesView, pools: poolsView, events: eventsView, explain: explainView, stats: statsView, reports: reportsView };
const mounted = new Set();
let current = null;

function show(name, moveFocus) {
  if (!views[name]) name = 'zones';
  if (current === name) return;
  if (current) {
    views[current].stop?.();
    document.getElementById(`view-${current}`).hidden = true;
  }
  current = name;
  const section = document.getElementById(`view-${name}`);
  section.hidden = false;
  if (!mounted.has(name)) {
    views[name].mount(document.getElementById(`${name}-root`));
    mounted.add(name);
  }
  views[name].start?.();
  for (const link of document.querySelectorAll('nav a[data-view]')) {
    if (link.dataset.view === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${section.querySelector('h1').textContent} · dnsserver console`;
  if (moveFocus) section.querySelector('h1').focus();
}

function setUpKey() {
  const form = document.getElementById('key-form');
  const input = document.getElementById('api-key');
  input.value = getKey();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setKey(input.value.trim());
    announce(input.value.trim() ? 'API key set for this tab' : 'API key cleared');
  });
}

async function showVersion() {
  try {
    const status = await get('/api/status');
    document.getElementById('server-version').textContent = status.version;
  } catch {
    // The views say when the server cannot be reached.
  }
}

setUpKey();
showVersion();
window.addEventListener('hashchange', () => show(location.hash.slice(1), true));
show(location.hash.slice(1), false);
