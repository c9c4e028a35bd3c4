/** A row as the database returns it. */
export type Row = Record<string, unknown>;

/**
 * The SQL surface the server uses, implemented by embedded PGlite and by real PostgreSQL alike, so that the
 * same SQL and migrations run on a laptop and in production.
 */
export interface Database {
  /** `embedded` (PGlite in a data directory or in memory) or `postgres`. */
  readonly kind: "embedded" | "postgres";
  /** Runs one parameterised statement ($1, $2, ...) and returns its rows. */
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` in a transaction on one connection: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Calls `onMessage` with the payload of each `NOTIFY` on `channel` (from any process on the same database, this
   * one included). `onState(false)` says the listening connection dropped, so notifications may be missed until
   * `onState(true)` says it listens again (it reconnects by itself). Resolves once listening; the returned function
   * stops.
   */
  listen(
    channel: string,
    onMessage: (payload: string) => void,
    onState: (listening: boolean) => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** What a transaction body may do. */
export type Queryable = Pick<Database, "query">;
