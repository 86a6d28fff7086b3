/** Room names are built only here, never by hand-written templates elsewhere. */
export const rooms = {
  /** The console chat of one staff member with the bot. */
  chat: (chatId: string): string => `chat:${chatId}`,
  /** A wall scope's figures and feed: `wall:bank`, `wall:region:BJ`, `wall:branch:BJ0101`. */
  wall: (scope: string): string => `wall:${scope}`,
} as const;
