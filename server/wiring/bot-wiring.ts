import type { RectificationCardData } from '../../bot/index.ts';
import { actOnRectification, attachChatPhoto, chatPhotoTarget, rectificationCard, type InspectionDeps } from '../domains/inspections/index.ts';
import { BotInputError, ChannelError, type Bot, type BotDelivery, type BotOptions, type BotPorts, type ComplaintCardData, type ConsoleApi, type NominationCardData } from '../../bot/index.ts';
import type { Db } from '../../db/client.ts';
import type { Config } from '../config.ts';
import { can, findBranchTarget, principalForStaff, type Actor, type Permission } from '../domains/access/index.ts';
import { actOnComplaint, complaintCard, intakeComplaint, openComplaintCards, type ComplaintDeps } from '../domains/complaints/index.ts';
import { createNomination, decideNomination, getNomination, nominationCardData, pendingNominationsFor, reviewCardData, staffActor as nominationActor, type AwardsDeps, type Nomination } from '../domains/awards/index.ts';
import { getScopeKpis } from '../domains/kpi/index.ts';
import { bankDay } from '../platform/bank-time.ts';
import { findStaffIdentity, linkOpenIdByContact, searchStaffByCodeOrName, selectOpenIdOfStaff, selectStaffCodeByOpenId } from '../domains/org/index.ts';
import { DeliveryError, isReplacedCard, recordInboxKey, robotSecret, type DeliverPort } from '../domains/outbox/index.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import type { ChatConsolePort } from '../realtime/ports.ts';
import { actOnCareTask, careCardTask, careDigestFor, openCareTasksOf, type CareDeps, type CareSkipReason } from '../domains/care/index.ts';

const toCard = (n: Nomination) => nominationCardData(n) as unknown as NominationCardData;

/** Domain mistakes (bad field, outside scope) reach the bot as its own input errors, never as failures. */
async function asBotInput<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === 'INVALID_INPUT') throw new BotInputError('invalid', error.issues[0]?.field ?? 'input', error.message);
    if (error.code === 'NOT_FOUND') throw new BotInputError('not_found', 'id', error.message);
    if (error.code === 'FORBIDDEN') throw new BotInputError('forbidden', 'staff', error.message);
    throw error;
  }
}

/** Part of the composition root: the bot's ports implemented with domain services. */
export function createBotPorts(db: Db, config: Readonly<Config>, clock: Clock, awards: AwardsDeps, complaints: ComplaintDeps, inspections?: InspectionDeps, care?: CareDeps): BotPorts {
  const staffActor = async (staffCode: string): Promise<Actor> => {
    const principal = await principalForStaff(db.sql, staffCode);
    if (!principal) throw new BotInputError('forbidden', 'staff', 'no active staff member acts here');
    return { principal, channel: 'bot', requestId: null };
  };
  const card = async (id: number) => (await complaintCard(complaints, id)) as unknown as ComplaintCardData;
  return {
    staff: {
      findByCode: (code) => findStaffIdentity(db.sql, code),
      search: (text, near) => searchStaffByCodeOrName(db.sql, text, near),
    },
    access: {
      async can(staffCode, permission, target) {
        const principal = await principalForStaff(db.sql, staffCode);
        if (!principal) return false;
        const branch = target ? await findBranchTarget(db.sql, target.branchCode) : undefined;
        if (target && !branch) return false;
        return can(principal, permission as Permission, branch);
      },
    },
    kpi: {
      async today(scope) {
        try {
          return await getScopeKpis(db.sql, { scope, day: bankDay(clock.now(), config.bank.timeZone), timeZone: config.bank.timeZone });
        } catch (error) {
          if (error instanceof AppError && (error.code === 'NOT_FOUND' || error.code === 'INVALID_INPUT')) return undefined;
          throw error;
        }
      },
    },
    nominations: {
      create: (staffCode, input) =>
        asBotInput(async () => {
          const { nomination, reviewers } = await createNomination(awards, await nominationActor(db, staffCode, 'bot'), input);
          return { nomination: toCard(nomination), reviewers };
        }),
      decide: (staffCode, id, decision) =>
        asBotInput(async () => {
          const { nomination, changed } = await decideNomination(awards, await nominationActor(db, staffCode, 'bot'), { id, ...decision });
          return { nomination: (await reviewCardData(db.sql, nomination)) as unknown as NominationCardData, changed };
        }),
      pendingFor: async (staffCode) => Promise.all((await pendingNominationsFor(db, staffCode)).map(async (n) => (await reviewCardData(db.sql, n)) as unknown as NominationCardData)),
      find: async (id) => {
        const n = await getNomination(db, id);
        return n && toCard(n);
      },
    },
    complaints: {
      act: (staffCode, id, step) =>
        asBotInput(async () => {
          const actor = await staffActor(staffCode);
          const command = step === 'claim' ? { kind: 'claim' as const } : step === 'contact' ? { kind: 'contact' as const } : { kind: 'request_extension' as const };
          try {
            await actOnComplaint(complaints, actor, id, command);
            return { complaint: await card(id), changed: true };
          } catch (error) {
            // Changed elsewhere (claimed by someone else, already decided): answer with where it stands.
            if (error instanceof AppError && error.code === 'CONFLICT') return { complaint: await card(id), changed: false };
            throw error;
          }
        }),
      openFor: async (staffCode, limit) => {
        const actor = await staffActor(staffCode);
        return (await openComplaintCards(complaints, actor.principal, limit)) as unknown as ComplaintCardData[];
      },
      register: (staffCode, input) =>
        asBotInput(async () => {
          const actor = await staffActor(staffCode);
          const staff = await findStaffIdentity(db.sql, staffCode);
          if (!staff?.branchCode) throw new BotInputError('invalid', 'branch', '只有网点员工可以登记网点投诉');
          const { view } = await intakeComplaint(complaints, actor, {
            branch: staff.branchCode, channel: 'counter', category: 'other', complainant: { name: input.name, phone: input.phone }, summary: input.summary,
          });
          return card(view.id);
        }),
    },
    bank: { name: config.bank.name, timeZone: config.bank.timeZone },
    clock,
    ...(inspections ? { rectifications: rectificationPort(inspections, staffActor) } : {}),
    ...(care ? {
      care: {
        act: (staffCode, id, action) =>
          asBotInput(async () => {
            const actor = await staffActor(staffCode);
            const { changed } = await actOnCareTask(care, actor, id, action.kind === 'done' ? action : { kind: 'skip', reason: action.reason as CareSkipReason });
            return { task: await careCardTask(care, id), changed };
          }),
        digest: (viewerCode, branch, day, staffCode) => asBotInput(async () => careDigestFor(care, (await staffActor(viewerCode)).principal, branch, day, staffCode)),
        openFor: (staffCode) => openCareTasksOf(care, staffCode),
      },
    } satisfies Partial<BotPorts> : {}),
    cards: { isRetired: (channelMessageId) => isReplacedCard(db.sql, channelMessageId) },
  };
}

