import { BotInputError, type BotPorts, type ConsoleApi } from '../../bot/index.ts';
import type { Db } from '../../db/client.ts';
import type { Config } from '../config.ts';
import { can, findBranchTarget, principalForStaff, type Permission } from '../domains/access/index.ts';
import { findStaffIdentity } from '../domains/org/index.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import type { ChatConsolePort } from '../realtime/ports.ts';

/** Part of the composition root: the bot's ports implemented with domain services. */
export function createBotPorts(db: Db, config: Readonly<Config>, clock: Clock): BotPorts {
  return {
    staff: { findByCode: (code) => findStaffIdentity(db.sql, code) },
    access: {
      async can(staffCode, permission, target) {
        const principal = await principalForStaff(db.sql, staffCode);
        if (!principal) return false;
        const branch = target ? await findBranchTarget(db.sql, target.branchCode) : undefined;
        if (target && !branch) return false;
        return can(principal, permission as Permission, branch);
      },
    },
    bank: { name: config.bank.name, timeZone: config.bank.timeZone },
    clock,
  };
}

/** The console API as the realtime layer sees it: bot input mistakes become client errors, never 500s. */
export function adaptConsole(api: ConsoleApi): ChatConsolePort {
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof BotInputError)) throw error;
      const code = error.kind === 'not_found' ? 'NOT_FOUND' : error.kind === 'forbidden' ? 'FORBIDDEN' : 'INVALID_INPUT';
      throw new AppError(code, error.message, [{ field: error.field, reason: error.message }]);
    }
  };
  return {
    join: (staffCode) => guard(() => api.join(staffCode)),
    send: (chatId, staffCode, text) => guard(() => api.send(chatId, staffCode, text)),
    act: (chatId, staffCode, messageId, value) => guard(() => api.act(chatId, staffCode, messageId, value)),
    onPosted: (listener) => api.onPosted(listener),
  };
}
