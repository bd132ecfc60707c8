// The event list: health transitions, answer-set changes, faults, configuration loads, newest
// first, read with GET /api/events?after=N every two seconds.
import { get } from './api.js';
import { formatTime, h, Poller, replaceChildren } from './dom.js';

const KEEP = 500;
let body;
let status;
let poller;
let after = 0;

async function refresh() {
  const events = await get(`/api/events?after=${after}`);
  if (events.length > 0) {
    after = events.at(-1).sequence;
    for (const event of events) body.prepend(row(event));
    while (body.rows.length > KEEP) body.lastElementChild.remove();
    status.textContent = `${events.length} new event${events.length === 1 ? '' : 's'}; the latest: ${events.at(-1).message}`;
  } else if (body.rows.length === 0) {
    status.textContent = 'No events yet.';
  }
}

function row(event) {
  return h('tr', { 'data-kind': event.kind },
    h('td', { class: 'num' }, event.sequence),
    h('td', {}, h('time', { datetime: event.time }, formatTime(event.time))),
    h('td', {}, event.kind),
    h('td', {}, event.pool ?? ''),
    h('td', {}, event.member ?? ''),
    h('td', {}, event.message));
}

export const eventsView = {
  mount(element) {
    status = h('p', { class: 'hint', role: 'status', 'aria-live': 'polite' });
    body = h('tbody');
    replaceChildren(element, status,
      h('table', { class: 'events' },
        h('caption', { class: 'visually-hidden' }, 'Events, newest first'),
        h('thead', {}, h('tr', {}, ['#', 'Time', 'Kind', 'Pool', 'Member', 'Message'].map((t) => h('th', { scope: 'col' }, t)))),
        body));
    poller = new Poller(2000, refresh, (error) => {
      status.textContent = `Events could not be read: ${error.message}`;
    });
  },
  start() {
    poller.start();
  },
  stop() {
    poller.stop();
  },
};
