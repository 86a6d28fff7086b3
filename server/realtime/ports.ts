import type { ChatJoined, ChatMessage } from '../contract/payloads/chat.ts';

/**
 * What the realtime layer needs from the bot's console channel. main.ts wires the bot in; the
 * realtime layer never imports bot/ (and the bot never imports Socket.IO).
 */
export interface ChatConsolePort {
  join(staffCode: string): Promise<ChatJoined>;
  send(chatId: string, staffCode: string, text: string): Promise<{ messageId: string }>;
  act(chatId: string, staffCode: string, messageId: string, value: Record<string, string | number | boolean>): Promise<void>;
  /** Called by the console channel for every message shown in a chat. */
  onPosted(listener: (message: ChatMessage) => void): () => void;
}

/** A wall scope's current figures, as the wall shows them. */
export interface WallFigures {
  kpis: import('../contract/payloads/kpi.ts').ScopeKpis;
  ranking: import('../contract/payloads/kpi.ts').Ranking;
  grid: import('../contract/payloads/wall.ts').GridCell[];
}

/** A notable event with the scopes whose walls show it. */
export type ScopedFeedItem = import('../contract/payloads/wall.ts').FeedItem & { scopes: string[] };

/**
 * What the wall rooms need from the domains (implemented in server/wiring/wall-wiring.ts): access
 * checks, reads of the current figures, and the change feed. Realtime never queries the database.
 */
export interface WallPort {
  /** Normalizes the scope and checks the principal may watch it (throws AppError: NOT_FOUND outside scope). */
  authorizeScope(principal: import('../domains/access/index.ts').Principal, scope: string): Promise<string>;
  read(scope: string): Promise<WallFigures>;
  recentFeed(scope: string): Promise<import('../contract/payloads/wall.ts').FeedItem[]>;
  /** After each committed ingest batch, on every instance: the scopes whose figures changed (or all), and feed items. */
  onChange(listener: (change: { scopes: string[] | 'all'; feed: ScopedFeedItem[] }) => void): Promise<() => Promise<void>>;
}
