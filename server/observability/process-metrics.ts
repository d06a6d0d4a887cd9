import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { MetricsRegistry } from './metrics-registry.ts';

const startTimeSeconds = Math.round((Date.now() - process.uptime() * 1000) / 1000);

// One monitor per process (however many servers the process runs, as tests do), started on first use.
let eventLoop: IntervalHistogram | undefined;

function eventLoopDelay(): IntervalHistogram {
  if (!eventLoop) {
    eventLoop = monitorEventLoopDelay({ resolution: 20 });
    eventLoop.enable();
  }
  return eventLoop;
}

/**
 * The process metrics every Prometheus client library exports, under their usual process_ names so that stock
 * dashboards and alerts work, plus Node's event-loop delay and the build.
 */
export function registerProcessMetrics(registry: MetricsRegistry, version: string): void {
  const loop = eventLoopDelay();
  registry.gauge('sen_build_info', 'Always 1; the labels say which Sen and Node.js are running', () => [
    { labels: { version, node_version: process.versions.node }, value: 1 },
  ]);
  registry.gauge('process_start_time_seconds', 'When the process started, in seconds since the Unix epoch', () => [{ value: startTimeSeconds }]);
  registry.gauge('process_resident_memory_bytes', 'Resident memory size in bytes', () => [{ value: process.memoryUsage.rss() }]);
  registry.gauge('nodejs_heap_used_bytes', 'V8 heap in use, in bytes', () => [{ value: process.memoryUsage().heapUsed }]);
  registry.collectedCounter('process_cpu_seconds_total', 'User and system CPU time spent, in seconds', () => {
    const { user, system } = process.cpuUsage();
    return [{ value: (user + system) / 1e6 }];
  });
  // Since the previous scrape, so that a stall shows in the next sample instead of fading into a lifetime average.
  registry.gauge('sen_event_loop_delay_seconds', 'Event-loop delay since the previous scrape: p50, p99 and max (quantile 1)', () => {
    const samples = [
      { labels: { quantile: '0.5' }, value: loop.percentile(50) / 1e9 },
      { labels: { quantile: '0.99' }, value: loop.percentile(99) / 1e9 },
      { labels: { quantile: '1' }, value: loop.max / 1e9 },
    ];
    loop.reset();
    return samples;
  });
}
