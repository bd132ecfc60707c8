// Reports of past experiments kept in the server's reports folder, each opened as its own page.
import { get } from './api.js';
import { h, replaceChildren } from './dom.js';

let root;

async function load() {
  replaceChildren(root, h('p', { class: 'hint' }, 'Loading…'));
  try {
    const reports = await get('/api/reports');
    if (reports.length === 0) {
      replaceChildren(root, h('p', {}, 'No reports yet. Run ', h('code', {}, 'dnsserver experiment FILE'),
        ': its report lands in the reports folder (', h('code', {}, 'data/experiments'), ' unless ', h('code', {}, 'Experiments:ReportsDirectory'), ' says otherwise).'));
      return;
    }
    replaceChildren(root,
      h('p', { class: 'hint' }, 'Each report is a self-contained page; it opens in a new tab.'),
      h('table', {},
        h('caption', { class: 'visually-hidden' }, 'Experiment reports, newest first'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Report'), h('th', { scope: 'col' }, 'Written'))),
        h('tbody', {}, reports.map((r) => h('tr', {},
          h('td', {}, h('a', { href: r.url, target: '_blank', rel: 'noopener' }, r.name)),
          h('td', {}, new Date(r.written).toLocaleString()))))));
  } catch (error) {
    replaceChildren(root, h('p', { class: 'form-error', role: 'alert' }, `Reports could not be listed: ${error.message}`));
  }
}

export const reportsView = {
  mount(element) {
    root = element;
  },
  start() {
    load();
  },
};
