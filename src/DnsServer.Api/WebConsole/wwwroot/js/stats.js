// Server stats as live charts: queries per second, answers by rcode, cache hit rate; read from
// /metrics (Prometheus text) every second, rates from the counters' differences.
import { get } from './api.js';
import { formatNumber, h, Poller, replaceChildren } from './dom.js';
import { parseMetrics, rates, sumBy } from './metrics.js';
import { LineChart } from './chart.js';

let poller;
let summary;
let status;
let charts;
let previous = null;

async function refresh() {
  const text = await get('/metrics');
  const now = performance.now();
  const samples = parseMetrics(text);
  const reading = {
    at: now,
    queries: sumBy(samples, 'dns_queries_total'),
    rcodes: sumBy(samples, 'dns_queries_total', 'rcode'),
    transports: sumBy(samples, 'dns_queries_total', 'transport'),
    cache: sumBy(samples, 'dns_cache_lookups_total', 'result'),
  };
  if (previous) {
    const seconds = (now - previous.at) / 1000;
    const qps = rates(previous.queries, reading.queries, seconds).get('') ?? 0;
    charts.qps.push('all', qps);
    for (const [transport, rate] of rates(previous.transports, reading.transports, seconds)) charts.qps.push(transport, rate);
    for (const [rcode, rate] of rates(previous.rcodes, reading.rcodes, seconds)) charts.rcodes.push(rcode, rate);
    const cache = rates(previous.cache, reading.cache, seconds);
    const hits = cache.get('hit') ?? 0;
    const lookups = hits + (cache.get('miss') ?? 0);
    charts.cache.push('hit rate', lookups > 0 ? (100 * hits) / lookups : NaN);
    Object.values(charts).forEach((c) => c.render());
    summary.textContent = `${formatNumber(qps)} queries/s now; ${reading.queries.get('') ?? 0} queries since start` +
      (reading.cache.size > 0 ? `; cache ${reading.cache.get('hit') ?? 0} hits, ${reading.cache.get('miss') ?? 0} misses` : '; recursion off: no cache lookups');
  }
  previous = reading;
  status.textContent = `Updated ${new Date().toLocaleTimeString([], { hour12: false })}`;
}

export const statsView = {
  mount(element) {
    charts = {
      qps: new LineChart({ title: 'Queries per second', unit: '/s' }),
      rcodes: new LineChart({ title: 'Answers per second by rcode', unit: '/s' }),
      cache: new LineChart({ title: 'Cache hit rate', unit: '%', max: 100 }),
    };
    summary = h('p', { class: 'stat-summary' });
    status = h('p', { class: 'hint updated' });
    replaceChildren(element, status, summary, h('div', { class: 'charts' }, Object.values(charts).map((c) => c.element)));
    poller = new Poller(1000, refresh, (error) => {
      status.textContent = `Metrics could not be read: ${error.message}`;
    });
  },
  start() {
    previous = null;
    poller.start();
  },
  stop() {
    poller.stop();
  },
};
