import type { MentionedUser, OutboundMessage } from '../channel/channel.ts';
import type { Locale } from '../i18n/locale.ts';
import type { BotPorts, StaffIdentity } from '../ports.ts';

export interface CommandContext {
  ports: BotPorts;
  staff: StaffIdentity;
  chatId: string;
  locale: Locale;
  /** People @mentioned in the message (text commands only). */
  mentions?: MentionedUser[];
}

/** A typed command: `match` returns its arguments (and the language it was typed in) or undefined. */
export interface TextCommand {
  name: string;
  /** Checked with the access-control function before `handle` runs; none: any active staff member. */
  permission?: string;
  match(text: string): { args: Record<string, string>; locale: Locale } | undefined;
  handle(ctx: CommandContext, args: Record<string, string>): Promise<OutboundMessage[]>;
}

export interface ActionResult {
  /** Replaces the clicked card in place (e.g. "已认领 by 张三"). */
  replaceCard?: OutboundMessage;
  /** New messages in the same chat. */
  messages?: OutboundMessage[];
}

/** A card button's handler, keyed by the button value's `action`. */
export interface ActionCommand {
  action: string;
  /** Checked with the access-control function before `handle` runs (the branch from the value's `branch`). */
  permission?: string;
  handle(ctx: CommandContext, value: Record<string, string | number | boolean>, form: Record<string, string>): Promise<ActionResult>;
}

export interface CommandRegistry {
  matchText(text: string): { command: TextCommand; args: Record<string, string>; locale: Locale } | undefined;
  findAction(action: string): ActionCommand | undefined;
}

/** Builds the registry; a duplicate name or action fails at start, not at the first message. */
export function createRegistry(texts: TextCommand[], actions: ActionCommand[]): CommandRegistry {
  const names = new Set<string>();
  for (const c of texts) {
    if (names.has(c.name)) throw new Error(`bot command "${c.name}" is registered twice`);
    names.add(c.name);
  }
  const byAction = new Map<string, ActionCommand>();
  for (const a of actions) {
    if (byAction.has(a.action)) throw new Error(`bot action "${a.action}" is registered twice`);
    byAction.set(a.action, a);
  }
  return {
    matchText(text) {
      for (const command of texts) {
        const match = command.match(text);
        if (match) return { command, ...match };
      }
      return undefined;
    },
    findAction: (action) => byAction.get(action),
  };
}

/** Matches a whole message against keywords per language ("帮助", "help", "?"). */
export function keywordMatcher(keywords: Record<Locale, string[]>) {
  return (text: string): { args: Record<string, string>; locale: Locale } | undefined => {
    const normalized = text.trim().toLowerCase().replace(/^\/+/, '');
    for (const locale of ['zh-CN', 'en'] as const) {
      if (keywords[locale].includes(normalized)) return { args: {}, locale };
    }
    return undefined;
  };
}
