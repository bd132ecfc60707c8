// Steering a pool's members: each member's weight (PUT /api/pools/{pool}/members/{address}) and
// faults (POST /api/faults, DELETE /api/faults/{pool}/{address}). Results are announced; refusals
// are shown at their field, as in the zones form.
import { api, segment } from './api.js';
import { announce, formatTime, h } from './dom.js';
import { clearErrors, field, showProblem } from './form.js';

/** The controls of one pool's members, kept while the view refreshes the table around them. */
export class PoolSteering {
  constructor(pool, onChange) {
    this.pool = pool;
    this.onChange = onChange;
    this.members = new Map(); // address → { element, weight }
    this.list = h('div', { class: 'steer-members' });
    this.element = h('section', { class: 'steer', 'aria-label': `Steer pool ${pool}` },
      h('h3', {}, 'Steer'),
      h('p', { class: 'hint' }, 'Changes need the API key. A fault ends by itself after its duration.'),
      this.list);
  }

  /** Adds controls for new members, drops those of members that left; a weight the user is not editing follows the configuration. */
  update(configuredMembers) {
    const addresses = configuredMembers.map((m) => m.address);
    for (const [address, controls] of this.members) {
      if (!addresses.includes(address)) {
        controls.element.remove();
        this.members.delete(address);
      }
    }
    for (const member of configuredMembers) {
      const controls = this.members.get(member.address) ?? this.add(member.address);
      const input = controls.weight.control;
      if (document.activeElement !== input && !input.hasAttribute('aria-invalid')) input.value = String(member.weight ?? 1);
    }
  }

  add(address) {
    const controls = memberControls(this.pool, address, () => this.onChange());
    this.list.append(controls.element);
    this.members.set(address, controls);
    return controls;
  }
}

function memberControls(pool, address, onChange) {
  const weight = field({ label: 'Weight', name: 'weight', type: 'number', inputmode: 'numeric' });
  weight.control.step = '1';
  const duration = field({ label: 'For (s)', name: 'for', type: 'number', value: '30', inputmode: 'decimal' });
  const latency = field({ label: 'Latency (ms)', name: 'latency', type: 'number', value: '300', inputmode: 'numeric' });
  const fields = [weight, duration, latency];
  const summary = h('div', { class: 'form-error', role: 'alert', tabindex: '-1', hidden: true });
  const run = (button, work) => async (event) => {
    event?.preventDefault();
    clearErrors(fields, summary);
    button.disabled = true;
    try {
      announce(await work());
      onChange();
    } catch (error) {
      showProblem(fields, summary, error);
    } finally {
      button.disabled = false;
    }
  };
  const button = (text, work) => {
    const b = h('button', { type: 'button', class: 'secondary' }, text);
    b.addEventListener('click', run(b, work));
    return b;
  };

  const apply = h('button', { type: 'submit' }, 'Apply');
  const weightForm = h('form', { class: 'steer-weight', 'aria-label': `Weight of ${address}`, novalidate: true }, weight.wrapper, apply);
  weightForm.addEventListener('submit', run(apply, async () => {
    const value = whole(weight, 'weight');
    await api('PUT', `/api/pools/${segment(pool)}/members/${segment(address)}`, { weight: value });
    return `pool ${pool}: weight of ${address} set to ${value}`;
  }));

  const member = `${pool}/${address}`;
  const inject = async (state, extra = {}) => {
    const seconds = positive(duration, 'for', 'seconds');
    const fault = await api('POST', '/api/faults', { member, state, for: timeSpan(seconds * 1000), ...extra });
    return `pool ${pool}: ${address} ${faultText(fault)}`;
  };
  const faults = h('div', { class: 'steer-faults', role: 'group', 'aria-label': `Faults of ${address}` },
    duration.wrapper,
    button('Force down', () => inject('Down')),
    button('Force up', () => inject('Up')),
    latency.wrapper,
    button('Add latency', () => inject('Latency', { latency: timeSpan(positive(latency, 'latency', 'milliseconds')) })),
    button('Clear fault', async () => {
      const result = await api('DELETE', `/api/faults/${segment(pool)}/${segment(address)}`);
      return result?.cleared ? `pool ${pool}: fault on ${address} cleared` : `pool ${pool}: ${address} had no fault to clear`;
    }));

  const element = h('fieldset', { class: 'steer-member', 'data-steer': address },
    h('legend', {}, address), weightForm, faults, summary);
  return { element, weight };
}

/** The input's value as a whole number (the API judges its range), else a field error. */
function whole(input, name) {
  const value = Number(input.control.value.trim());
  if (input.control.value.trim() === '' || !Number.isInteger(value)) throw fieldError(name, 'a whole number');
  return value;
}

function positive(input, name, unit) {
  const value = Number(input.control.value.trim());
  if (input.control.value.trim() === '' || !(value > 0)) throw fieldError(name, `a number of ${unit} above 0`);
  return value;
}

function fieldError(name, message) {
  return { title: 'Not sent', message, errors: { [name]: [`must be ${message}`] } };
}

/** Milliseconds as a .NET TimeSpan ("d.hh:mm:ss.fff"), the API's duration format. */
export function timeSpan(milliseconds) {
  const total = Math.round(milliseconds);
  const pad = (n, width = 2) => String(n).padStart(width, '0');
  const days = Math.floor(total / 86_400_000);
  const clock = `${pad(Math.floor(total / 3_600_000) % 24)}:${pad(Math.floor(total / 60_000) % 60)}:${pad(Math.floor(total / 1000) % 60)}.${pad(total % 1000, 3)}`;
  return days > 0 ? `${days}.${clock}` : clock;
}

/** A .NET TimeSpan ("[d.]hh:mm:ss[.fffffff]") in milliseconds. */
export function milliseconds(text) {
  const match = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(text ?? '');
  if (!match) return NaN;
  const [, days, hours, minutes, seconds] = match;
  return (((Number(days ?? 0) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000;
}

/** A fault of GET/POST /api/faults in words, with its end: "forced down until 12:00:30". */
export function faultText(fault) {
  const what = fault.kind === 'Latency'
    ? `+${Math.round(milliseconds(fault.latency))} ms latency`
    : `forced ${fault.kind.toLowerCase()}`;
  return `${what} until ${formatTime(fault.ends)}`;
}
