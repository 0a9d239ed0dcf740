/** The JSON logger never writes a secret's value, wherever it occurs in a line, and caps a line's length. */
import { describe, expect, it } from 'vitest';
import { MAX_LOG_LINE, jsonLogger } from '../src/ops/log.js';

const TOKEN = 'EAAG-access-token-1234567890';
const SECRET = 'app"secret\\with-quotes';

function capture(secrets: readonly (string | undefined)[], maxLine?: number) {
  const lines: string[] = [];
  const logger = jsonLogger((line) => void lines.push(line), { secrets, ...(maxLine === undefined ? {} : { maxLine }) });
  return { logger, lines };
}

describe('jsonLogger', () => {
  it('redacts every secret value in fields, field names and the event, as is and JSON-escaped', () => {
    const { logger, lines } = capture([TOKEN, SECRET, undefined, '']);
    logger.log('error', 'graph.reload_refused', {
      error: `included file quoted: WHATSAPP_ACCESS_TOKEN=${TOKEN}\0WHATSAPP_APP_SECRET=${SECRET}\0`,
      [`k${TOKEN}`]: 1,
      user: '919876504321',
    });
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? '';
    expect(line).not.toContain(TOKEN);
    expect(line).not.toContain('app\\"secret');
    expect(line).not.toContain('EAAG');
    const record = JSON.parse(line) as Record<string, unknown>;
    expect(record['error']).toBe('included file quoted: WHATSAPP_ACCESS_TOKEN=[redacted]\0WHATSAPP_APP_SECRET=[redacted]\0');
    expect(record['user']).toBe('91******4321');
  });

  it('ignores empty and very short values (they would blank ordinary words)', () => {
    const { logger, lines } = capture(['', 'ok']);
    logger.log('info', 'server.started', { url: 'http://127.0.0.1:3000', note: 'ok' });
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ note: 'ok' });
  });

  it('caps a line: long fields are cut, saying how much, and the line stays valid JSON without the secret', () => {
    const { logger, lines } = capture([TOKEN]);
    const huge = `${'x'.repeat(100_000)}${TOKEN}${'y'.repeat(1_000_000)}`;
    logger.log('error', 'graph.reload_refused', { error: huge, reason: 'file changed' });
    const line = lines[0] ?? '';
    expect(line.length).toBeLessThanOrEqual(MAX_LOG_LINE + 1);
    expect(line).not.toContain('EAAG');
    const record = JSON.parse(line) as Record<string, unknown>;
    expect(record).toMatchObject({ event: 'graph.reload_refused', reason: 'file changed', truncated: true });
    expect(String(record['error'])).toMatch(/… \(\d+ more characters\)$/);
  });
});
