import { AppError } from '../../platform/errors.ts';
import type { Nomination } from './nomination.types.ts';

export const REASON_MIN = 2;
export const REASON_MAX = 500;

/** The reason as written, trimmed; a nomination without one is not a recognition. */
export function checkReason(text: string): string {
  const reason = text.replace(/\s+/g, ' ').trim();
  if (reason.length < REASON_MIN) throw AppError.invalid('reason', `write why (at least ${REASON_MIN} characters)`);
  if (reason.length > REASON_MAX) throw AppError.invalid('reason', `at most ${REASON_MAX} characters`);
  return reason;
}

export function checkNominee(nominatorCode: string, nomineeCode: string): void {
  if (nominatorCode === nomineeCode) throw AppError.invalid('nominee', 'you cannot nominate yourself');
}

/** The card data of a nomination (the `nomination.review` template), in every state. */
export function nominationCardData(n: Nomination): Record<string, unknown> {
  return {
    id: n.id,
    nominee: n.nomineeName,
    nomineeCode: n.nomineeCode,
    nominator: n.nominatorName,
    branch: n.branchCode,
    branchName: n.branchName,
    reason: n.reason,
    status: n.status,
    decidedBy: n.decidedByName,
    decidedAt: n.decidedAt?.toISOString() ?? null,
    createdAt: n.createdAt.toISOString(),
  };
}
