import type { OutboundMessage } from '../channel/channel.ts';
import type { Locale } from '../i18n/locale.ts';

/** A person the bank does not know (or no longer employs) gets a polite refusal, nothing else. */
export function buildUnknownUserMessage(locale: Locale): OutboundMessage {
  return {
    kind: 'text',
    text:
      locale === 'en'
        ? 'Sorry, your account is not linked to an active staff record, so I cannot act for you. Please contact your administrator.'
        : '抱歉，您的账号尚未关联有效的员工信息，暂时无法为您办理。请联系系统管理员。',
  };
}

export function buildActionFailedMessage(locale: Locale): OutboundMessage {
  return {
    kind: 'text',
    text: locale === 'en' ? 'Sorry, that did not work. Please try again later.' : '抱歉，操作未能完成，请稍后再试。',
  };
}

/** The access-control function said no: the role or the scope does not allow it. */
export function buildNotAllowedMessage(locale: Locale): OutboundMessage {
  return {
    kind: 'text',
    text: locale === 'en' ? 'Sorry, your role does not allow this here.' : '抱歉，您的岗位权限不能在此办理该事项。',
  };
}
