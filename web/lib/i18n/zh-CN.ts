/**
 * Chinese (the product's first language). Every key here must exist in en.ts; the type of en.ts
 * is derived from this object, so a missing or misspelt key is a compile error.
 * Placeholders are `{name}` and are filled by `t(key, { name })`.
 */
export const zhCN = {
  'app.name': 'Touchstone 服务监督',
  'nav.label': '主导航',
  'nav.overview': '总览',
  'nav.wall': '大屏',
  'nav.chat': '机器人控制台',
  'locale.switchTo': 'EN',
  'locale.switchLabel': 'Switch to English',

  'common.loading': '正在加载…',
  'common.retry': '重试',
  'common.error': '加载失败：{message}',
  'common.networkError': '无法连接服务器',

  'connection.connecting': '正在连接…',
  'connection.connected': '实时连接正常',
  'connection.disconnected': '连接已断开',
  'connection.since': '自 {time}',

  'overview.title': '机构总览',
  'overview.timeZone': '时区 {zone}',
  'overview.count.regions': '分行/支行',
  'overview.count.regionsDetail': '{branchOffices} 个分行 · {subBranches} 个支行',
  'overview.count.branches': '网点',
  'overview.count.staff': '员工',
  'overview.count.customers': '客户',
  'overview.tree.title': '机构层级',
  'overview.tree.outlets': '{count} 个网点',
  'overview.tree.empty': '尚未导入机构数据',
  'overview.kind.head_office': '总行',
  'overview.kind.branch_office': '分行',
  'overview.kind.sub_branch': '支行',

  'wall.title': '服务监督大屏',
  'wall.branchOffices': '各分行网点分布',
  'wall.outlets': '个网点',
  'wall.subBranches': '{count} 个支行',
  'wall.empty': '尚未导入分行数据',
  'wall.foundation': '基础版：实时指标（满意率、等候时长、投诉等）将随指标流水线上线。',

  'chat.title': '机器人控制台',
  'chat.pickTitle': '选择员工身份',
  'chat.pickHint': '以员工身份与助手对话，效果与飞书中一致。',
  'chat.searchLabel': '搜索员工',
  'chat.searchPlaceholder': '输入姓名或工号',
  'chat.noMatch': '没有匹配的员工',
  'chat.joining': '正在进入对话…',
  'chat.joinFailed': '无法进入对话：{message}',
  'chat.switchStaff': '切换身份',
  'chat.inputLabel': '输入消息',
  'chat.inputPlaceholder': '输入指令，例如：帮助',
  'chat.send': '发送',
  'chat.sendFailed': '发送失败：{message}',
  'chat.actFailed': '操作失败：{message}',
  'chat.empty': '还没有消息。发送“帮助”查看可用指令。',
  'chat.bot': '助手',
  'chat.updated': '已更新',
  'chat.pending': '发送中',

  'staff.role.leader': '行领导',
  'staff.role.region_manager': '区域管理',
  'staff.role.inspector': '检查员',
  'staff.role.complaint_handler': '投诉处理',
  'staff.role.branch_head': '网点负责人',
  'staff.role.deputy_head': '网点副负责人',
  'staff.role.lobby_manager': '大堂经理',
  'staff.role.account_manager': '客户经理',
  'staff.role.teller': '柜员',
  'staff.role.staff': '员工',
} satisfies Record<string, string>;

export type MessageKey = keyof typeof zhCN;
export type Messages = Record<MessageKey, string>;
