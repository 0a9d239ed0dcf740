/** The SSE channel: every open page gets the bot's diagnostics and on-disk changes as they happen. */
import type { ServerResponse } from 'node:http';
import type { ChangedEvent, DiagnosticsEvent } from '../shared/api.js';

/** What the server pushes, by SSE event name. */
export type StudioEvent = { readonly kind: 'diagnostics'; readonly data: DiagnosticsEvent } | { readonly kind: 'changed'; readonly data: ChangedEvent };

/** The open event streams. */
export class EventHub {
  private readonly clients = new Set<ServerResponse>();

  /** Makes `res` an event stream until the page goes away. */
  attach(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': samvad studio\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  /** Sends an event to every page. */
  send(event: StudioEvent): void {
    const frame = `event: ${event.kind}\ndata: ${JSON.stringify(event.data)}\n\n`;
    for (const client of this.clients) client.write(frame);
  }

  /** Ends every stream (the server is stopping). */
  close(): void {
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}
