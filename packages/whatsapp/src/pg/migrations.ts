/**
 * The PostgreSQL schema of `samvad serve` (`SAMVAD_DB=postgres://…`), as numbered migrations.
 * A migration is never edited once released: a change is a new entry at the end. They are applied
 * in order, each in its own transaction, under an advisory lock so that several processes starting
 * together apply each one once (`applyMigrations`, also `samvad db migrate`).
 *
 * Every row belongs to one business number (`number_id`, the webhook's `metadata.phone_number_id`):
 * one database serves many numbers and bots. A citizen is `(number_id, citizen)`: the same person
 * writing to two district numbers has two independent conversations.
 *
 * Times are milliseconds since the epoch (`bigint`), as in the SQLite store.
 */

/** One schema change. */
export interface Migration {
  /** 1, 2, 3… in order, never reused. */
  readonly version: number;
  /** What it does, a few words (stored with the version). */
  readonly name: string;
  readonly sql: string;
}

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'inbound, sessions, outbox, statuses, send rate',
    sql: `
-- Every message citizens sent, stored before the webhook is acknowledged; a wamid is stored once.
-- processed_at is set in the transaction that commits the turn (session + replies): a message is
-- processed exactly once; error is the engine's error when the turn failed and was skipped.
CREATE TABLE inbound (
  seq          bigserial PRIMARY KEY,
  wamid        text   NOT NULL UNIQUE,
  number_id    text   NOT NULL,
  citizen      text   NOT NULL,
  type         text   NOT NULL,
  message      text   NOT NULL,
  sent_at      bigint NOT NULL,
  received_at  bigint NOT NULL,
  processed_at bigint,
  error        text
);
CREATE INDEX inbound_unprocessed ON inbound (seq) WHERE processed_at IS NULL;
CREATE INDEX inbound_citizen_unprocessed ON inbound (number_id, citizen, seq) WHERE processed_at IS NULL;

-- The runtime's session of each citizen (JSON), written in the turn's transaction.
CREATE TABLE sessions (
  number_id  text   NOT NULL,
  citizen    text   NOT NULL,
  session    text   NOT NULL,
  updated_at bigint NOT NULL,
  PRIMARY KEY (number_id, citizen)
);

-- Rendered Cloud API bodies to send, in id order per citizen. window_start: WhatsApp's timestamp
-- (ms) of the message that caused the reply, from which the 24-hour window is counted.
-- While a process sends a row it holds a lease (claimed_by, lease_until); a row whose lease ran
-- out (its process died) is taken over by another process.
CREATE TABLE outbox (
  id           bigserial PRIMARY KEY,
  number_id    text    NOT NULL,
  citizen      text    NOT NULL,
  inbound_seq  bigint  NOT NULL REFERENCES inbound (seq),
  body         text    NOT NULL,
  state        text    NOT NULL DEFAULT 'pending'
               CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'window_closed')),
  attempts     integer NOT NULL DEFAULT 0,
  due_at       bigint  NOT NULL,
  window_start bigint  NOT NULL,
  claimed_by   text,
  lease_until  bigint,
  wamid        text,
  error_code   integer,
  error        text,
  created_at   bigint  NOT NULL,
  sent_at      bigint
);
CREATE INDEX outbox_open ON outbox (number_id, citizen, id) WHERE state IN ('pending', 'sending');
CREATE INDEX outbox_due ON outbox (due_at) WHERE state IN ('pending', 'sending');

-- Delivery statuses Meta reports for our messages.
CREATE TABLE statuses (
  number_id  text    NOT NULL,
  wamid      text    NOT NULL,
  status     text    NOT NULL,
  recipient  text    NOT NULL,
  timestamp  bigint  NOT NULL,
  error_code integer,
  error      text,
  PRIMARY KEY (wamid, status)
);

-- One token bucket per business number, shared by every process that sends for it.
CREATE TABLE send_rate (
  number_id  text             PRIMARY KEY,
  tokens     double precision NOT NULL,
  updated_at bigint           NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'calls to department systems',
    sql: `
-- Durable calls (calls/, pg/calls/): inserted by the turn that made the call, in its transaction;
-- key = the idempotency key (a random UUID, stable for ever). A call is 'pending' until ONE
-- transaction marks it 'done' and inserts the inbound row 'samvad-call:<key>' carrying its result.
-- While a process posts it, it holds a lease (claimed_by, lease_until: the attempt's timeout and a
-- little more); a call whose lease ran out (its process died) is taken over by another process.
-- window_start: WhatsApp's timestamp (ms) of the message whose turn made the call.
CREATE TABLE calls (
  key          text    PRIMARY KEY,
  number_id    text    NOT NULL,
  citizen      text    NOT NULL,
  bot          text    NOT NULL,
  endpoint     text    NOT NULL,
  node         text    NOT NULL,
  request_id   text    NOT NULL,
  inbound_seq  bigint  NOT NULL REFERENCES inbound (seq),
  window_start bigint  NOT NULL,
  timeout_ms   integer NOT NULL,
  body         text    NOT NULL,
  state        text    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),
  attempts     integer NOT NULL DEFAULT 0,
  next_at      bigint  NOT NULL,
  claimed_by   text,
  lease_until  bigint,
  created_at   bigint  NOT NULL,
  done_at      bigint,
  outcome      text,
  last_error   text,
  answer       text
);
CREATE INDEX calls_pending ON calls (next_at) WHERE state = 'pending';
`,
  },
];
