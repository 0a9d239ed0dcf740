/** An in-process session store for tests and the terminal simulator. */
import type { Session } from '../session/session.js';
import type { SessionStore } from './session-store.js';

/** Keeps sessions in a Map, as JSON text so callers never share mutable objects with the store. */
export class MemorySessionStore implements SessionStore {
  readonly #sessions = new Map<string, string>();
  #closed = false;

  async get(id: string): Promise<Session | undefined> {
    this.#check();
    const text = this.#sessions.get(id);
    return text === undefined ? undefined : (JSON.parse(text) as Session);
  }

  async put(id: string, session: Session): Promise<void> {
    this.#check();
    this.#sessions.set(id, JSON.stringify(session));
  }

  async delete(id: string): Promise<void> {
    this.#check();
    this.#sessions.delete(id);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#sessions.clear();
  }

  /** How many sessions are stored. */
  get size(): number {
    return this.#sessions.size;
  }

  #check(): void {
    if (this.#closed) throw new Error('the memory session store is closed');
  }
}
