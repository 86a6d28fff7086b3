export type NominationStatus = 'pending' | 'approved' | 'rejected' | 'lapsed';

/** A nomination as people see it: names, the nominee's branch, the approver, the decision. No customer data. */
export interface Nomination {
  id: number;
  month: string;
  nominatorCode: string;
  nominatorName: string;
  nomineeCode: string;
  nomineeName: string;
  branchCode: string | null;
  branchName: string | null;
  reason: string;
  praise: string | null;
  channel: string;
  status: NominationStatus;
  approverCode: string | null;
  approverName: string | null;
  decidedByCode: string | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  createdAt: Date;
}

/** A staff member as the nomination rules need them. `regionPath`: region codes root first, down to the unit's region. */
export interface StaffFacts {
  code: string;
  name: string;
  role: string;
  active: boolean;
  branchCode: string | null;
  regionPath: string[];
}

/** The nominee's month so far, shown on the review card so the approver decides on facts. */
export interface NominationFigures {
  ticketsHandled: number;
  /** Share of satisfied evaluations (0–1), null without evaluations. */
  satisfaction: number | null;
  errors: number;
  /** Very satisfied (5-star) evaluations: the customers' praise. */
  praise: number;
}

/** The capability's settings (award_settings). */
export interface AwardSettings {
  nominationQuota: number;
  pendingAtMonthEnd: 'region_manager' | 'lapse';
  tieBreakers: TieBreaker[];
  scorecardWeights: ScorecardWeights;
}

export type TieBreaker = 'satisfaction' | 'error_free' | 'earliest';

export interface ScorecardWeights {
  satisfaction: number;
  participation: number;
  errors: number;
  complaints: number;
  stars: number;
}
