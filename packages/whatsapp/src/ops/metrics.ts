/** Prometheus metrics (prom-client), on a registry of their own so several servers can coexist. */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { createCallMetrics } from '../calls/call-metrics.js';
import type { CallMetrics } from '../calls/call-metrics.js';

/** The server's metrics. Gauges are refreshed from the store on every scrape. */
export interface ServeMetrics {
  readonly registry: Registry;
  readonly inbound: Counter<'type'>;
  readonly duplicates: Counter;
  readonly statuses: Counter<'status'>;
  readonly sent: Counter;
  readonly failures: Counter<'code'>;
  readonly retries: Counter<'code'>;
  readonly stepSeconds: Histogram;
  /** Malformed items dropped from deliveries (the valid rest is stored), by reason. */
  readonly invalidItems: Counter<'reason'>;
  /** Messages and statuses addressed to another phone number id (ignored), by kind. */
  readonly otherNumber: Counter<'kind'>;
  /** Messages processed without a reply because they were older than `SAMVAD_REPLY_MAX_AGE` (worker). */
  readonly staleInbound: Counter;
  /** Deliveries the HTTP thread could not store (answered 500; Meta retries). */
  readonly inboundStoreFailures: Counter;
  /** Processing commits that failed and are retried (worker). */
  readonly processStoreFailures: Counter;
  /** Calls to department systems (worker). */
  readonly calls: CallMetrics;
  /** Replies sent, by number and bot (the PostgreSQL sender, which serves several numbers). */
  readonly numberSent: Counter<'number' | 'bot'>;
  /** Replies given up, by number and bot. */
  readonly numberFailures: Counter<'number' | 'bot'>;
}

/** Creates the metrics; `depths` is read at scrape time for the outbox and queue gauges. */
export function createMetrics(depths: () => { outbox: number; queue: number }): ServeMetrics {
  const registry = new Registry();
  const inbound = new Counter({ name: 'samvad_inbound_total', help: 'Inbound messages stored, by WhatsApp type', labelNames: ['type'], registers: [registry] });
  const duplicates = new Counter({ name: 'samvad_inbound_duplicates_total', help: 'Inbound deliveries ignored as duplicates (same wamid)', registers: [registry] });
  const statuses = new Counter({ name: 'samvad_statuses_total', help: 'Status webhooks recorded, by status', labelNames: ['status'], registers: [registry] });
  const sent = new Counter({ name: 'samvad_outbound_sent_total', help: 'Outbound messages accepted by the Graph API', registers: [registry] });
  const failures = new Counter({ name: 'samvad_outbound_failures_total', help: 'Outbound messages given up, by error code', labelNames: ['code'], registers: [registry] });
  const retries = new Counter({ name: 'samvad_outbound_retries_total', help: 'Outbound send attempts retried, by error code', labelNames: ['code'], registers: [registry] });
  const stepSeconds = new Histogram({
    name: 'samvad_step_seconds',
    help: 'Time to run one turn (runtime step incl. data sources)',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const invalidItems = new Counter({ name: 'samvad_webhook_invalid_total', help: 'Malformed items dropped from webhook deliveries (the rest is stored), by reason', labelNames: ['reason'], registers: [registry] });
  const otherNumber = new Counter({ name: 'samvad_webhook_other_number_total', help: 'Messages and statuses for another phone number id, ignored, by kind', labelNames: ['kind'], registers: [registry] });
  const staleInbound = new Counter({ name: 'samvad_inbound_stale_total', help: 'Messages processed without a reply: older than SAMVAD_REPLY_MAX_AGE', registers: [registry] });
  const inboundStoreFailures = new Counter({ name: 'samvad_inbound_store_failures_total', help: 'Webhook deliveries that could not be stored (answered 500; Meta retries)', registers: [registry] });
  const processStoreFailures = new Counter({ name: 'samvad_process_store_failures_total', help: 'Processing commits that failed and are retried with backoff', registers: [registry] });
  new Gauge({ name: 'samvad_outbox_depth', help: 'Outbound messages not yet sent', registers: [registry], collect() { this.set(depths().outbox); } });
  new Gauge({ name: 'samvad_queue_depth', help: 'Inbound messages stored but not yet processed', registers: [registry], collect() { this.set(depths().queue); } });
  const calls = createCallMetrics(registry);
  const numberSent = new Counter({ name: 'samvad_number_outbound_sent_total', help: 'Outbound messages accepted by the Graph API, by business number (phone number id) and bot (PostgreSQL; this process)', labelNames: ['number', 'bot'], registers: [registry] });
  const numberFailures = new Counter({ name: 'samvad_number_outbound_failures_total', help: 'Outbound messages given up, by business number and bot (PostgreSQL; this process)', labelNames: ['number', 'bot'], registers: [registry] });
  return { registry, inbound, duplicates, statuses, sent, failures, retries, stepSeconds, invalidItems, otherNumber, staleInbound, inboundStoreFailures, processStoreFailures, calls, numberSent, numberFailures };
}
