/** The SQL conditions of the one-state outbox filters, shared by `samvad outbox` on SQLite and on PostgreSQL. */
import { OUTBOX_STATES } from './outbox-store.js';
import type { OutboxState } from './outbox-store.js';

/** The SQL condition of each one-state filter (`state = '…'`), the same on SQLite and PostgreSQL. */
export const STATE_WHERE = Object.fromEntries(OUTBOX_STATES.map((state) => [state, `state = '${state}'`])) as Readonly<Record<OutboxState, string>>;
