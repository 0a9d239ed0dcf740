/**
 * Where sessions live between messages. Promise-returning so that a networked store (Redis)
 * fits the same interface. Stores keep sessions as they were put; `step` checks what it reads.
 */
import type { Session } from '../session/session.js';

/** Keeps one session per citizen id (e.g. a WhatsApp number). */
export interface SessionStore {
  /** The session stored under `id`, or undefined. An unreadable stored value reads as undefined. */
  get(id: string): Promise<Session | undefined>;
  /** Stores (replaces) the session under `id`, atomically. */
  put(id: string, session: Session): Promise<void>;
  /** Forgets the session under `id` (no error if there is none). */
  delete(id: string): Promise<void>;
  /** Releases resources; the store is not used afterwards. */
  close(): Promise<void>;
}
