// Counters, gauges and histograms rendered in the Prometheus text exposition format 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/). Small on purpose: Sen needs a dozen metrics, not a
// client library.

export type Labels = Record<string, string>;

/** What a scrape-time gauge reports: one value per label set. */
export type Sample = { labels?: Labels; value: number };

interface Metric {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  samples(): Promise<string[]> | string[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Label values may hold anything; backslash, double quote and line feed are escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([key, value]) => `${key}="${escapeLabelValue(value)}"`).join(',')}}`;
}

/** The same label set must always give the same key, whatever order its keys were written in. */
function keyOf(names: readonly string[], labels: Labels): string {
  return JSON.stringify(names.map((name) => labels[name]));
}

function checkLabels(metric: string, names: readonly string[], labels: Labels): void {
  const given = Object.keys(labels);
  if (given.length !== names.length || names.some((name) => typeof labels[name] !== 'string')) {
    throw new Error(`${metric} takes the labels ${names.join(', ') || '(none)'}, got ${given.join(', ') || '(none)'}`);
  }
}

function ordered(names: readonly string[], labels: Labels): Labels {
  return Object.fromEntries(names.map((name) => [name, labels[name]]));
}

export class Counter implements Metric {
  readonly type = 'counter';
  private readonly values = new Map<string, { labels: Labels; value: number }>();

  constructor(readonly name: string, readonly help: string, readonly labelNames: readonly string[] = []) {}

  inc(labels: Labels = {}, amount = 1): void {
    if (amount < 0) throw new RangeError(`${this.name}: a counter only goes up`);
    checkLabels(this.name, this.labelNames, labels);
    const key = keyOf(this.labelNames, labels);
    const entry = this.values.get(key);
    if (entry) entry.value += amount;
    else this.values.set(key, { labels: ordered(this.labelNames, labels), value: amount });
  }

  samples(): string[] {
    return [...this.values.values()].map(({ labels, value }) => `${this.name}${formatLabels(labels)} ${formatValue(value)}`);
  }
}

/**
 * A metric read when scraped rather than kept here: a gauge (memory, queue depth…), so that it is never stale, or a
 * counter something else keeps (a worker's attempts).
 */
export class Collected implements Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'gauge' | 'counter',
    private readonly collect: () => Promise<Sample[]> | Sample[],
  ) {}

  async samples(): Promise<string[]> {
    return (await this.collect()).map(({ labels = {}, value }) => `${this.name}${formatLabels(labels)} ${formatValue(value)}`);
  }
}

export class Histogram implements Metric {
  readonly type = 'histogram';
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();

  /** `buckets`: upper bounds, ascending; +Inf is added. */
  constructor(readonly name: string, readonly help: string, readonly labelNames: readonly string[], readonly buckets: readonly number[]) {
    if (buckets.some((bound, i) => i > 0 && bound <= buckets[i - 1])) throw new Error(`${name}: buckets must ascend`);
  }

  observe(labels: Labels, value: number): void {
    checkLabels(this.name, this.labelNames, labels);
    const key = keyOf(this.labelNames, labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { labels: ordered(this.labelNames, labels), counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, entry);
    }
    // Counted in the first bucket that holds it; rendering makes them cumulative.
    const index = this.buckets.findIndex((bound) => value <= bound);
    if (index >= 0) entry.counts[index]++;
    entry.sum += value;
    entry.count++;
  }

  samples(): string[] {
    const lines: string[] = [];
    for (const { labels, counts, sum, count } of this.series.values()) {
      let cumulative = 0;
      this.buckets.forEach((bound, i) => {
        cumulative += counts[i];
        lines.push(`${this.name}_bucket${formatLabels({ ...labels, le: formatValue(bound) })} ${cumulative}`);
      });
      lines.push(`${this.name}_bucket${formatLabels({ ...labels, le: '+Inf' })} ${count}`);
      lines.push(`${this.name}_sum${formatLabels(labels)} ${formatValue(sum)}`);
      lines.push(`${this.name}_count${formatLabels(labels)} ${count}`);
    }
    return lines;
  }
}

export class MetricsRegistry {
  private readonly metrics = new Map<string, Metric>();

  register<T extends Metric>(metric: T): T {
    if (!NAME.test(metric.name)) throw new Error(`Invalid metric name "${metric.name}"`);
    for (const label of (metric as { labelNames?: readonly string[] }).labelNames ?? []) {
      if (!LABEL.test(label) || label.startsWith('__') || label === 'le') throw new Error(`${metric.name}: invalid label name "${label}"`);
    }
    if (this.metrics.has(metric.name)) throw new Error(`${metric.name} is registered twice`);
    this.metrics.set(metric.name, metric);
    return metric;
  }

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.register(new Counter(name, help, labelNames));
  }

  gauge(name: string, help: string, collect: () => Promise<Sample[]> | Sample[]): Collected {
    return this.register(new Collected(name, help, 'gauge', collect));
  }

  collectedCounter(name: string, help: string, collect: () => Promise<Sample[]> | Sample[]): Collected {
    return this.register(new Collected(name, help, 'counter', collect));
  }

  histogram(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]): Histogram {
    return this.register(new Histogram(name, help, labelNames, buckets));
  }

  /** The text exposition of every metric; a metric without samples still gets its HELP and TYPE. */
  async render(): Promise<string> {
    const blocks = await Promise.all([...this.metrics.values()].map(async (metric) => {
      const samples = await metric.samples();
      return [`# HELP ${metric.name} ${escapeHelp(metric.help)}`, `# TYPE ${metric.name} ${metric.type}`, ...samples].join('\n');
    }));
    return `${blocks.join('\n')}\n`;
  }
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
