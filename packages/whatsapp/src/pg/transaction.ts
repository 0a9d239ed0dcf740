/** One transaction on a connection of its own (the `samvad` commands that write PostgreSQL). */
import type { PgClient, PgPool } from './pool.js';

/**
 * Runs `work` between BEGIN and COMMIT on a connection taken from `pool`; on any error rolls back
 * and rethrows. A connection that cannot even roll back is not handed back to the pool.
 */
export async function inTransaction<T>(pool: PgPool, work: (client: PgClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
