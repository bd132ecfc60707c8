// The records of one zone: a table, a form that adds a record or edits one, delete buttons.
// The API's field errors show at the fields; file zones are read-only until copied into the database.
import { api, get, segment } from './api.js';
import { announce, h, replaceChildren } from './dom.js';
import { field, fieldForm, clearErrors } from './form.js';

const TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'SRV', 'CAA', 'PTR', 'HTTPS', 'SVCB', 'NAPTR'];

export class RecordsPanel {
  constructor({ onChanged }) {
    this.onChanged = onChanged;
    this.zone = null;
    this.records = [];
    this.editing = null;
    this.heading = h('h2', { id: 'records-title', tabindex: '-1' }, 'Records');
    this.note = h('div', { class: 'zone-note' });
    this.table = h('div', { class: 'records' });
    this.fields = {
      name: field({ name: 'name', label: 'Name', placeholder: 'www', hint: 'Relative to the zone, @, or absolute with a final dot.' }),
      type: field({ name: 'type', label: 'Type', value: 'A', list: 'record-types', hint: 'A, AAAA, MX, TXT, …' }),
      ttl: field({ name: 'ttl', label: 'TTL', type: 'number', value: '3600', inputmode: 'numeric', hint: 'Seconds; the whole RRset gets it.' }),
      data: field({ name: 'data', label: 'Data', placeholder: '192.0.2.1', hint: 'As in a zone file: 192.0.2.1, 10 mail, "text".' }),
    };
    this.cancel = h('button', { type: 'button', class: 'secondary', hidden: true, onclick: () => this.endEdit() }, 'Cancel edit');
    const { form, button, summary } = fieldForm({
      label: 'Record',
      fields: Object.values(this.fields),
      submit: 'Add record',
      extra: [this.cancel],
      onSubmit: (v) => this.save(v),
    });
    this.form = form;
    this.submit = button;
    this.summary = summary;
    this.formTitle = h('h3', {}, 'Add a record');
    this.editor = h('div', { class: 'record-editor' }, this.formTitle, form,
      h('datalist', { id: 'record-types' }, TYPES.map((t) => h('option', { value: t }))));
    this.element = h('section', { class: 'zone-records', 'aria-labelledby': 'records-title', hidden: true }, this.heading, this.note, this.editor, this.table);
  }

  async show(zone) {
    this.zone = zone;
    this.endEdit();
    this.element.hidden = false;
    this.heading.textContent = `Records of ${zone}`;
    await this.reload();
  }

  async reload() {
    try {
      const detail = await get(`/api/zones/${segment(this.zone)}`);
      this.records = detail.records;
      const editable = detail.source !== 'file';
      this.editor.hidden = !editable;
      replaceChildren(this.note, editable
        ? h('p', { class: 'hint' }, `Serial ${detail.serial}. Changes are checked as a whole zone, kept in the database, then served.`)
        : h('p', {}, 'This zone comes from the file ', h('code', {}, detail.path ?? ''), ' and is read-only here. ',
          h('button', { type: 'button', onclick: () => this.importZone() }, 'Copy into the database to edit')));
      replaceChildren(this.table, this.recordTable(editable));
    } catch (error) {
      replaceChildren(this.table, h('p', { class: 'form-error', role: 'alert' }, `Records could not be read: ${error.message}`));
    }
  }

  recordTable(editable) {
    return h('table', {},
      h('caption', { class: 'visually-hidden' }, `Records of ${this.zone}`),
      h('thead', {}, h('tr', {}, ['Name', 'Type', 'TTL', 'Data', editable ? 'Actions' : null].filter(Boolean).map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, this.records.map((r) => h('tr', {},
        h('td', {}, r.name),
        h('td', {}, r.type),
        h('td', { class: 'num' }, r.ttl),
        h('td', { class: 'data' }, h('code', {}, r.data)),
        editable ? h('td', { class: 'row-actions' }, r.type === 'SOA' ? '' : [
          h('button', { type: 'button', class: 'link', 'aria-label': `Edit ${r.name} ${r.type} ${r.data}`, onclick: () => this.beginEdit(r) }, 'Edit'),
          h('button', { type: 'button', class: 'link danger', 'aria-label': `Delete ${r.name} ${r.type} ${r.data}`, onclick: () => this.remove(r) }, 'Delete'),
        ]) : null))));
  }

  async save(v) {
    const zone = segment(this.zone);
    const ttl = v.ttl === '' ? undefined : Number(v.ttl);
    if (this.editing) {
      const old = this.editing;
      const data = this.records.filter((r) => r.name === old.name && r.type === old.type).map((r) => (r.data === old.data ? v.data : r.data));
      await api('PUT', `/api/zones/${zone}/rrsets/${segment(old.name)}/${segment(old.type)}`, { ttl, data });
      announce(`${old.name} ${old.type} changed`);
    } else {
      await api('POST', `/api/zones/${zone}/records`, { name: v.name, type: v.type, ttl, data: v.data });
      announce(`${v.name} ${v.type} ${v.data} added`);
      this.fields.data.control.value = '';
    }
    this.endEdit();
    await this.reload();
    await this.onChanged();
  }

  beginEdit(record) {
    this.editing = record;
    this.fields.name.control.value = record.name;
    this.fields.type.control.value = record.type;
    this.fields.ttl.control.value = record.ttl;
    this.fields.data.control.value = record.data;
    this.fields.name.control.readOnly = true;
    this.fields.type.control.readOnly = true;
    this.formTitle.textContent = `Edit ${record.name} ${record.type}`;
    this.submit.textContent = 'Save record';
    this.cancel.hidden = false;
    this.fields.data.control.focus();
  }

  endEdit() {
    this.editing = null;
    this.fields.name.control.readOnly = false;
    this.fields.type.control.readOnly = false;
    this.formTitle.textContent = 'Add a record';
    this.submit.textContent = 'Add record';
    this.cancel.hidden = true;
    clearErrors(Object.values(this.fields), this.summary);
  }

  async remove(record) {
    if (!window.confirm(`Delete ${record.name} ${record.type} ${record.data}?`)) return;
    const query = new URLSearchParams({ name: record.name, type: record.type, data: record.data });
    try {
      await api('DELETE', `/api/zones/${segment(this.zone)}/records?${query}`);
      announce(`${record.name} ${record.type} ${record.data} deleted`);
      await this.reload();
      await this.onChanged();
    } catch (error) {
      this.showError(error);
    }
  }

  async importZone() {
    try {
      await api('POST', `/api/zones/${segment(this.zone)}/import`);
      announce(`${this.zone} copied into the database`);
      await this.reload();
      await this.onChanged();
    } catch (error) {
      replaceChildren(this.note, h('p', { class: 'form-error', role: 'alert' }, `The zone could not be copied: ${error.message}`));
    }
  }

  showError(error) {
    this.summary.textContent = `${error.title || 'Refused'}: ${error.message}`;
    this.summary.hidden = false;
    this.summary.focus();
  }
}
