export type NominationStatus = 'pending' | 'approved' | 'rejected';

/** A nomination as people see it: names, the nominee's branch, the decision. No customer data. */
export interface Nomination {
  id: number;
  nominatorCode: string;
  nominatorName: string;
  nomineeCode: string;
  nomineeName: string;
  branchCode: string | null;
  branchName: string | null;
  reason: string;
  channel: string;
  status: NominationStatus;
  decidedByCode: string | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  createdAt: Date;
}
