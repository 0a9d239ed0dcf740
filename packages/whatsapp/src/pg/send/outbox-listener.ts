/**
 * Wake-ups for the sender: `LISTEN samvad_outbox` on one connection held for it. A process that
 * commits outbox rows sends `NOTIFY samvad_outbox` (payload: the rows' `number_id`, or empty for
 * "any number"), and every listening process claims. A lost connection is re-opened after a
 * pause; notifications missed meanwhile are made up by a wake-up right after it is back (and by
 * the sender's slow poll in any case).
 */
import type { PgClient, PgPool } from '../pool.js';
import { OUTBOX_CHANNEL } from '../turn-transaction.js';

export interface OutboxListenerOptions {
  /** The channel (default `samvad_outbox`; the call worker listens on `samvad_calls` the same way). */
  readonly channel?: string;
  /** Wait before re-opening a lost connection (ms). */
  readonly retryMs: number;
  /** A notification arrived (`payload`: a number id, or `undefined` for any), or the connection is back. */
  readonly onWake: (numberId: string | undefined) => void;
  /** The connection failed or could not be opened (the sender logs it and keeps polling). */
  readonly onProblem: (error: unknown) => void;
}

/** Holds the LISTEN connection. */
export class OutboxListener {
  private client: PgClient | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly channel: string;

  constructor(
    private readonly pool: PgPool,
    private readonly options: OutboxListenerOptions,
  ) {
    this.channel = options.channel ?? OUTBOX_CHANNEL;
  }

  /** Opens the connection and listens; a failure is reported and retried, never thrown. */
  async start(): Promise<void> {
    if (this.stopped || this.client !== undefined) return;
    let client: PgClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      this.options.onProblem(error);
      return this.retryLater();
    }
    if (this.stopped) return client.release();
    const lost = (error: unknown) => {
      if (this.client !== client) return;
      this.client = undefined;
      client.removeAllListeners('notification');
      client.release(true);
      if (this.stopped) return;
      this.options.onProblem(error);
      this.retryLater();
    };
    client.on('error', lost);
    client.on('end', () => lost(new Error('the LISTEN connection closed')));
    client.on('notification', (n) => {
      if (n.channel === this.channel) this.options.onWake(n.payload === undefined || n.payload === '' ? undefined : n.payload);
    });
    this.client = client;
    try {
      await client.query(`LISTEN ${this.channel}`);
    } catch (error) {
      return lost(error);
    }
    this.options.onWake(undefined); // rows may have been announced before we listened
  }

  /** Stops listening and hands the connection back. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    if (client === undefined) return;
    client.removeAllListeners('notification');
    let broken = false;
    await client.query(`UNLISTEN ${this.channel}`).catch(() => {
      broken = true;
    });
    client.release(broken);
  }

  private retryLater(): void {
    if (this.stopped || this.retryTimer !== undefined) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.start();
    }, this.options.retryMs);
    this.retryTimer.unref();
  }
}
