import { helpAction, helpCommand } from './help.commands.ts';
import { meAction, meCommand } from './me.commands.ts';
import { createRegistry, type CommandRegistry } from './registry.ts';

/** Every command the bot knows; later capabilities add theirs here. */
export const createDefaultRegistry = (): CommandRegistry => createRegistry([helpCommand, meCommand], [helpAction, meAction]);
