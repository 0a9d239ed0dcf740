/**
 * Spawned by sqlite-crash.test.ts: writes a known session, says "written", then keeps
 * overwriting another session until it is killed with SIGKILL.
 */
import { SqliteSessionStore } from '../../src/store/sqlite-store.js';
import type { Session } from '../../src/session/session.js';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: crash-child <file>');
const store = new SqliteSessionStore(file);
const session = (node: string, n: number): Session => ({
  v: 1,
  node,
  lang: 'mr',
  vars: { name: 'सीता', n: String(n) },
  history: ['home', 'revenue'],
  graphHash: `sha256:${'c'.repeat(64)}`,
  createdAt: 1,
  updatedAt: n,
  misses: 0,
});
store.putSync('citizen-a', session('caste_certificate', 1));
process.stdout.write('written\n');
for (let n = 2; ; n += 1) store.putSync('citizen-b', session('busy', n));
