/** The PostgreSQL processor's statement gate: at most N statements in flight, the rest in order. */
import { describe, expect, it } from 'vitest';
import { StatementGate, defaultStatementsInFlight } from '../src/pg/statement-gate.js';

/** A task that records when it starts and ends, and ends when told to. */
function task(log: string[], name: string) {
  let finish: (() => void) | undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    run: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return name;
    },
    finish: () => finish?.(),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('StatementGate', () => {
  it('runs at most its permits at once and starts the waiting ones in order as permits free', async () => {
    const gate = new StatementGate(2);
    const log: string[] = [];
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => task(log, n));
    const results = [a, b, c, d].map((t) => gate.run(t!.run));
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    b!.finish();
    await tick();
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
    a!.finish();
    c!.finish();
    d!.finish();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
    expect(log.filter((l) => l.startsWith('start'))).toEqual(['start a', 'start b', 'start c', 'start d']);
  });

  it('frees the permit of a task that throws, and passes the error on', async () => {
    const gate = new StatementGate(1);
    await expect(gate.run(async () => Promise.reject(new Error('connection lost')))).rejects.toThrow('connection lost');
    expect(await gate.run(async () => 'next')).toBe('next');
  });

  it('defaults to the cores less one, at least one', () => {
    expect(defaultStatementsInFlight()).toBeGreaterThanOrEqual(1);
  });
});
