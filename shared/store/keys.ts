// Every key of the single table is built here and nowhere else.
//   PLAN#<id>      HEAD | V#<version> | CHILD#<childId> | FILING | INFORCE | AUDIT#<at>#<id>
//   DRILL#<id>     HEAD
//   INC#<id>       HEAD | UPD#<seq> | WARN#<warningId> | CFILING#<at>#<id> | REL#<at>#<id> | AUDIT#<at>#<id>
//   WARN#<id>      HEAD
//   SUB#<id>       HEAD
//   OUTBOX#<id>    OUTBOX
//   IDEMP#<scope>  IDEMP
// GSI1 (by division and status):  PLANS#<division> / <status>#<planId>; PLANFILING#PENDING|OVERDUE / <dueDate>#<planId>;
//                                  AUDIT#<division> / <at>#<id>; PLANINFORCE#<division>#<category> / <type>#<planId>;
//                                  INCS#<division> / <status>#<occurredAt>#<id>; WARNS#ACTIVE / <issuedAt>#<id>;
//                                  WARNS#LIFTED#<date> / <liftedAt>#<id>;
//                                  RELEASES / <publishedAt>#<id>
// GSI2 (by owner or clock):        PLANDRILL#<division> / <drillClock>#<planId>;
//                                  INCCAT#<division>#<category> / <status>#<occurredAt>#<id>; SUBOWNER#<sub> / <createdAt>#<id>
export type Key = { PK: string; SK: string };

const pad = (n: number) => String(n).padStart(6, '0');

export const keys = {
  planHead: (planId: string): Key => ({ PK: `PLAN#${planId}`, SK: 'HEAD' }),
  planVersion: (planId: string, version: number): Key => ({ PK: `PLAN#${planId}`, SK: `V#${pad(version)}` }),
  planChild: (parentId: string, childId: string): Key => ({ PK: `PLAN#${parentId}`, SK: `CHILD#${childId}` }),
  planChildPrefix: (parentId: string) => ({ PK: `PLAN#${parentId}`, SKPrefix: 'CHILD#' }),
  planFiling: (planId: string): Key => ({ PK: `PLAN#${planId}`, SK: 'FILING' }),
  planInForce: (planId: string): Key => ({ PK: `PLAN#${planId}`, SK: 'INFORCE' }),
  drill: (drillId: string): Key => ({ PK: `DRILL#${drillId}`, SK: 'HEAD' }),
  incident: (incidentId: string): Key => ({ PK: `INC#${incidentId}`, SK: 'HEAD' }),
  incidentUpdate: (incidentId: string, seq: number): Key => ({ PK: `INC#${incidentId}`, SK: `UPD#${pad(seq)}` }),
  incidentWarning: (incidentId: string, warningId: string): Key => ({ PK: `INC#${incidentId}`, SK: `WARN#${warningId}` }),
  incidentFiling: (incidentId: string, at: string, id: string): Key => ({ PK: `INC#${incidentId}`, SK: `CFILING#${at}#${id}` }),
  release: (incidentId: string, at: string, id: string): Key => ({ PK: `INC#${incidentId}`, SK: `REL#${at}#${id}` }),
  warning: (warningId: string): Key => ({ PK: `WARN#${warningId}`, SK: 'HEAD' }),
  subscription: (subscriptionId: string): Key => ({ PK: `SUB#${subscriptionId}`, SK: 'HEAD' }),
  prefixes: { warningLink: 'WARN#', congressFiling: 'CFILING#', update: 'UPD#', release: 'REL#' },
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
    planInForce: (division: string, category: string, type: string, planId: string) => ({ GSI1PK: `PLANINFORCE#${division}#${category}`, GSI1SK: `${type}#${planId}` }),
    planInForcePK: (division: string, category: string) => `PLANINFORCE#${division}#${category}`,
    incidentsByDivision: (division: string, status: string, occurredAt: string, id: string) => ({ GSI1PK: `INCS#${division}`, GSI1SK: `${status}#${occurredAt}#${id}` }),
    incidentsByDivisionPK: (division: string) => `INCS#${division}`,
    incidentsByCategory: (division: string, category: string, status: string, occurredAt: string, id: string) => ({
      GSI2PK: `INCCAT#${division}#${category}`,
      GSI2SK: `${status}#${occurredAt}#${id}`,
    }),
    incidentsByCategoryPK: (division: string, category: string) => `INCCAT#${division}#${category}`,
    activeWarning: (issuedAt: string, id: string) => ({ GSI1PK: 'WARNS#ACTIVE', GSI1SK: `${issuedAt}#${id}` }),
    activeWarningsPK: 'WARNS#ACTIVE',
    /** Lifted warnings stay in the public feed for a day, so feed readers see the Cancel; one partition per CST date. */
    liftedWarning: (liftedOn: string, liftedAt: string, id: string) => ({ GSI1PK: `WARNS#LIFTED#${liftedOn}`, GSI1SK: `${liftedAt}#${id}` }),
    liftedWarningsPK: (liftedOn: string) => `WARNS#LIFTED#${liftedOn}`,
    release: (publishedAt: string, id: string) => ({ GSI1PK: 'RELEASES', GSI1SK: `${publishedAt}#${id}` }),
    releasesPK: 'RELEASES',
    subscriptionOwner: (sub: string, createdAt: string, id: string) => ({ GSI2PK: `SUBOWNER#${sub}`, GSI2SK: `${createdAt}#${id}` }),
  },
} as const;

export const INDEX = { GSI1: 'GSI1', GSI2: 'GSI2' } as const;
