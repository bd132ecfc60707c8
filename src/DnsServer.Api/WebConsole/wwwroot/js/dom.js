// Small DOM helpers: build elements without innerHTML, announce to screen readers.

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      element.className = value;
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replaceChildren(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

let announceTimer = 0;
let pending = [];

/** Says a message once through the page's polite live region; messages close together are said together. */
export function announce(message) {
  const region = document.getElementById('announcer');
  if (!region) return;
  clearTimeout(announceTimer);
  pending.push(message);
  region.textContent = '';
  announceTimer = setTimeout(() => {
    region.textContent = pending.join('. ');
    pending = [];
  }, 50);
}

export function formatTime(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString([], { hour12: false });
}

export function formatAgo(iso, now = Date.now()) {
  if (!iso) return '';
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  return `${Math.floor(seconds / 3600)} h ago`;
}

export function formatNumber(value, digits = 1) {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

/** Calls work every interval while started; one call at a time, errors reported, never thrown. */
export class Poller {
  constructor(intervalMs, work, onError) {
    this.intervalMs = intervalMs;
    this.work = work;
    this.onError = onError;
    this.timer = 0;
    this.running = false;
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.tick();
  }

  stop() {
    this.running = false;
    clearTimeout(this.timer);
  }

  async tick() {
    if (!this.running) return;
    try {
      await this.work();
    } catch (error) {
      this.onError?.(error);
    }
    if (this.running) this.timer = setTimeout(() => this.tick(), this.intervalMs);
  }
}
