import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics, on a registry of their own so several gateways can live in one process (tests). */
export function createMetrics(queueDepth: () => Record<string, number>) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'deskguard_' });
  const received = new Counter({
    name: 'deskguard_messages_received_total',
    help: 'Messages stored and acknowledged with 250',
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'deskguard_smtp_rejections_total',
    help: 'Sessions, commands or messages refused at SMTP time, by reason',
    labelNames: ['reason'],
    registers: [registry],
  });
  const processed = new Counter({
    name: 'deskguard_messages_processed_total',
    help: 'Pipeline outcomes, by result',
    labelNames: ['result'],
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'deskguard_deliveries_total',
    help: 'Delivery attempts, by kind and result (sent, deferred, dead)',
    labelNames: ['kind', 'result'],
    registers: [registry],
  });
  const stageSeconds = new Histogram({
    name: 'deskguard_stage_duration_seconds',
    help: 'Time spent in each pipeline stage',
    labelNames: ['stage'],
    buckets: [0.001, 0.005, 0.02, 0.1, 0.5, 2, 10, 60],
    registers: [registry],
  });
  new Gauge({
    name: 'deskguard_queue_messages',
    help: 'Messages in the queue, by state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [state, n] of Object.entries(queueDepth())) this.set({ state }, n);
    },
  });
  return { registry, received, rejected, processed, deliveries, stageSeconds };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** What the pipeline thread reports; the prom-client metrics satisfy it, and so does the relay below. */
export interface PipelineMetrics {
  processed: { inc(labels: { result: string }): void };
  deliveries: { inc(labels: { kind: string; result: string }): void };
  stageSeconds: { observe(labels: { stage: string }, seconds: number): void };
}

export type MetricEvent =
  | { metric: 'processed'; labels: { result: string } }
  | { metric: 'deliveries'; labels: { kind: string; result: string } }
  | { metric: 'stageSeconds'; labels: { stage: string }; value: number };

/**
 * Metrics of another thread, sent as events to the thread that owns the registry; gathered for a
 * moment first, since one message per event would cost more than the counting itself.
 */
export function relayedMetrics(send: (events: MetricEvent[]) => void, flushMs = 200): PipelineMetrics {
  const batch: MetricEvent[] = [];
  const push = (e: MetricEvent) => {
    if (batch.length === 0) setTimeout(() => send(batch.splice(0)), flushMs).unref();
    batch.push(e);
  };
  return {
    processed: { inc: (labels) => push({ metric: 'processed', labels }) },
    deliveries: { inc: (labels) => push({ metric: 'deliveries', labels }) },
    stageSeconds: { observe: (labels, value) => push({ metric: 'stageSeconds', labels, value }) },
  };
}

export function applyMetricEvent(m: Metrics, e: MetricEvent): void {
  if (e.metric === 'stageSeconds') m.stageSeconds.observe(e.labels, e.value);
  else if (e.metric === 'processed') m.processed.inc(e.labels);
  else m.deliveries.inc(e.labels);
}
