/** Room names are built only here, never by hand-written templates elsewhere. */
export const rooms = {
  /** The console chat of one staff member with the bot. */
  chat: (chatId: string): string => `chat:${chatId}`,
} as const;
