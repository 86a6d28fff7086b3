import { claimComplaintAction, complaintsCommand, contactComplaintAction, registerComplaintCommand, requestExtensionAction } from './complaint.commands.ts';
import { helpAction, helpCommand } from './help.commands.ts';
import { RECTIFICATION_ACTIONS } from './inspection.commands.ts';
import { kpiCommand } from './kpi.commands.ts';
import { meAction, meCommand } from './me.commands.ts';
import { approveNominationAction, decideNominationCommand, nominateCommand, rejectNominationAction } from './nomination.commands.ts';
import { createRegistry, type CommandRegistry } from './registry.ts';
import { tasksCommand } from './tasks.commands.ts';

/** Every command the bot knows; later capabilities add theirs here. */
export const createDefaultRegistry = (): CommandRegistry =>
  createRegistry(
    [helpCommand, meCommand, kpiCommand, tasksCommand, nominateCommand, complaintsCommand, registerComplaintCommand, decideNominationCommand],
    [helpAction, meAction, approveNominationAction, rejectNominationAction, claimComplaintAction, contactComplaintAction, requestExtensionAction, ...RECTIFICATION_ACTIONS],
  );
