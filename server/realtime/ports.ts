import type { ChatJoined, ChatMessage } from '../contract/payloads/chat.ts';

/**
 * What the realtime layer needs from the bot's console channel. main.ts wires the bot in; the
 * realtime layer never imports bot/ (and the bot never imports Socket.IO).
 */
export interface ChatConsolePort {
  join(staffCode: string): Promise<ChatJoined>;
  send(chatId: string, staffCode: string, text: string): Promise<{ messageId: string }>;
  act(chatId: string, staffCode: string, messageId: string, value: Record<string, string | number | boolean>, form?: Record<string, string>): Promise<void>;
  /** A picture sent in the chat, in reply to one of its messages when `replyTo` is given. */
  sendImage(chatId: string, staffCode: string, bytes: Buffer, replyTo?: string): Promise<{ messageId: string }>;
  /** Called by the console channel for every message shown in a chat. */
  onPosted(listener: (message: ChatMessage) => void): () => void;
}

/** A wall scope's current figures, as the wall shows them. */
export interface WallFigures {
  kpis: import('../contract/payloads/kpi.ts').ScopeKpis;
  ranking: import('../contract/payloads/kpi.ts').Ranking;
  grid: import('../contract/payloads/wall.ts').GridCell[];
  complaints: import('../contract/payloads/wall.ts').WallComplaints;
  care?: import('../contract/payloads/wall.ts').WallCare;
  inspections?: import('../contract/payloads/wall.ts').WallInspections;
  stars?: import('../contract/payloads/wall.ts').WallStars;
}

/** A notable event with the scopes whose walls show it. */
export type ScopedFeedItem = import('../contract/payloads/wall.ts').FeedItem & { scopes: string[] };

/** A committed ingest batch, as the wall rooms hear it: the scopes it touched, its feed items, its deltas. */
export interface WallChange {
  scopes: string[] | 'all';
  feed: ScopedFeedItem[];
  /** The rollup deltas; absent when they could not be placed (every model then reads again). */
  kpis?: import('../domains/kpi/index.ts').KpiDelta | undefined;
}

/** A scope's figures kept in memory: read once, then kept current by adding committed changes. */
export interface WallModel {
  figures(): WallFigures;
  /** 'reload' when the model cannot follow the change (a new day, an unknown branch): read it again. */
  apply(change: WallChange): 'applied' | 'unchanged' | 'reload';
}

/**
 * What the wall rooms need from the domains (implemented in server/wiring/wall-wiring.ts): access
 * checks, reads of the current figures, and the change feed. Realtime never queries the database.
 */
export interface WallPort {
  /** Normalizes the scope and checks the principal may watch it (throws AppError: NOT_FOUND outside scope). */
  authorizeScope(principal: import('../domains/access/index.ts').Principal, scope: string): Promise<string>;
  /** Reads a scope's figures from the database, as a model later changes are added to. */
  load(scope: string): Promise<WallModel>;
  recentFeed(scope: string): Promise<import('../contract/payloads/wall.ts').FeedItem[]>;
  /**
   * After each committed ingest batch or complaint change, on every instance, `listener` hears the change; `onGap`
   * runs when changes may have been missed or figures changed without one (a new KPI target):
   * every model must then be read again.
   */
  onChange(listener: (change: WallChange) => void, onGap: () => void): Promise<() => Promise<void>>;
}

/** What "我的工作" needs from the domains: the committed changes after which someone's list may differ. */
export interface WorkPort {
  /** `listener(section)` after each committed change of a section's channels, on every instance. */
  onChange(listener: (section: string) => void): Promise<() => Promise<void>>;
}
