/**
 * `@samvad/runtime/sqlite`: the session store in a SQLite file. Apart from the runtime's index
 * because it loads better-sqlite3's native addon, which commands that keep no sessions
 * (`samvad check`, `compile`, `chat`) should not pay for at start-up.
 */
export { SqliteSessionStore } from './store/sqlite-store.js';
export type { SqliteSessionStoreOptions } from './store/sqlite-store.js';
