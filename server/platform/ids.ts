import { randomBytes, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

/** A URL-safe random secret of `bytes` bytes of entropy (tokens, keys, generated passwords). */
export const newSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');
