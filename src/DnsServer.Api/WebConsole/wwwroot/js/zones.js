// Zones: every served zone with its source; a new database zone; the records of the one chosen.
import { api, get } from './api.js';
import { announce, h, replaceChildren } from './dom.js';
import { field, fieldForm } from './form.js';
import { RecordsPanel } from './records.js';

let list;
let panel;
let selected = null;

async function loadZones() {
  try {
    const zones = await get('/api/zones');
    replaceChildren(list, zones.length === 0 ? h('p', {}, 'No zones are served yet.') : zoneTable(zones));
    if (selected && !zones.some((z) => z.name === selected)) selected = null;
    return zones;
  } catch (error) {
    replaceChildren(list, h('p', { class: 'form-error', role: 'alert' }, `Zones could not be listed: ${error.message}`));
    return [];
  }
}

function zoneTable(zones) {
  return h('table', { class: 'zones' },
    h('caption', { class: 'visually-hidden' }, 'Served zones'),
    h('thead', {}, h('tr', {}, ['Zone', 'Source', 'Serial', 'Records', 'Names', ''].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, zones.map((zone) => h('tr', { 'aria-current': zone.name === selected ? 'true' : null },
      h('th', { scope: 'row' }, zone.name),
      h('td', {}, zone.source === 'file' ? h('span', { title: zone.path ?? '' }, 'file ', h('code', {}, zone.path ?? '')) : 'database'),
      h('td', { class: 'num' }, zone.serial),
      h('td', { class: 'num' }, zone.recordCount),
      h('td', { class: 'num' }, zone.nameCount),
      h('td', {}, h('button', { type: 'button', class: 'link', 'aria-label': `Records of ${zone.name}`, onclick: () => select(zone.name) }, 'Records'))))));
}

async function select(name) {
  selected = name;
  await loadZones();
  await panel.show(name);
}

function newZoneForm() {
  const name = field({ name: 'name', label: 'New zone', placeholder: 'lab.test.', hint: 'Kept in the database; an SOA and NS localhost. are added.' });
  const { form } = fieldForm({
    label: 'New zone',
    fields: [name],
    submit: 'Create zone',
    onSubmit: async (v) => {
      const zone = await api('POST', '/api/zones', { name: v.name });
      name.control.value = '';
      announce(`zone ${zone.name} created`);
      await select(zone.name);
    },
  });
  return form;
}

export const zonesView = {
  mount(root) {
    list = h('div', { class: 'zone-list', 'aria-live': 'off' });
    panel = new RecordsPanel({ onChanged: loadZones });
    replaceChildren(root, list, h('details', { class: 'new-zone' }, h('summary', {}, 'Create a zone'), newZoneForm()), panel.element);
  },
  async start() {
    const zones = await loadZones();
    if (!selected && zones.length > 0) {
      selected = (zones.find((z) => z.source === 'database') ?? zones[0]).name;
      await loadZones();
      await panel.show(selected);
    }
  },
};
