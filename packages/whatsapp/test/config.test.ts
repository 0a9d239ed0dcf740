import { describe, expect, it } from 'vitest';
import { describeConfigVars, loadConfig } from '@samvad/whatsapp';

const REQUIRED = {
  WHATSAPP_APP_SECRET: 's',
  WHATSAPP_VERIFY_TOKEN: 'v',
  WHATSAPP_ACCESS_TOKEN: 'a',
  WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
};

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const result = loadConfig(REQUIRED);
    expect(result).toEqual({
      ok: true,
      config: {
        appSecret: 's',
        verifyToken: 'v',
        accessToken: 'a',
        phoneNumberId: '106540352242922',
        apiBaseUrl: 'https://graph.facebook.com/v23.0',
        dbPath: './samvad.db',
        port: 3000,
        host: '127.0.0.1',
        sendRate: 80,
        workerNice: 5,
        replyMaxAgeSeconds: 82_800,
        healthMaxWaitSeconds: 120,
      },
    });
  });

  it('names every missing required variable', () => {
    const result = loadConfig({});
    expect(result.ok).toBe(false);
    const text = result.ok ? '' : result.errors.join('\n');
    for (const name of Object.keys(REQUIRED)) expect(text).toContain(name);
  });

  it('names invalid values', () => {
    const result = loadConfig({ ...REQUIRED, PORT: 'eighty', WHATSAPP_SEND_RATE: '0', WHATSAPP_API_BASE_URL: 'graph.facebook.com', SAMVAD_WORKER_NICE: '-5' });
    expect(result.ok).toBe(false);
    const text = result.ok ? '' : result.errors.join('\n');
    expect(text).toContain('PORT must be a whole number');
    expect(text).toContain('WHATSAPP_SEND_RATE must be a whole number');
    expect(text).toContain('WHATSAPP_API_BASE_URL must be an http(s) URL');
    expect(text).toContain('SAMVAD_WORKER_NICE must be a whole number from 0 to 19, got "-5"');
  });

  it('documents every variable for --help', () => {
    const help = describeConfigVars();
    for (const name of [...Object.keys(REQUIRED), 'WHATSAPP_API_BASE_URL', 'SAMVAD_DB', 'PORT', 'HOST', 'WHATSAPP_SEND_RATE', 'SAMVAD_WORKER_NICE']) {
      expect(help).toContain(name);
    }
  });
});
