/**
 * The worker's copy of recently used sessions, so a citizen's next message does not read (and
 * parse) the session back from SQLite. The worker is the only writer of sessions, and an entry is
 * set only after its transaction committed, so the cache never holds a state the file lacks; the
 * least recently used entries are dropped beyond `capacity`.
 */
import type { Session } from '@samvad/runtime';

export class SessionCache {
  private readonly entries = new Map<string, Session>();

  constructor(private readonly capacity = 10_000) {}

  /** The committed session of `user`, if cached (and marks it recently used). */
  get(user: string): Session | undefined {
    const session = this.entries.get(user);
    if (session === undefined) return undefined;
    this.entries.delete(user);
    this.entries.set(user, session);
    return session;
  }

  /** Records the session `user` now has in the database (call after the commit). */
  set(user: string, session: Session): void {
    this.entries.delete(user);
    this.entries.set(user, session);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** Forgets `user` (before a write whose commit is not yet known). */
  delete(user: string): void {
    this.entries.delete(user);
  }

  get size(): number {
    return this.entries.size;
  }
}
