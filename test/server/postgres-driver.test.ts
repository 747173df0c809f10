/**
 * The PostgreSQL driver without a database: a connection that breaks while a transaction holds it
 * (a database restart) must not crash the process through an unheard 'error' event.
 */
import { EventEmitter } from 'node:events';
import type { Pool, PoolClient } from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { postgresDriver } from '../../src/server/postgres';

/** A pooled client whose connection breaks during the transaction's first statement after BEGIN. */
function breakingPool(): { pool: Pool; client: EventEmitter & { released: number } } {
  const client = Object.assign(new EventEmitter(), {
    released: 0,
    query: vi.fn(async (text: string) => {
      if (text === 'BEGIN' || text === 'ROLLBACK') return { rows: [] };
      // As pg does: the client emits 'error' (nobody else listens now), and the query rejects.
      client.emit('error', new Error('Connection terminated unexpectedly'));
      throw new Error('Connection terminated unexpectedly');
    }),
    release: () => void client.released++,
  });
  const pool = { connect: async () => client as unknown as PoolClient } as unknown as Pool;
  return { pool, client };
}

describe('postgresDriver', () => {
  it('hears a connection that breaks mid-transaction: the transaction rejects, nothing is thrown at the process', async () => {
    const { pool, client } = breakingPool();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    // Without a listener, EventEmitter throws an unheard 'error' synchronously from emit().
    await expect(postgresDriver(pool).transaction((tx) => tx.query('SELECT 1'))).rejects.toThrow(
      'Connection terminated unexpectedly',
    );
    expect(logged).toHaveBeenCalledWith(
      'candor/server: PostgreSQL connection error:',
      'Connection terminated unexpectedly',
    );
    expect(client.listenerCount('error')).toBe(0); // taken off again when the client goes back to the pool
    expect(client.released).toBe(1);
    logged.mockRestore();
  });
});