/** Rectification steps from cards, as the staff member behind the click (the same authorize as the web). */
function rectificationPort(inspections: InspectionDeps, staffActor: (staffCode: string) => Promise<Actor>): NonNullable<BotPorts['rectifications']> {
  const card = async (id: number) => (await rectificationCard(inspections, id)) as unknown as RectificationCardData | undefined;
  return {
    card,
    act: (staffCode, id, step) =>
      asBotInput(async () => {
        const actor = await staffActor(staffCode);
        const command = step.kind === 'grant_extension' ? { kind: 'grant_extension' as const, days: 0 } : step;
        try {
          const result = await actOnRectification(inspections, actor, id, command);
          return { card: result.card as unknown as RectificationCardData, changed: true };
        } catch (error) {
          // Already verified, or fixed by a colleague: answer with where it stands.
          if (error instanceof AppError && error.code === 'CONFLICT') return { card: (await card(id))!, changed: false, reason: error.message };
          throw error;
        }
      }),
    photoTarget: (staffCode, input) => asBotInput(async () => chatPhotoTarget(inspections, (await staffActor(staffCode)).principal, input)),
    attachPhoto: (staffCode, input) => asBotInput(async () => attachChatPhoto(inspections, await staffActor(staffCode), input)),
  };
}

/** The bot's channels as configured: Feishu with its directory and persistent inbox, robots, the console. */
export function createBotOptions(db: Db, config: Readonly<Config>, clock: Clock, logger: BotOptions['logger']): BotOptions {
  const feishu = config.feishu;
  return {
    console: config.bot.console,
    feishu: feishu.enabled
      ? {
          appId: feishu.appId, appSecret: feishu.appSecret, encryptKey: feishu.encryptKey, verificationToken: feishu.verificationToken,
          domain: feishu.domain, transport: feishu.transport, replayWindowSeconds: feishu.replayWindowSeconds,
          proxyUrl: feishu.proxyUrl, pingTimeoutSeconds: feishu.pingTimeoutSeconds,
          directory: {
            staffCodeForOpenId: (openId) => selectStaffCodeByOpenId(db.sql, openId),
            linkByContact: (openId, contact) => linkOpenIdByContact(db.sql, openId, contact, clock.now()),
          },
          inbox: { firstSighting: (key) => recordInboxKey(db.sql, key, clock.now()) },
        }
      : undefined,
    robots: { secretFor: (url) => robotSecret(db.sql, url) },
    openIdOf: (code) => selectOpenIdOfStaff(db.sql, code),
    logger,
  };
}

/** The outbox's delivery port on the bot: channel failures become the outbox's retry decisions. */
export function adaptDeliver(bot: Bot): DeliverPort {
  return async (delivery) => {
    try {
      const { messageId } = await bot.deliver(delivery as BotDelivery);
      return { channelMessageId: messageId };
    } catch (error) {
      if (!(error instanceof ChannelError)) throw error;
      const kind = error.kind === 'unavailable' ? 'retry' : error.kind;
      throw new DeliveryError(kind, error.message, error.retryAfterMs);
    }
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
    act: (chatId, staffCode, messageId, value, form) => guard(() => api.act(chatId, staffCode, messageId, value, form)),
    sendImage: (chatId, staffCode, bytes, replyTo) => guard(() => api.sendImage(chatId, staffCode, bytes, replyTo)),
    onPosted: (listener) => api.onPosted(listener),
  };
}
