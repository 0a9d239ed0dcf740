/**
 * Per-number metrics of a deployment serving several numbers (`number` label: the phone number
 * id; `bot`: its name in the deployment file), next to the totals every server exports:
 * messages stored, and what waits to be processed and sent for each number across the cluster
 * (read from the database at scrape time, pg/backlog.ts).
 */
import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { Backlog } from './backlog.js';

/** The per-number metrics. */
export interface NumberMetrics {
  /** Counts new (not duplicate) stored messages by number. */
  stored(numberId: string, count?: number): void;
}

/** Registers them on `registry`; `backlog()` is read at scrape time, `bots` names each number. */
export function numberMetrics(registry: Registry, bots: ReadonlyMap<string, string>, backlog: () => Backlog): NumberMetrics {
  const labels = (numberId: string) => ({ number: numberId, bot: bots.get(numberId) ?? '' });
  const inbound = new Counter({
    name: 'samvad_number_inbound_total',
    help: 'Inbound messages stored, by business number (phone number id) and bot',
    labelNames: ['number', 'bot'],
    registers: [registry],
  });
  for (const numberId of bots.keys()) inbound.inc(labels(numberId), 0);
  const gauge = (name: string, help: string, read: (b: Backlog, numberId: string) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['number', 'bot'],
      registers: [registry],
      collect() {
        const current = backlog();
        for (const numberId of bots.keys()) this.set(labels(numberId), read(current, numberId));
      },
    });
  gauge('samvad_number_queue_depth', 'Inbound messages stored but not yet processed, by business number (whole cluster)', (b, n) => b.byNumber.get(n)?.queueDepth ?? 0);
  gauge('samvad_number_outbox_depth', 'Outbound messages not yet sent, by business number (whole cluster)', (b, n) => b.byNumber.get(n)?.outboxDepth ?? 0);
  return { stored: (numberId, count = 1) => inbound.inc(labels(numberId), count) };
}
