import type { OutboundMessage } from '../channel/channel.ts';
import { roleLabel, type Locale } from '../i18n/locale.ts';
import type { StaffIdentity } from '../ports.ts';

const TEXT = {
  'zh-CN': { title: '我的信息', name: '姓名', code: '工号', role: '岗位', branch: '网点', region: '所属机构', none: '—' },
  en: { title: 'My profile', name: 'Name', code: 'Staff no.', role: 'Role', branch: 'Branch', region: 'Region', none: '—' },
} as const;

/** "Who am I": the staff identity the bot acts as for this person. Staff data only, no customer PII. */
export function buildMeCard(input: { staff: StaffIdentity; locale: Locale }): OutboundMessage {
  const t = TEXT[input.locale];
  const s = input.staff;
  return {
    kind: 'card',
    card: {
      title: t.title,
      color: 'green',
      elements: [
        {
          kind: 'fields',
          fields: [
            { label: t.name, value: s.name },
            { label: t.code, value: s.code },
            { label: t.role, value: roleLabel(s.role, input.locale) },
            { label: t.branch, value: s.branchName ?? t.none },
            { label: t.region, value: s.regionName ?? t.none },
          ],
        },
      ],
    },
  };
}
