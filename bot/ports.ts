/**
 * What the bot needs from the domains, as an interface: main.ts implements it with domain
 * services; bot tests implement it with plain objects. The bot never touches SQL or server code.
 */
export interface StaffIdentity {
  code: string;
  name: string;
  role: string;
  branchCode: string | null;
  branchName: string | null;
  regionCode: string | null;
  regionName: string | null;
  active: boolean;
}

export interface BotPorts {
  staff: {
    findByCode(code: string): Promise<StaffIdentity | undefined>;
  };
  /**
   * The access-control function, applied as the staff member mapped from the chat operator: the
   * same `authorize` the web and sockets use. `target` names a branch when the action touches one.
   */
  access: {
    can(staffCode: string, permission: string, target?: { branchCode: string }): Promise<boolean>;
  };
  bank: { name: string; timeZone: string };
  clock: { now(): Date };
}

/** The slice of a structured logger the bot uses (pino fits). Never pass message text: it may hold PII. */
export interface BotLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
