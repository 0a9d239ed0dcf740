/** The saved WhatsApp payloads, vendored in `test/fixtures/meta/payloads/` (sources in its README). */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PAYLOAD_DIR = fileURLToPath(new URL('../fixtures/meta/payloads/', import.meta.url));

/** Names (without `.json`) of the saved payloads starting with `prefix`. */
export function payloadNames(prefix: string): string[] {
  return readdirSync(PAYLOAD_DIR)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** The raw bytes of a saved payload. */
export function payloadBytes(name: string): Buffer {
  return readFileSync(join(PAYLOAD_DIR, `${name}.json`));
}

export function payload(name: string): unknown {
  return JSON.parse(payloadBytes(name).toString('utf8'));
}
