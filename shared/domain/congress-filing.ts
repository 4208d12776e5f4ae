// Filings with the people's congress standing committee (rule 9, Art 25): every order or decision of a response.
import type { Government } from './actor.ts';
import type { GovLevel } from './division.ts';

/** Rule 9: each order or decision is queued for filing with the same-level people's congress standing committee. */
export interface CongressFiling {
  decision: 'activation' | 'level-change' | 'hand-over' | 'termination';
  to: { body: 'peoples-congress-standing-committee'; division: string };
  summary: string;
  decidedBy: { division: string; level: GovLevel };
  decidedAt: string;
  status: 'queued';
}

export function filingOf(decision: CongressFiling['decision'], gov: Government, summary: string, at: string): CongressFiling {
  return {
    decision,
    to: { body: 'peoples-congress-standing-committee', division: gov.division },
    summary,
    decidedBy: { division: gov.division, level: gov.level },
    decidedAt: at,
    status: 'queued',
  };
}

