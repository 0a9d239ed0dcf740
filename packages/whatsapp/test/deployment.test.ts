/** `samvad serve --config deployment.json`: the deployment file's checks and what it resolves to. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEND_RATE, DeploymentError, loadDeployment, parseDeployment } from '../src/deployment.js';

const dir = mkdtempSync(join(tmpdir(), 'samvad-deployment-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'jalna.flow'), 'bot x\n');
writeFileSync(join(dir, 'beed.json'), '{}');
writeFileSync(join(dir, 'canned.json'), '{}');

const ENV = {
  WHATSAPP_APP_SECRET: 'app-secret-value-1234',
  WHATSAPP_VERIFY_TOKEN: 'verify-token-value',
  JALNA_TOKEN: 'EAAJalnaTokenValue0001',
  BEED_TOKEN: 'EAABeedTokenValue0002',
};
const SECRETS = Object.values(ENV);

const good = {
  appSecretEnv: 'WHATSAPP_APP_SECRET',
  verifyTokenEnv: 'WHATSAPP_VERIFY_TOKEN',
  bots: [
    { name: 'jalna', phoneNumberId: '106540352242922', flow: 'jalna.flow', accessTokenEnv: 'JALNA_TOKEN', sendRate: 20 },
    { name: 'beed', phoneNumberId: '106540352242923', graph: 'beed.json', accessTokenEnv: 'BEED_TOKEN', data: 'canned.json' },
  ],
};

/** Writes `config` as deploy.json and loads it; returns the error lines (empty when it loaded). */
function errorsOf(config: unknown, env: Record<string, string> = ENV): string[] {
  const path = join(dir, 'deploy.json');
  writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  try {
    loadDeployment(path, env);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(DeploymentError);
    const lines = (error as DeploymentError).errors;
    for (const line of lines) {
      expect(line.startsWith(`${path}: `)).toBe(true);
      for (const secret of SECRETS) expect(line).not.toContain(secret);
    }
    return [...lines];
  }
}

function withBot(index: number, patch: Record<string, unknown>, drop: readonly string[] = []): unknown {
  const bots = good.bots.map((bot, i) => {
    if (i !== index) return bot;
    const copy: Record<string, unknown> = { ...bot, ...patch };
    for (const key of drop) delete copy[key];
    return copy;
  });
  return { ...good, bots };
}

