// The Prometheus text exposition format, as /metrics writes it, and rates from two readings.

/** Parses "name{a="x",b="y"} 12" lines into samples; comments and blank lines are skipped. */
export function parseMetrics(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    samples.push({ name: match[1], labels: parseLabels(match[3] ?? ''), value: Number(match[4]) });
  }
  return samples;
}

function parseLabels(text) {
  const labels = {};
  const pattern = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
  let match;
  while ((match = pattern.exec(text)) !== null) {
    labels[match[1]] = match[2].replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
  }
  return labels;
}

/** The sum of a metric's samples, grouped by one label (or all together when label is null). */
export function sumBy(samples, name, label = null) {
  const sums = new Map();
  for (const sample of samples) {
    if (sample.name !== name) continue;
    const key = label === null ? '' : sample.labels[label] ?? '';
    sums.set(key, (sums.get(key) ?? 0) + sample.value);
  }
  return sums;
}

/** Per-second rates between two readings of counters (key → value); a counter reset counts from zero. */
export function rates(previous, current, seconds) {
  const result = new Map();
  if (!previous || seconds <= 0) return result;
  for (const [key, value] of current) {
    const before = previous.get(key) ?? 0;
    result.set(key, (value >= before ? value - before : value) / seconds);
  }
  return result;
}
