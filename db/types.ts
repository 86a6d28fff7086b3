import type postgres from 'postgres';

/** The postgres.js handle every repo takes as its first argument: the pool, or a transaction's `tx`. */
export type Sql = postgres.Sql<Record<string, never>>;
export type TransactionSql = postgres.TransactionSql<Record<string, never>>;
/** Either; repo functions accept both so a use case decides the transaction boundary. */
export type Queryable = Sql | TransactionSql;