describe('loadDeployment', () => {
  it('resolves secrets from the environment, paths against the file, and defaults the send rate', () => {
    const path = join(dir, 'ok.json');
    writeFileSync(path, JSON.stringify(good));
    const deployment = loadDeployment(path, ENV);
    expect(deployment).toEqual({
      appSecret: ENV.WHATSAPP_APP_SECRET,
      verifyToken: ENV.WHATSAPP_VERIFY_TOKEN,
      bots: [
        { name: 'jalna', phoneNumberId: '106540352242922', flow: join(dir, 'jalna.flow'), accessToken: ENV.JALNA_TOKEN, sendRate: 20 },
        { name: 'beed', phoneNumberId: '106540352242923', graph: join(dir, 'beed.json'), accessToken: ENV.BEED_TOKEN, sendRate: DEFAULT_SEND_RATE, data: join(dir, 'canned.json') },
      ],
    });
  });

  it('names a missing file and says what to pass', () => {
    expect(() => loadDeployment(join(dir, 'nope.json'), ENV)).toThrow(/nope\.json: cannot read the deployment file \(no such file\); pass the path/);
  });

  it('points at a JSON syntax error by line and column', () => {
    expect(errorsOf('{\n  "bots": [\n    { "name": "x" }\n  ]\n  "appSecretEnv": "A"\n}')).toEqual([expect.stringMatching(/not valid JSON \(.*line 5, column 3\); fix the syntax$/)]);
  });

  it('refuses a number served twice and a name used twice, naming the first bot', () => {
    const errors = errorsOf(withBot(1, { phoneNumberId: '106540352242922', name: 'jalna' }));
    expect(errors).toContain(`${join(dir, 'deploy.json')}: bots[1].phoneNumberId: 106540352242922 is already served by bots[0]; a number can have only one bot`);
    expect(errors.some((e) => e.includes('bots[1].name: "jalna" is already the name of bots[0]'))).toBe(true);
  });

  it('names the unset environment variable and the JSON path that names it', () => {
    const { BEED_TOKEN: _unset, ...env } = ENV;
    expect(errorsOf(good, env)).toEqual([
      `${join(dir, 'deploy.json')}: bots[1].accessTokenEnv: environment variable BEED_TOKEN is not set; export it with the Graph API access token of beed before starting`,
    ]);
  });

  it('refuses a token value written in the file, without repeating it', () => {
    const pasted = errorsOf(withBot(0, { accessTokenEnv: 'EAAJalnaTokenValue0001' }));
    expect(pasted).toEqual([expect.stringContaining('bots[0].accessTokenEnv: is not an environment variable name')]);
    const asKey = errorsOf(withBot(0, { accessToken: 'EAAJalnaTokenValue0001' }, ['accessTokenEnv']));
    expect(asKey).toContain(`${join(dir, 'deploy.json')}: bots[0].accessToken: secrets do not belong in the file; put the value in an environment variable and name that variable in "accessTokenEnv"`);
    expect(errorsOf({ ...good, appSecret: 'app-secret-value-1234' }).some((e) => e.includes('appSecret: secrets do not belong in the file'))).toBe(true);
  });

  it('refuses unknown keys with a suggestion', () => {
    expect(errorsOf(withBot(0, { sendrate: 5 }))).toEqual([expect.stringContaining('bots[0].sendrate: unknown key; did you mean "sendRate"?')]);
    expect(errorsOf({ ...good, bot: [] })).toEqual([expect.stringContaining(': bot: unknown key; did you mean "bots"?')]);
  });

  it('refuses both flow and graph, and neither', () => {
    expect(errorsOf(withBot(0, { graph: 'beed.json' }))).toEqual([expect.stringContaining('bots[0]: has both "flow" and "graph"; keep one')]);
    expect(errorsOf(withBot(0, {}, ['flow']))).toEqual([expect.stringContaining('bots[0]: has neither "flow" nor "graph"')]);
  });

  it('checks files exist and have the right kind, relative to the deployment file', () => {
    expect(errorsOf(withBot(0, { flow: 'missing.flow' }))).toEqual([expect.stringContaining(`bots[0].flow: file not found: ${join(dir, 'missing.flow')}`)]);
    expect(errorsOf(withBot(1, { graph: 'jalna.flow' }))).toEqual([expect.stringContaining('bots[1].graph: "jalna.flow" must name a .json file; a .flow source goes in "flow"')]);
  });

  it('checks the number id and the send rate', () => {
    const errors = errorsOf(withBot(0, { phoneNumberId: 106540352242922, sendRate: 0 }));
    expect(errors).toEqual([
      expect.stringContaining('bots[0].phoneNumberId: must be a string of digits in quotes'),
      expect.stringContaining('bots[0].sendRate: must be a whole number of messages per second from 1 to 10000'),
    ]);
  });

  it('reports every problem at once, and needs at least one bot', () => {
    expect(errorsOf({ appSecretEnv: 'NOT_SET', bots: [] })).toEqual([
      expect.stringContaining('appSecretEnv: environment variable NOT_SET is not set'),
      expect.stringContaining('verifyTokenEnv: must name the environment variable'),
      expect.stringContaining('bots: must be a non-empty list of bots'),
    ]);
  });

  it('parseDeployment is pure: the caller says which files exist', () => {
    const result = parseDeployment(JSON.stringify(good), join(dir, 'x.json'), ENV, () => false);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.length).toBe(3);
  });
});
