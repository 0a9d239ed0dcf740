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

  it('never repeats the value of a secret setting in an error', () => {
    const secrets = {
      WHATSAPP_APP_SECRET: 'f3a9c0d1 77e2b4a8',
      WHATSAPP_VERIFY_TOKEN: 'vt-Q9x\tvt-W2z',
      WHATSAPP_ACCESS_TOKEN: 'EAAGm0PX4ZCps\nBAKZCxyz',
      SAMVAD_METRICS_TOKEN: 'mt-K8s2q',
    };
    const result = loadConfig({ ...REQUIRED, ...secrets });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toHaveLength(4);
    for (const [name, value] of Object.entries(secrets)) {
      const error = errors.find((e) => e.startsWith(name)) ?? '';
      expect(error).toContain('(value not shown: it is a secret)');
      for (const part of value.split(/\s/)) expect(errors.join('\n')).not.toContain(part);
    }
    expect(errors.find((e) => e.startsWith('SAMVAD_METRICS_TOKEN'))).toBe('SAMVAD_METRICS_TOKEN must be at least 16 characters (value not shown: it is a secret)');
  });

  it('reads the reply age, health wait, database cap and metrics token', () => {
    const result = loadConfig({ ...REQUIRED, SAMVAD_REPLY_MAX_AGE: '3600', SAMVAD_HEALTH_MAX_WAIT: '30', SAMVAD_DB_MAX_MB: '512', SAMVAD_METRICS_TOKEN: 'a-long-enough-token' });
    expect(result).toMatchObject({ ok: true, config: { replyMaxAgeSeconds: 3600, healthMaxWaitSeconds: 30, dbMaxMb: 512, metricsToken: 'a-long-enough-token' } });
    const bad = loadConfig({ ...REQUIRED, SAMVAD_REPLY_MAX_AGE: '0', SAMVAD_DB_MAX_MB: 'lots' });
    expect(bad.ok ? [] : bad.errors).toEqual([
      'SAMVAD_REPLY_MAX_AGE must be a whole number from 1 to 2592000, got "0"',
      'SAMVAD_DB_MAX_MB must be a whole number from 1 to 1000000, got "lots"',
    ]);
  });

  it('reads SAMVAD_PG_STATEMENTS (PostgreSQL statements in flight), absent unless set', () => {
    expect(loadConfig({ ...REQUIRED, SAMVAD_PG_STATEMENTS: '6' })).toMatchObject({ ok: true, config: { pgStatements: 6 } });
    const unset = loadConfig(REQUIRED);
    expect(unset.ok && 'pgStatements' in unset.config).toBe(false);
    const bad = loadConfig({ ...REQUIRED, SAMVAD_PG_STATEMENTS: '0' });
    expect(bad.ok ? [] : bad.errors).toEqual(['SAMVAD_PG_STATEMENTS must be a whole number from 1 to 64, got "0"']);
  });

  it('refuses the settings of a SQLite file with a PostgreSQL SAMVAD_DB, naming each and what to do instead', () => {
    const pg = { ...REQUIRED, SAMVAD_DB: 'postgres://samvad:pw@127.0.0.1:5432/samvad' };
    expect(loadConfig(pg).ok).toBe(true);
    const bad = loadConfig({ ...pg, SAMVAD_DB_MAX_MB: '512', SAMVAD_DB_SYNC: 'FULL' });
    const errors = bad.ok ? [] : bad.errors;
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^SAMVAD_DB_MAX_MB applies to a SQLite file only, and SAMVAD_DB is PostgreSQL: unset it \(cap the database's size on the PostgreSQL server/);
    expect(errors[1]).toMatch(/^SAMVAD_DB_SYNC applies to a SQLite file only.*synchronous_commit/);
    expect(loadConfig({ ...REQUIRED, SAMVAD_DB: './district.db', SAMVAD_DB_MAX_MB: '512', SAMVAD_DB_SYNC: 'FULL' }).ok).toBe(true);
  });

  it('documents every variable for --help', () => {
    const help = describeConfigVars();
    for (const name of [...Object.keys(REQUIRED), 'WHATSAPP_API_BASE_URL', 'SAMVAD_DB', 'PORT', 'HOST', 'WHATSAPP_SEND_RATE', 'SAMVAD_WORKER_NICE', 'SAMVAD_REPLY_MAX_AGE', 'SAMVAD_HEALTH_MAX_WAIT', 'SAMVAD_DB_MAX_MB', 'SAMVAD_METRICS_TOKEN', 'SAMVAD_PG_STATEMENTS']) {
      expect(help).toContain(name);
    }
  });
});
