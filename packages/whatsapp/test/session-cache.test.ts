import { SqliteSessionStore } from '@samvad/runtime/sqlite';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/store/db.js';
import { runtimeEngine } from '../src/server/runtime-engine.js';
import { SessionCache } from '../src/server/session-cache.js';
import { testGraph } from './support/graph.js';

describe('session cache', () => {
  it('drops the least recently used session beyond its capacity', () => {
    const cache = new SessionCache(2);
    const session = (node: string) => ({ node }) as never;
    cache.set('a', session('a'));
    cache.set('b', session('b'));
    cache.get('a');
    cache.set('c', session('c'));
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([session('a'), undefined, session('c')]);
  });

  it('holds a session only once its transaction has committed', async () => {
    const db = openDatabase(':memory:');
    const cache = new SessionCache();
    const engine = runtimeEngine(testGraph(), db, {}, cache);
    const user = '919800000001';

    const rolledBack = await engine.prepare(user, { kind: 'text', text: 'hi' }, 1_000);
    expect(() =>
      db.transaction(() => {
        rolledBack.commit();
        throw new Error('the batch failed');
      })(),
    ).toThrow('the batch failed');
    expect(cache.get(user)).toBeUndefined();
    expect(new SqliteSessionStore(db).getSync(user)).toBeUndefined();

    const turn = await engine.prepare(user, { kind: 'text', text: 'hi' }, 2_000);
    db.transaction(() => turn.commit())();
    turn.committed?.();
    expect(cache.get(user)).toEqual(new SqliteSessionStore(db).getSync(user));
    db.close();
  });
});
