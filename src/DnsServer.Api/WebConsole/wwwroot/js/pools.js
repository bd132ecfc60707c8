// Pools with live health: each member up or down (colour and text), since when, its configured
// weight, priority and region, the fault in force, and its answers per second as a live chart, from
// GET /api/pools and GET /api/faults read every second; below, the controls that steer it (steer.js).
import { get } from './api.js';
import { announce, formatAgo, formatNumber, formatTime, h, Poller, replaceChildren } from './dom.js';
import { LineChart } from './chart.js';
import { faultText, PoolSteering } from './steer.js';

let root;
let status;
let poller;
const pools = new Map(); // pool name → { section, body, chart, steering, previous: Map(address → answers), previousAt, rates, health: Map }

/** Readings closer together than this keep the last rates (a refresh right after a change). */
const MIN_RATE_INTERVAL_S = 0.5;

async function refresh() {
  const [list, faults] = await Promise.all([get('/api/pools'), get('/api/faults')]);
  const now = performance.now();
  status.textContent = `Updated ${new Date().toLocaleTimeString([], { hour12: false })}`;
  if (list.length === 0) {
    replaceChildren(root, h('p', {}, 'No pools are configured. See docs/load-balancing.md.'));
    pools.clear();
    return;
  }
  for (const name of [...pools.keys()]) {
    if (!list.some((p) => p.name === name)) {
      pools.get(name).section.remove();
      pools.delete(name);
    }
  }
  for (const pool of list) update(pool, faults, now);
}

/** A refresh outside the poller's rhythm, after a change; errors show as the poller's do. */
function refreshNow() {
  refresh().catch((error) => {
    status.textContent = `Pools could not be read: ${error.message}`;
  });
}

const COLUMNS = ['Member', 'Health', 'Since', 'Answers/s', 'Share (observed / configured)', 'Weight', 'Priority', 'Region', 'Fault', 'Last error'];

function create(pool) {
  const id = `pool-${pool.name.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
  const body = h('tbody');
  const chart = new LineChart({ title: `Answers per second, pool ${pool.name}`, unit: '/s' });
  const meta = h('p', { class: 'hint' });
  const steering = new PoolSteering(pool.name, refreshNow);
  const section = h('section', { class: 'pool', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, `Pool ${pool.name}`),
    meta,
    h('div', { class: 'pool-body' },
      h('table', { class: 'members' },
        h('caption', { class: 'visually-hidden' }, `Members of pool ${pool.name}`),
        h('thead', {}, h('tr', {}, COLUMNS.map((t) => h('th', { scope: 'col' }, t)))),
        body),
      chart.element,
      steering.element));
  root.append(section);
  const entry = { section, body, chart, meta, steering, previous: null, previousAt: 0, rates: new Map(), health: new Map() };
  pools.set(pool.name, entry);
  return entry;
}

function update(pool, faults, now) {
  const entry = pools.get(pool.name) ?? create(pool);
  const config = pool.configuration ?? {};
  entry.meta.textContent = `${config.mode ?? ''} · TTL ${config.ttl ?? '—'} s · ${pool.source === 'api' ? 'set through the API' : 'from the configuration file'} · ${pool.answers} answers in all`;
  const seconds = (now - entry.previousAt) / 1000;
  const fresh = entry.previous === null || seconds >= MIN_RATE_INTERVAL_S;
  const configured = new Map((config.members ?? []).map((m) => [m.address, m]));
  const rows = pool.members.map((member) => {
    if (fresh) {
      const before = entry.previous?.get(member.address);
      const rate = before === undefined ? NaN : Math.max(0, member.answers - before) / seconds;
      if (entry.previous) entry.chart.push(member.address, rate);
      entry.rates.set(member.address, rate);
    }
    noteTransition(entry, pool.name, member);
    const fault = faults.find((f) => f.members.includes(`${pool.name}/${member.address}`));
    return memberRow(member, entry.rates.get(member.address) ?? NaN, configured.get(member.address) ?? {}, fault);
  });
  entry.body.replaceChildren(...rows);
  entry.steering.update(config.members ?? []);
  if (!fresh) return;
  entry.previous = new Map(pool.members.map((m) => [m.address, m.answers]));
  entry.previousAt = now;
  entry.chart.render();
}

function noteTransition(entry, pool, member) {
  const before = entry.health.get(member.address);
  entry.health.set(member.address, member.health);
  if (before !== undefined && before !== member.health) announce(`pool ${pool}: ${member.address} is now ${label(member.health)}`);
}

function label(health) {
  return { Up: 'up', Down: 'down', Unknown: 'not checked yet' }[health] ?? health.toLowerCase();
}

function memberRow(member, rate, configured, fault) {
  const state = (member.health ?? 'Unknown').toLowerCase();
  return h('tr', { 'data-member': member.address, 'data-health': state },
    h('th', { scope: 'row' }, member.address, member.candidate ? '' : h('span', { class: 'tag' }, ' not a candidate')),
    h('td', {}, h('span', { class: `health health-${state}` },
      h('span', { class: 'dot', 'aria-hidden': 'true' }, { up: '●', down: '✕' }[state] ?? '?'),
      ` ${label(member.health ?? 'Unknown')}`)),
    h('td', {}, member.since ? h('time', { datetime: member.since, title: member.since }, `${formatTime(member.since)} (${formatAgo(member.since)})`) : '—'),
    h('td', { class: 'num' }, formatNumber(rate)),
    h('td', { class: 'num' }, `${formatNumber(member.observedShare * 100, 0)}% / ${formatNumber(member.configuredShare * 100, 0)}%`),
    h('td', { class: 'num', 'data-column': 'weight' }, String(configured.weight ?? 1)),
    h('td', { class: 'num' }, String(configured.priority ?? 1)),
    h('td', {}, configured.region ?? '—'),
    h('td', { 'data-column': 'fault' }, fault ? faultText(fault) : (member.fault ?? '—')),
    h('td', { class: 'error-text' }, member.lastError ?? ''));
}

export const poolsView = {
  mount(element) {
    status = h('p', { class: 'hint updated', 'aria-live': 'off' });
    root = h('div', { class: 'pools' });
    replaceChildren(element, status, root);
    poller = new Poller(1000, refresh, (error) => {
      status.textContent = `Pools could not be read: ${error.message}`;
    });
  },
  start() {
    poller.start();
  },
  stop() {
    poller.stop();
  },
};
