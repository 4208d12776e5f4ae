// Every key of the single table is built here and nowhere else.
//   PLAN#<id>      HEAD | V#<version> | CHILD#<childId> | FILING | AUDIT#<at>#<id>
//   DRILL#<id>     HEAD
//   OUTBOX#<id>    OUTBOX
//   IDEMP#<scope>  IDEMP
// GSI1 (by division and status):  PLANS#<division> / <status>#<planId>; PLANFILING#PENDING|OVERDUE / <dueDate>#<planId>;
//                                  AUDIT#<division> / <at>#<id>
// GSI2 (by owner or clock):        PLANDRILL#<division> / <drillClock>#<planId>
export type Key = { PK: string; SK: string };

const pad = (n: number) => String(n).padStart(6, '0');

export const keys = {
  planHead: (planId: string): Key => ({ PK: `PLAN#${planId}`, SK: 'HEAD' }),
  planVersion: (planId: string, version: number): Key => ({ PK: `PLAN#${planId}`, SK: `V#${pad(version)}` }),
  planChild: (parentId: string, childId: string): Key => ({ PK: `PLAN#${parentId}`, SK: `CHILD#${childId}` }),
  planChildPrefix: (parentId: string) => ({ PK: `PLAN#${parentId}`, SKPrefix: 'CHILD#' }),
  planFiling: (planId: string): Key => ({ PK: `PLAN#${planId}`, SK: 'FILING' }),
  drill: (drillId: string): Key => ({ PK: `DRILL#${drillId}`, SK: 'HEAD' }),
  outbox: (eventId: string): Key => ({ PK: `OUTBOX#${eventId}`, SK: 'OUTBOX' }),
  idempotency: (scope: string): Key => ({ PK: `IDEMP#${scope}`, SK: 'IDEMP' }),
  audit: (entityPK: string, at: string, id: string): Key => ({ PK: entityPK, SK: `AUDIT#${at}#${id}` }),
  auditPrefix: 'AUDIT#',

  gsi: {
    plansByDivision: (division: string, status: string, planId: string) => ({ GSI1PK: `PLANS#${division}`, GSI1SK: `${status}#${planId}` }),
    plansByDivisionPK: (division: string) => `PLANS#${division}`,
    filing: (state: 'PENDING' | 'OVERDUE', dueDate: string, planId: string) => ({ GSI1PK: `PLANFILING#${state}`, GSI1SK: `${dueDate}#${planId}` }),
    filingPK: (state: 'PENDING' | 'OVERDUE') => `PLANFILING#${state}`,
    auditByDivision: (division: string, at: string, id: string) => ({ GSI1PK: `AUDIT#${division}`, GSI1SK: `${at}#${id}` }),
    drillClock: (division: string, clock: string, planId: string) => ({ GSI2PK: `PLANDRILL#${division}`, GSI2SK: `${clock}#${planId}` }),
    drillClockPK: (division: string) => `PLANDRILL#${division}`,
  },
} as const;

export const INDEX = { GSI1: 'GSI1', GSI2: 'GSI2' } as const;
