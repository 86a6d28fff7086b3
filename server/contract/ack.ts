import { z } from 'zod';

/** Error codes a client can act on; the same set as AppError (server/platform/errors.ts). */
export const ErrorCodeSchema = z.enum([
  'NOT_FOUND', 'INVALID_INPUT', 'CONFLICT', 'FORBIDDEN', 'UNAUTHENTICATED', 'TOO_LARGE', 'RATE_LIMITED', 'UNAVAILABLE', 'INTERNAL',
]);
export type WireErrorCode = z.infer<typeof ErrorCodeSchema>;

export const WireErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  /** For INVALID_INPUT: each offending field and why. */
  issues: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
});
export type WireError = z.infer<typeof WireErrorSchema>;

/** Every socket command's acknowledgement, and the body of every REST error (`{ error }`). */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: WireError };
export type AckCallback<T> = (ack: Ack<T>) => void;
