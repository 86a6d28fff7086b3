export type Locale = 'zh-CN' | 'en';

/** Staff roles as users say them. */
export const ROLE_LABELS: Record<Locale, Record<string, string>> = {
  'zh-CN': {
    leader: '领导小组', region_manager: '区域负责人', inspector: '服务监督员', complaint_handler: '投诉处理专员',
    branch_head: '网点负责人', deputy_head: '网点副负责人', lobby_manager: '大堂经理', account_manager: '客户经理',
    teller: '柜员', staff: '员工',
  },
  en: {
    leader: 'Leadership group', region_manager: 'Region manager', inspector: 'Inspector', complaint_handler: 'Complaint handler',
    branch_head: 'Branch head', deputy_head: 'Deputy branch head', lobby_manager: 'Lobby manager', account_manager: 'Account manager',
    teller: 'Teller', staff: 'Staff',
  },
};

export const roleLabel = (role: string, locale: Locale): string => ROLE_LABELS[locale][role] ?? role;
