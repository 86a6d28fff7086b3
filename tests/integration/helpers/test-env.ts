/**
 * The suite runs on embedded PGlite by default, and on PostgreSQL when DATABASE_URL (or
 * TEST_DATABASE_URL) points at a server; CI runs it both ways. Tests may read the environment.
 */
export const testDatabaseUrl = (): string | undefined =>
  process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;

export const isCi = (): boolean => ['1', 'true'].includes(String(process.env.CI).toLowerCase());
