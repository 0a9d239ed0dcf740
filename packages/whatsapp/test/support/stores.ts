/**
 * The two stores `samvad serve` runs on, for suites that run once per store:
 *
 * ```ts
 * const stores = storesForFile(fake);
 * describe.each(stores)('samvad serve on $name', (store) => { … serveJalnaMitra(fake, { db: await store.db('x.db'), … }) … });
 * ```
 *
 * `db(name)` gives what `serveEnv`'s `db` option takes: on SQLite the file name itself (a file in
 * the fake's scratch folder); on PostgreSQL the URL of a fresh database (support/postgres.ts), the
 * same one for the same name within a file (a restarted server finds its data). The databases are
 * dropped after the file's tests. `rows(name)` reads what a server stored, the same shape from
 * either store.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll } from 'vitest';
import { startTestPostgres } from './postgres.js';
import type { TestPostgres } from './postgres.js';
import type { FakeGraphProcess } from './served-bot.js';

/** An inbound message as stored: its sequence number and citizen. */
export interface StoredMessage {
  readonly seq: number;
  readonly user: string;
}

/** An outbox row as stored. */
export interface StoredReply {
  readonly id: number;
  readonly user: string;
  readonly inbound_seq: number;
  readonly body: string;
  readonly state: string;
  readonly attempts: number;
}

/** One store, as the suites use it. */
export interface TestStore {
  readonly name: 'sqlite' | 'postgres';
  /**
   * Settings this store's servers get in tests (PostgreSQL: a 5 s send lease, so that replies a
   * killed process had claimed are taken over in seconds, not the default 30 s).
   */
  readonly env: Readonly<Record<string, string>>;
  /** The `db` to pass to `serveEnv` / `serveJalnaMitra` for the store called `name`. */
  db(name: string): Promise<string>;
  /** Every inbound message and outbox row of the store called `name`, in order. */
  rows(name: string): Promise<{ inbound: StoredMessage[]; outbox: StoredReply[] }>;
}

/** SQLite and PostgreSQL for one test file (PostgreSQL databases dropped after its tests). */
export function storesForFile(fake: FakeGraphProcess): readonly TestStore[] {
  const databases = new Map<string, Promise<TestPostgres>>();
  afterAll(async () => {
    for (const db of databases.values()) await (await db).stop();
    databases.clear();
  });
  const database = (name: string): Promise<TestPostgres> => {
    let db = databases.get(name);
    if (db === undefined) {
      db = startTestPostgres();
      databases.set(name, db);
    }
    return db;
  };
  const sqlite: TestStore = {
    name: 'sqlite',
    env: {},
    db: async (name) => name,
    async rows(name) {
      const db = new Database(join(fake.dir, name), { readonly: true, fileMustExist: true });
      try {
        const inbound = db.prepare('SELECT seq, user FROM inbound ORDER BY seq').all() as StoredMessage[];
        const outbox = db.prepare('SELECT id, user, inbound_seq, body, state, attempts FROM outbox ORDER BY id').all() as StoredReply[];
        return { inbound, outbox };
      } finally {
        db.close();
      }
    },
  };
  const postgres: TestStore = {
    name: 'postgres',
    env: { SAMVAD_SEND_LEASE_MS: '5000' },
    db: async (name) => (await database(name)).url,
    async rows(name) {
      const client = new pg.Client({ connectionString: (await database(name)).url });
      await client.connect();
      try {
        const inbound = await client.query<{ seq: string; user: string }>('SELECT seq, citizen AS user FROM inbound ORDER BY seq');
        const outbox = await client.query<{ id: string; user: string; inbound_seq: string; body: string; state: string; attempts: number }>(
          'SELECT id, citizen AS user, inbound_seq, body, state, attempts FROM outbox ORDER BY id',
        );
        return {
          inbound: inbound.rows.map((r) => ({ seq: Number(r.seq), user: r.user })),
          outbox: outbox.rows.map((r) => ({ ...r, id: Number(r.id), inbound_seq: Number(r.inbound_seq) })),
        };
      } finally {
        await client.end();
      }
    },
  };
  return [sqlite, postgres];
}
