/**
 * One citizen at a time through the PostgreSQL processor's round trip (pg/turn-transaction.ts):
 * the tests' way to claim a message and commit its turn by hand, as a lane does for a batch of one.
 */
import type { PgClient } from '../../src/pg/pool.js';
import { citizenKey, turnRoundTrip } from '../../src/pg/turn-transaction.js';
import type { Claimed, TurnWrites } from '../../src/pg/turn-transaction.js';

/** Takes the citizen's lock and reads their oldest unprocessed message (a round trip of one claim). */
export async function claimNext(client: PgClient, numberId: string, citizen: string): Promise<Claimed> {
  const { next } = await turnRoundTrip(client, { commits: [], claims: [{ numberId, citizen }] });
  return next.get(citizenKey(numberId, citizen)) ?? { kind: 'locked' };
}

/** What `finishTurn` did, and what the citizen has next. */
export interface Finished {
  readonly marked: boolean;
  readonly replies: number;
  /** The citizen's next message (the lock still held), or `none` (the lock released). */
  readonly next: Claimed;
}

/** Commits one citizen's turn (a round trip of one commit) and reads their next message. */
export async function finishTurn(client: PgClient, numberId: string, citizen: string, writes: TurnWrites): Promise<Finished> {
  const done = await turnRoundTrip(client, { commits: [{ numberId, citizen, writes }], claims: [] });
  const marked = done.marked.has(writes.seq);
  return { marked, replies: marked ? writes.bodies.length : 0, next: done.next.get(citizenKey(numberId, citizen)) ?? { kind: 'none' } };
}
