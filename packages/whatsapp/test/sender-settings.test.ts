/** The sender's operator settings: read by the worker, checked by `loadConfig` at start-up. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '@samvad/whatsapp';
import { sendSettingsFrom } from '../src/send/settings.js';

const required = {
  WHATSAPP_APP_SECRET: 'secret',
  WHATSAPP_VERIFY_TOKEN: 'verify',
  WHATSAPP_ACCESS_TOKEN: 'token',
  WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
};

describe('sender settings', () => {
  it('default to a 5-minute retry cap and a 10-second request deadline; read seconds from the environment', () => {
    expect(sendSettingsFrom({})).toEqual({ retryCapMs: 300_000, timeoutMs: 10_000 });
    expect(sendSettingsFrom({ SAMVAD_SEND_RETRY_CAP: '60', SAMVAD_SEND_TIMEOUT: ' 5 ' })).toEqual({ retryCapMs: 60_000, timeoutMs: 5_000 });
  });

  it('an invalid value stops serve at start-up with the variable named', () => {
    const result = loadConfig({ ...required, SAMVAD_SEND_RETRY_CAP: '0', SAMVAD_SEND_TIMEOUT: 'soon' });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toContain('SAMVAD_SEND_RETRY_CAP must be a whole number from 1 to 3600, got "0"');
    expect(errors).toContain('SAMVAD_SEND_TIMEOUT must be a whole number from 1 to 120, got "soon"');
    expect(loadConfig({ ...required, SAMVAD_SEND_RETRY_CAP: '900' }).ok).toBe(true);
  });
});
