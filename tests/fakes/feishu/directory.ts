import { createHash } from 'node:crypto';
import { FeishuError } from './http-util.ts';

/**
 * Contact lookups the bot needs: who is this open_id (name, mobile, email), and which open_id
 * belongs to this mobile / email (linking Feishu users to Touchstone staff records).
 */

export interface FakeUser {
  openId: string;
  name: string;
  mobile?: string;
  email?: string;
  /** Defaults to an id derived from the open_id. */
  unionId?: string;
  /** The tenant user_id, returned only when given (the app has the user-id permission). */
  userId?: string;
}

/** Feishu stores mainland mobiles as +86…; lookups accept the number with or without it. */
const normaliseMobile = (m: string): string => m.replace(/^\+86/, '').replace(/[\s-]/g, '');

/** Stable derived ids so a user looks the same on every call. */
const derived = (prefix: string, openId: string): string => `${prefix}${createHash('sha1').update(openId).digest('hex').slice(0, 24)}`;

export class Directory {
  private readonly users = new Map<string, FakeUser>();

  add(user: FakeUser): void {
    this.users.set(user.openId, { ...user });
  }

  find(openId: string): FakeUser | undefined {
    return this.users.get(openId);
  }

  /**
   * `GET /open-apis/contact/v3/users/:user_id?user_id_type=open_id`. Only open_id lookups are
   * modelled. Unknown users answer 41050 ("no user authority"): Feishu answers that when the
   * user is outside the app's contact scope, which is what an unknown id looks like to an app.
   */
  get(userId: string, userIdType: string): Record<string, unknown> {
    if (userIdType !== 'open_id') throw new FeishuError(400, 99992402, 'field validation failed: the fake supports user_id_type=open_id only');
    const user = this.users.get(userId);
    if (!user) throw new FeishuError(400, 41050, 'no user authority error');
    return {
      user: {
        open_id: user.openId, union_id: derived('on_', user.openId), user_id: derived('u_', user.openId),
        name: user.name, en_name: '', ...(user.mobile ? { mobile: user.mobile } : {}), ...(user.email ? { email: user.email } : {}),
        status: { is_activated: true, is_exited: false, is_frozen: false, is_resigned: false, is_unjoin: false },
      },
    };
  }

  /**
   * `POST /open-apis/contact/v3/users/batch_get_id`: one entry per asked email / mobile, in the
   * order asked; unmatched entries come back without `user_id`, as Feishu does. Max 50 of each.
   */
  batchGetId(body: Record<string, unknown>, userIdType: string): Record<string, unknown> {
    if (userIdType !== 'open_id') throw new FeishuError(400, 99992402, 'field validation failed: the fake supports user_id_type=open_id only');
    const emails = stringList(body.emails);
    const mobiles = stringList(body.mobiles);
    if (emails.length > 50 || mobiles.length > 50) throw new FeishuError(400, 99992402, 'field validation failed: at most 50 emails and 50 mobiles');
    const all = [...this.users.values()];
    const list: Array<Record<string, string>> = [];
    for (const email of emails) {
      const hit = all.find((u) => u.email?.toLowerCase() === email.toLowerCase());
      list.push(hit ? { user_id: hit.openId, email } : { email });
    }
    for (const mobile of mobiles) {
      const hit = all.find((u) => u.mobile !== undefined && normaliseMobile(u.mobile) === normaliseMobile(mobile));
      list.push(hit ? { user_id: hit.openId, mobile } : { mobile });
    }
    return { user_list: list };
  }
}

function stringList(v: unknown): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new FeishuError(400, 99992402, 'field validation failed');
  return v;
}

export const botInfo = (openId: string): Record<string, unknown> => ({
  activate_status: 2, app_name: 'Touchstone', avatar_url: '', ip_white_list: [], open_id: openId,
});
