// A live line chart in inline SVG: a window of the last N samples per series, a legend in text,
// and a text alternative with the latest values for screen readers.

const SVG = 'http://www.w3.org/2000/svg';
const COLORS = ['#1f6fb4', '#c2410c', '#15803d', '#7e22ce', '#b91c1c', '#0e7490', '#a16207', '#be185d'];
const WIDTH = 640;
const HEIGHT = 200;
const PAD = { left: 48, right: 12, top: 12, bottom: 24 };

function svg(name, attributes, parent) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  parent?.appendChild(element);
  return element;
}

export class LineChart {
  /** options: title, unit (shown in values), windowSize (samples kept, default 60), max (fixed top, else scaled). */
  constructor(options) {
    this.options = { windowSize: 60, unit: '', ...options };
    this.series = new Map();
    this.figure = document.createElement('figure');
    this.figure.className = 'chart';
    const caption = document.createElement('figcaption');
    caption.textContent = options.title;
    this.svg = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': options.title });
    this.legend = document.createElement('ul');
    this.legend.className = 'legend';
    this.figure.append(caption, this.svg, this.legend);
  }

  get element() {
    return this.figure;
  }

  /** Adds one sample to a series (a missing series starts here). */
  push(name, value) {
    if (!this.series.has(name)) this.series.set(name, { color: COLORS[this.series.size % COLORS.length], values: [] });
    const values = this.series.get(name).values;
    values.push(value);
    if (values.length > this.options.windowSize) values.shift();
  }

  render() {
    const all = [...this.series.values()].flatMap((s) => s.values).filter(Number.isFinite);
    const top = this.options.max ?? niceMax(Math.max(1, ...all));
    this.svg.replaceChildren();
    const plotW = WIDTH - PAD.left - PAD.right;
    const plotH = HEIGHT - PAD.top - PAD.bottom;
    const x = (i) => PAD.left + (plotW * i) / Math.max(1, this.options.windowSize - 1);
    const y = (v) => PAD.top + plotH * (1 - Math.min(v, top) / top);
    for (let g = 0; g <= 4; g++) {
      const v = (top * g) / 4;
      svg('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(v), y2: y(v), class: 'grid' }, this.svg);
      svg('text', { x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, this.svg).textContent = formatValue(v);
    }
    svg('text', { x: PAD.left, y: HEIGHT - 6, class: 'axis' }, this.svg).textContent = `${this.options.windowSize} s ago`;
    svg('text', { x: WIDTH - PAD.right, y: HEIGHT - 6, 'text-anchor': 'end', class: 'axis' }, this.svg).textContent = 'now';
    const latest = [];
    for (const [name, s] of this.series) {
      const offset = this.options.windowSize - s.values.length;
      const points = s.values.map((v, i) => (Number.isFinite(v) ? `${x(offset + i).toFixed(1)},${y(v).toFixed(1)}` : null)).filter(Boolean);
      if (points.length > 0) {
        svg('polyline', { points: points.join(' '), fill: 'none', stroke: s.color, 'stroke-width': 2, 'vector-effect': 'non-scaling-stroke', 'data-series': name }, this.svg);
      }
      latest.push([name, s.values.at(-1), s.color]);
    }
    this.legend.replaceChildren(...latest.map(([name, value, color]) => {
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = color;
      swatch.setAttribute('aria-hidden', 'true');
      item.append(swatch, `${name}: ${formatValue(value)}${this.options.unit}`);
      return item;
    }));
    const summary = latest.map(([name, value]) => `${name} ${formatValue(value)}${this.options.unit}`).join(', ');
    this.svg.setAttribute('aria-label', `${this.options.title}, last ${this.options.windowSize} seconds; now ${summary || 'no data'}`);
  }
}

function niceMax(value) {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (value <= step * power) return step * power;
  }
  return 10 * power;
}

function formatValue(value) {
  if (!Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 100 || Number.isInteger(value)) return Math.round(value).toString();
  return value.toFixed(1);
}
