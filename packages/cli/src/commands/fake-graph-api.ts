/** `samvad fake-graph-api --port N`: a local stand-in for the Graph API send endpoint. */
import type { Command } from 'commander';
import { CliError } from '../cli/exit.js';

/** Registers `samvad fake-graph-api`. */
export function registerFakeGraphApi(program: Command): void {
  program
    .command('fake-graph-api')
    .description('run a local fake of the WhatsApp Graph API send endpoint (tests, demos, benchmarks)')
    .option('--port <n>', 'port to listen on (0 = any free port)', '0')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--token <token>', 'accept only this bearer token (default: any)')
    .option('--no-record', 'count accepted sends without keeping them (long benchmarks)')
    .addHelpText(
      'after',
      `
Routes:
  POST /{version}/{phone-number-id}/messages   checks the bearer token and body, answers like Meta
  GET  /_sent      the accepted sends (JSON)        DELETE /_sent   forget them
  POST /_inject    fail the next sends, e.g. {"status": 429, "code": 130429, "count": 3}
  POST /_mode      play an outage: {"mode": "down"} (503 to every send), "hang" (never answer),
                   "reset" (drop the connection), "up" (normal); "count": N for the next N sends only
  GET  /_failures  failures served so far, by code
  GET  /_count     {"sent": N, "received": N, "hung": N, "failures": {...}, "media": {...}}
  GET  /{version}/{media-id}   media lookup (url, mime_type, sha256, file_size), token required
  GET  /_download/{media-id}   the media's bytes, token required
  POST /_media/{media-id}      put a file in: the body is the file, Content-Type its type
                               (?file_size=N announces N bytes)   DELETE /_media/{id}   remove it`,
    )
    .action(async (opts: { port: string; host: string; token?: string; record: boolean }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new CliError(`--port must be 0–65535, got "${opts.port}"`);
      const { startFakeGraphApi } = await import('@samvad/whatsapp'); // loaded by this command only
      const fake = await startFakeGraphApi({
        port,
        host: opts.host,
        record: opts.record,
        ...(opts.token !== undefined ? { accessToken: opts.token } : {}),
      });
      process.stdout.write(`fake Graph API listening on ${fake.url}\n`);
      const stop = () => void fake.close().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
}
