import { z } from 'zod';
import { AppError } from '../platform/errors.ts';
import { IMPORT_ENTITIES, importCsv } from '../domains/imports/index.ts';
import { defineOperation } from './operation.ts';

const MAX_SHOWN_ERRORS = 50;

/** `touchstone import <entity> <file.csv>`: all-or-nothing; each bad row named with line and field. */
export const importOperation = defineOperation({
  name: 'import',
  args: z.object({
    entity: z.enum(IMPORT_ENTITIES, { message: `entity must be one of ${IMPORT_ENTITIES.join(', ')}` }),
    fileName: z.string().min(1),
    /** The file's bytes, base64: the server may not see the CLI's working directory. */
    contentBase64: z.string(),
  }),
  async run(ctx, args) {
    const result = await importCsv(
      { db: ctx.db, clock: ctx.clock },
      {
        entity: args.entity,
        fileName: args.fileName,
        content: Buffer.from(args.contentBase64, 'base64'),
        actor: ctx.actor,
        onProgress: (p) => ctx.progress(p.phase === 'validating' ? '校验 validating' : '写入 writing', p.done, p.total),
      },
    );
    if (result.status === 'succeeded') {
      ctx.print(`imported ${result.entity} from ${result.fileName}: ${result.rowCount} rows, ${result.inserted} new, ${result.updated} updated`);
      return;
    }
    for (const e of result.errors.slice(0, MAX_SHOWN_ERRORS)) ctx.print(`row ${e.row}, ${e.field}: ${e.reason}`);
    if (result.errorCount > MAX_SHOWN_ERRORS) ctx.print(`… and ${result.errorCount - MAX_SHOWN_ERRORS} more`);
    throw new AppError(
      'INVALID_INPUT',
      `${args.fileName} rejected: ${result.errorCount} bad row${result.errorCount === 1 ? '' : 's'} of ${result.rowCount}; nothing was imported`,
    );
  },
});
