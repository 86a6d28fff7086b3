export type ChatPurpose = 'alerts' | 'leadership' | 'ops';

/** Where the bot speaks for a unit: a Feishu group, or a WeCom/DingTalk robot (alerts only). */
export interface ChatBinding {
  id: number;
  /** `bank`, `region:<code>` or `branch:<code>`. */
  scope: string;
  purpose: ChatPurpose;
  channel: 'feishu' | 'console' | 'wecom' | 'dingtalk';
  chatId: string;
  secret: string | null;
  quietHours: string | null;
  createdAt: Date;
}

export interface ChatBindingInput {
  scope: string;
  purpose: ChatPurpose;
  channel: ChatBinding['channel'];
  chatId: string;
  secret?: string | null | undefined;
  quietHours?: string | null | undefined;
}
