import type { Bot } from '../../bot/index.ts';
import type { Db } from '../../db/client.ts';
import { linkOpenIdsByContact, selectUnlinkedStaffContacts } from '../domains/org/index.ts';
import type { Clock } from '../platform/clock.ts';

/**
 * Links staff who never wrote to the bot to their Feishu open_id by mobile/email through the
 * contact API (`contact/v3/users/batch_get_id`), so their alerts reach them instead of parking.
 * Run daily (job `feishu.link-staff`) and after each staff import (`org_changed`). Undefined
 * without Feishu.
 */
export function createFeishuStaffLinker(db: Db, bot: Bot, clock: Clock): (() => Promise<string>) | undefined {
  const feishu = bot.feishu;
  if (!feishu) return undefined;
  return async () => {
    const unlinked = await selectUnlinkedStaffContacts(db.sql);
    if (unlinked.length === 0) return 'every active staff member with a mobile or email is linked';
    const mobiles = [...new Set(unlinked.flatMap((s) => (s.mobile ? [s.mobile] : [])))];
    const emails = [...new Set(unlinked.flatMap((s) => (s.email ? [s.email] : [])))];
    const found = await feishu.openIdsByContact({ mobiles, emails });
    const linked = await linkOpenIdsByContact(db.sql, found, clock.now());
    return `${linked.length} of ${unlinked.length} unlinked staff linked to Feishu by mobile or email`;
  };
}
