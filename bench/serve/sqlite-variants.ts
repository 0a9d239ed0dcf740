/**
 * The SQLite part of one message, for variants of the schema, measured in ONE process with the
 * variants interleaved batch by batch (so a busy neighbour slows them all alike): the HTTP
 * thread's insert + commit, and the worker's processed mark + session upsert + outbox insert +
 * commit, with a PASSIVE checkpoint every `--checkpoint-every` messages. CPU µs per message.
 *   node_modules/.bin/tsx bench/serve/sqlite-variants.ts [--messages 40000] [--checkpoint-every 2000]
 * Variants: `current` (the schema of store/db.ts: the mark a row appended to `processed`);
 * `update-in-place` (the schema before it: `inbound.processed_at` set by an UPDATE, with a partial
 * index of the unprocessed); `no-mark` (no processed mark at all: the lower bound); `fk-off`
 * (foreign_keys off).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../packages/whatsapp/src/store/db.js';
import type { Db } from '../../packages/whatsapp/src/store/db.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const MESSAGES = arg('messages', 40_000);
const CHECKPOINT_EVERY = arg('checkpoint-every', 2000);
const BATCH = 20;
const WARM = 5000;
const USERS = 1000;

const MARK_APPEND = 'INSERT INTO processed (processed_at, error, seq) VALUES (?, ?, ?) ON CONFLICT (seq) DO NOTHING';
interface Variant {
  readonly name: string;
  /** Run after the real schema is created. */
  readonly setup: string;
  readonly mark: string | undefined;
}
const VARIANTS: readonly Variant[] = [
  { name: 'current', setup: '', mark: MARK_APPEND },
  {
    name: 'update-in-place',
    setup: `ALTER TABLE inbound ADD COLUMN processed_at INTEGER; ALTER TABLE inbound ADD COLUMN error TEXT;
            CREATE INDEX inbound_unprocessed_old ON inbound (seq) WHERE processed_at IS NULL;`,
    mark: 'UPDATE inbound SET processed_at = ?, error = ? WHERE seq = ? AND processed_at IS NULL',
  },
  { name: 'no-mark', setup: '', mark: undefined },
  { name: 'fk-off', setup: 'PRAGMA foreign_keys = OFF;', mark: MARK_APPEND },
];

// Shapes and sizes as in the serve bench (a text message, a session, one rendered reply).
const user = (n: number) => `9198${String(n % USERS).padStart(8, '0')}`;
const message = (n: number) =>
  JSON.stringify({ wamid: `wamid.VARIANT${n}`, from: user(n), phoneNumberId: '106540352242922', timestamp: 1764370000, type: 'text', profileName: 'Bench', inbound: { kind: 'text', text: '0' }, errors: [] });
const SESSION = JSON.stringify({ v: 1, lang: 'mr', at: 'home', vars: { district: 'x'.repeat(40), count: 12 }, stack: [], updatedAt: 0, history: ['home', 'gr'] });
const BODY = JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '919800000001', type: 'interactive', interactive: { type: 'list', body: { text: 'y'.repeat(300) } } });

interface Subject {
  readonly variant: Variant;
  readonly db: Db;
  readonly http: (n0: number) => number[];
  readonly work: (seqs: readonly number[], n0: number) => void;
  httpUs: number;
  workerUs: number;
}

function subject(variant: Variant, dir: string): Subject {
  const db = openDatabase(join(dir, `${variant.name}.db`), 'NORMAL', 0);
  db.exec(variant.setup);
  db.exec('CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, data TEXT NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID');
  const insert = db.prepare('INSERT INTO inbound (wamid, user, type, message, received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (wamid) DO NOTHING');
  const mark = variant.mark === undefined ? undefined : db.prepare(variant.mark);
  const put = db.prepare('INSERT INTO sessions (id, data, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at');
  const outbox = db.prepare('INSERT INTO outbox (user, inbound_seq, body, created_at) VALUES (?, ?, ?, ?)');
  const http = db.transaction((n0: number) => {
    const seqs: number[] = [];
    for (let n = n0; n < n0 + BATCH; n += 1) seqs.push(Number(insert.run(`wamid.VARIANT${n}`, user(n), 'text', message(n), Date.now()).lastInsertRowid));
    return seqs;
  });
  const work = db.transaction((seqs: readonly number[], n0: number) => {
    seqs.forEach((seq, i) => {
      const now = Date.now();
      mark?.run(now, null, seq);
      put.run(user(n0 + i), SESSION, now);
      outbox.run(user(n0 + i), seq, BODY, now);
    });
  });
  return { variant, db, http, work, httpUs: 0, workerUs: 0 };
}

const cpu = () => {
  const c = process.cpuUsage();
  return c.user + c.system;
};
const dir = mkdtempSync(join(tmpdir(), 'samvad-sqlite-variants-'));
try {
  const subjects = VARIANTS.map((v) => subject(v, dir));
  for (let n = 0; n < MESSAGES; n += BATCH) {
    for (const s of subjects) {
      const t0 = cpu();
      const seqs = s.http(n);
      const t1 = cpu();
      s.work(seqs, n);
      if (n % CHECKPOINT_EVERY === 0) s.db.pragma('wal_checkpoint(PASSIVE)');
      const t2 = cpu();
      if (n >= WARM) {
        s.httpUs += t1 - t0;
        s.workerUs += t2 - t1;
      }
    }
  }
  for (const s of subjects) s.db.close();
  const per = (us: number) => Number((us / (MESSAGES - WARM)).toFixed(2));
  console.table(subjects.map((s) => ({ variant: s.variant.name, httpUsPerMessage: per(s.httpUs), workerUsPerMessage: per(s.workerUs) })));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
