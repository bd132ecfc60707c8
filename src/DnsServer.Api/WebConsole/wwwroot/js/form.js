// Labelled form fields whose errors show next to the input, tied to it for screen readers.
import { h } from './dom.js';

let fieldCount = 0;

/**
 * A labelled input with an optional hint and a slot for its error. Options: label, name, type,
 * value, hint, required, list, placeholder, options (for a select), readonly.
 */
export function field(options) {
  const id = `f${++fieldCount}-${options.name}`;
  const hintId = options.hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const control = options.options
    ? h('select', { id, name: options.name }, options.options.map((o) => h('option', { value: o, selected: o === options.value }, o)))
    : h('input', {
      id,
      name: options.name,
      type: options.type ?? 'text',
      value: options.value ?? '',
      required: options.required,
      list: options.list,
      placeholder: options.placeholder,
      readonly: options.readonly,
      autocomplete: 'off',
      spellcheck: 'false',
      inputmode: options.inputmode,
    });
  if (hintId) control.setAttribute('aria-describedby', hintId);
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });
  const wrapper = h('div', { class: 'field', 'data-field': options.name },
    h('label', { for: id }, options.label),
    control,
    hintId ? h('p', { id: hintId, class: 'hint' }, options.hint) : null,
    error);
  return { wrapper, control, error, hintId, name: options.name };
}

/** A form's fields, its submit button and a summary for errors no field owns. */
export function fieldForm(options) {
  const summary = h('div', { class: 'form-error', role: 'alert', tabindex: '-1', hidden: true });
  const button = h('button', { type: 'submit' }, options.submit);
  const extra = options.extra ?? [];
  const form = h('form', { class: 'field-form', 'aria-label': options.label, novalidate: true },
    h('div', { class: 'fields' }, options.fields.map((f) => f.wrapper)),
    h('div', { class: 'actions' }, button, extra),
    summary);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(options.fields, summary);
    button.disabled = true;
    try {
      await options.onSubmit(values(options.fields));
    } catch (error) {
      showProblem(options.fields, summary, error, options.fieldFor);
    } finally {
      button.disabled = false;
    }
  });
  return { form, summary, button };
}

export function values(fields) {
  return Object.fromEntries(fields.map((f) => [f.name, f.control.value.trim()]));
}

export function clearErrors(fields, summary) {
  for (const f of fields) {
    f.error.hidden = true;
    f.error.textContent = '';
    f.control.removeAttribute('aria-invalid');
    if (f.hintId) f.control.setAttribute('aria-describedby', f.hintId);
    else f.control.removeAttribute('aria-describedby');
  }
  summary.hidden = true;
  summary.textContent = '';
}

/**
 * Puts each of the problem's field errors at its field (the API's key, e.g. "data" or
 * "records[0].data", mapped by fieldFor or by its last part), the rest in the summary, and
 * moves focus to the first field at fault.
 */
export function showProblem(fields, summary, error, fieldFor = defaultFieldFor) {
  const unplaced = [];
  let first = null;
  for (const [key, messages] of Object.entries(error.errors ?? {})) {
    const target = fields.find((f) => f.name === fieldFor(key));
    const text = [].concat(messages).join('; ');
    if (!target) {
      unplaced.push(`${key}: ${text}`);
      continue;
    }
    target.error.textContent = target.error.textContent ? `${target.error.textContent}; ${text}` : text;
    target.error.hidden = false;
    target.control.setAttribute('aria-invalid', 'true');
    target.control.setAttribute('aria-describedby', [target.error.id, target.hintId].filter(Boolean).join(' '));
    first ??= target;
  }
  if (unplaced.length > 0 || !first) {
    const lines = unplaced.length > 0 ? unplaced : [error.message];
    summary.textContent = `${error.title || 'Refused'}: ${lines.join('; ')}`;
    summary.hidden = false;
  }
  (first?.control ?? summary).focus?.();
}

function defaultFieldFor(key) {
  return key.replace(/\[\d+\]$/, '').split('.').pop().toLowerCase();
}
