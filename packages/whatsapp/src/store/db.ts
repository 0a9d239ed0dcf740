/**
 * The one SQLite file behind `samvad serve`: inbound messages, the outbox, statuses, durable calls
 * (and the runtime's sessions, which share the connection so a turn commits in ONE transaction).
 *
 * WAL with `synchronous=NORMAL`: a commit is durable against a crash of the process (kill -9,
 * OOM, panic) because it is in the WAL file before `COMMIT` returns; only an OS crash or power
 * loss can lose the last few commits (WAL mode never corrupts). Set `SAMVAD_DB_SYNC=FULL` to
 * fsync every commit as well (group commit keeps that affordable).
 */
import Database from 'better-sqlite3';

export type Db = Database.Database;

// Sequence numbers are rowids (no AUTOINCREMENT, which writes sqlite_sequence on every insert):
// rows are never deleted, so a rowid is never reused and keeps arrival order.
//
// A message is processed when `processed` has its row: appended in the transaction that commits
// the turn, so an inbound row is written once and never updated (updating it, and an index of the
// unprocessed, cost both threads ~3 µs a message). `progress` holds a low-water mark, advanced
// by the worker: every seq below it is processed, so looking for unprocessed messages starts
// there instead of at the first message ever received.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS inbound (
  seq          INTEGER PRIMARY KEY,
  wamid        TEXT    NOT NULL UNIQUE,
  user         TEXT    NOT NULL,
  type         TEXT    NOT NULL,
  message      TEXT    NOT NULL,
  received_at  INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS processed (
  seq          INTEGER PRIMARY KEY,
  processed_at INTEGER NOT NULL,
  error        TEXT
);
CREATE TABLE IF NOT EXISTS progress (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  processed_below INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
  id          INTEGER PRIMARY KEY,
  user        TEXT    NOT NULL,
  inbound_seq INTEGER NOT NULL REFERENCES inbound (seq),
  body        TEXT    NOT NULL,
  state       TEXT    NOT NULL DEFAULT 'pending'
              CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'window_closed')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  wamid       TEXT,
  error_code  INTEGER,
  error       TEXT,
  created_at  INTEGER NOT NULL,
  sent_at     INTEGER
);
CREATE INDEX IF NOT EXISTS outbox_open ON outbox (id) WHERE state IN ('pending', 'sending');
CREATE TABLE IF NOT EXISTS statuses (
  wamid      TEXT    NOT NULL,
  status     TEXT    NOT NULL,
  recipient  TEXT    NOT NULL,
  timestamp  INTEGER NOT NULL,
  error_code INTEGER,
  error      TEXT,
  PRIMARY KEY (wamid, status)
);
-- Durable calls to department systems (calls/): inserted by the turn that made the call, in its
-- transaction; key = the idempotency key. A call is 'pending' until ONE transaction marks it
-- 'done' and inserts the inbound row 'samvad-call:<key>' carrying its result. lease_until: an
-- attempt is in flight (void after a restart); window_start: WhatsApp's timestamp (ms) of the
-- message whose turn made the call (the reply's 24-hour window). Added to older files as is.
CREATE TABLE IF NOT EXISTS calls (
  key          TEXT    PRIMARY KEY,
  user         TEXT    NOT NULL,
  bot          TEXT    NOT NULL,
  endpoint     TEXT    NOT NULL,
  node         TEXT    NOT NULL,
  request_id   TEXT    NOT NULL,
  inbound_seq  INTEGER NOT NULL REFERENCES inbound (seq),
  window_start INTEGER NOT NULL,
  timeout_ms   INTEGER NOT NULL,
  body         TEXT    NOT NULL,
  state        TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  next_at      INTEGER NOT NULL,
  lease_until  INTEGER,
  created_at   INTEGER NOT NULL,
  done_at      INTEGER,
  outcome      TEXT,
  last_error   TEXT,
  answer       TEXT
);
CREATE INDEX IF NOT EXISTS calls_pending ON calls (next_at) WHERE state = 'pending';
`;

/**
 * Opens (creating if needed) the database at `path`, in WAL mode, with the schema in place.
 * `autoCheckpoint`: WAL pages after which a commit on this connection also checkpoints (SQLite's
 * default 1000; 0 = never, when another thread checkpoints — see `startCheckpoints`).
 */
export function openDatabase(path: string, synchronous: 'NORMAL' | 'FULL' = 'NORMAL', autoCheckpoint = 1000): Db {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma(`wal_autocheckpoint = ${Math.max(0, Math.floor(autoCheckpoint))}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.exec(SCHEMA);
  migrateProcessedMarks(db);
  return db;
}

/**
 * Files written before `processed` existed marked a message with `inbound.processed_at` and kept
 * a partial index of the unprocessed: their marks are copied over once and the index dropped (the
 * old columns stay, unused). Idempotent, and a no-op on a new file.
 */
function migrateProcessedMarks(db: Db): void {
  const hasOldIndex = () => db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'inbound_unprocessed'`).get() !== undefined;
  if (!hasOldIndex()) return;
  db.transaction(() => {
    if (!hasOldIndex()) return; // another connection migrated first
    db.exec(`INSERT OR IGNORE INTO processed (seq, processed_at, error)
               SELECT seq, processed_at, error FROM inbound WHERE processed_at IS NOT NULL;
             DROP INDEX inbound_unprocessed;`);
  }).immediate();
}

/** Inbound messages without a `processed` row, from the low-water mark on (SQL, after FROM). */
export const UNPROCESSED = `inbound i
  WHERE i.seq >= (SELECT coalesce(max(processed_below), 0) FROM progress)
    AND NOT EXISTS (SELECT 1 FROM processed p WHERE p.seq = i.seq)`;

/**
 * Advances the low-water mark to the first unprocessed message (or past the last message when
 * all are processed); returns a function that does it. Only ever moves forward.
 */
export function lowWaterMark(db: Db): () => void {
  const first = db
    .prepare(
      `SELECT coalesce((SELECT i.seq FROM ${UNPROCESSED} ORDER BY i.seq LIMIT 1), (SELECT coalesce(max(seq), 0) + 1 FROM inbound))`,
    )
    .pluck();
  const current = db.prepare('SELECT coalesce(max(processed_below), 0) FROM progress').pluck();
  const save = db.prepare(
    `INSERT INTO progress (id, processed_below) VALUES (1, ?)
     ON CONFLICT (id) DO UPDATE SET processed_below = max(processed_below, excluded.processed_below)`,
  );
  return () => {
    const below = first.get() as number;
    if (below > (current.get() as number)) save.run(below);
  };
}

/**
 * Checkpoints the WAL every `everyMs` (PASSIVE: never waits for, nor blocks, a writer), so that
 * commits do not: an automatic checkpoint runs inside the commit that crosses the threshold and
 * with `synchronous=NORMAL` fsyncs twice. Returns a function that stops it.
 */
export function startCheckpoints(db: Db, everyMs = 250): () => void {
  const timer = setInterval(() => {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or closing: the next tick tries again.
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
