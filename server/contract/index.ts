export * from './ack.ts';
export * from './events.ts';
export * from './rooms.ts';
export * from './payloads/chat.ts';
export * from './payloads/org.ts';
export * from './payloads/config.ts';
export * from './payloads/access.ts';
