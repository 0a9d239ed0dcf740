import { prepareGraph } from '@samvad/runtime';
import { describe, expect, it } from 'vitest';
import { runtimeEngine } from '../src/server/runtime-engine.js';
import { openDatabase } from '../src/store/db.js';
import { testGraph } from './support/graph.js';

describe('the serve engine and the word index', () => {
  it('builds the graph\'s word index when the graph is loaded (or reloaded), before the first citizen writes', async () => {
    const db = openDatabase(':memory:');
    try {
      const loaded = testGraph();
      const engine = runtimeEngine(loaded, db, {});
      // Already prepared: the engine built it, no message has been handled yet.
      expect(prepareGraph(loaded)).toBe(false);
      const reloaded = testGraph(`sha256:${'2'.repeat(64)}`);
      runtimeEngine(reloaded, db, {});
      expect(prepareGraph(reloaded)).toBe(false);
      const turn = await engine.prepare('919800000001', { kind: 'text', text: 'hi' }, 1_000);
      expect(turn.outbound.length).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });
});
