import { accessOperations } from './access.operations.ts';
import { awardsRunOperation } from './awards.operation.ts';
import { importOperation } from './import.operation.ts';
import { jobRunsOperation } from './jobs.operation.ts';
import { migrateOperation } from './migrate.operation.ts';
import type { Operation } from './operation.ts';

/** Every administrator operation, runnable by the CLI locally or inside a running server. */
export const operations = new Map<string, Operation<never>>(
  [migrateOperation, importOperation, jobRunsOperation, ...accessOperations, awardsRunOperation].map((op) => [op.name, op as Operation<never>]),
);
