// Every key of the single table is built here and nowhere else.
//   PLAN#<id>      HEAD | V#<version> | CHILD#<childId> | FILING | INFORCE | AUDIT#<at>#<id>
//   DRILL#<id>     HEAD
//   INC#<id>       HEAD | UPD#<seq> | WARN#<warningId> | CFILING#<at>#<id> | REL#<at>#<id> | AUDIT#<at>#<id>
//   WARN#<id>      HEAD
//   SUB#<id>       HEAD
//   SUBCHAN#<endpoint MAC>  HEAD | MEMBER#<owner hash>#<filter hash>  (the one SNS subscription of an endpoint, its subscribers)
//   SUBQUOTA#<sub> QUOTA       SUBRATE#<sub>#<hour>  RATE (TTL)
//   OUTBOX#<id>    OUTBOX
//   IDEMP#<scope>  IDEMP
//   PIIKEY#<incidentId>  PURPOSE#<purpose>  (the wrapped data key of one incident and purpose; a tombstone once destroyed)
//   ORG#<orgId>    HEAD | AUDIT#<at>#<id>   (a social force's registration; orgId is its users' org_id claim)
//   ORGCAP#<division>#<capability>  <status>#<orgId>  (an organisation's summary per capability, for offices' searches)
//   VOL#<id>       HEAD | COMMITMENTS | AUDIT#<at>#<id>  (a volunteer; COMMITMENTS: the live deployments holding them to
//                  dates, conditioned on its rev so two overlapping deployments of one volunteer cannot both commit,
//                  and every deployment they were asked on, for the service record)
//   VOLIDX#<division>#<dimension>#<shard>  <volunteerId>  (volunteer search: consenting volunteers only, masks only;
//                  dimension `all`, `skill:<skill>` or `qual:<kind>`; a volunteer's items sit in one of N shards)
//   DEP#<id>       HEAD | AUDIT#<at>#<id>   (a deployment of a social force or of self-registered volunteers)
// GSI1 (by division and status):  PLANS#<division> / <status>#<planId>; PLANFILING#PENDING|OVERDUE / <dueDate>#<planId>;
//                                  AUDIT#<division> / <at>#<id>; PLANINFORCE#<division>#<category> / <type>#<planId>;
//                                  INCS#<division> / <status>#<occurredAt>#<id>; WARNS#ACTIVE / <issuedAt>#<id>;
//                                  WARNS#LIFTED#<date> / <liftedAt>#<id>;
//                                  RELEASES / <publishedAt>#<id>
//                                  ORGS#<division> / <status>#<orgId>
// GSI2 (by owner or clock):        PLANDRILL#<division> / <drillClock>#<planId>;
//                                  INCCAT#<division>#<category> / <status>#<occurredAt>#<id>; SUBOWNER#<sub> / <createdAt>#<id>;
//                                  ORGVOLS#<orgId> / <registeredAt>#<volunteerId>
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
  subscriptionChannel: (channelId: string): Key => ({ PK: `SUBCHAN#${channelId}`, SK: 'HEAD' }),
  subscriptionMember: (channelId: string, memberKey: string): Key => ({ PK: `SUBCHAN#${channelId}`, SK: `MEMBER#${memberKey}` }),
  subscriptionMembersOf: (channelId: string, ownerPrefix = '') => ({ PK: `SUBCHAN#${channelId}`, SKPrefix: `MEMBER#${ownerPrefix}` }),
  subscriptionQuota: (sub: string): Key => ({ PK: `SUBQUOTA#${sub}`, SK: 'QUOTA' }),
  subscriptionRate: (sub: string, hourStart: number): Key => ({ PK: `SUBRATE#${sub}#${hourStart}`, SK: 'RATE' }),
  prefixes: { warningLink: 'WARN#', congressFiling: 'CFILING#', update: 'UPD#', release: 'REL#' },
  outbox: (eventId: string): Key => ({ PK: `OUTBOX#${eventId}`, SK: 'OUTBOX' }),
  idempotency: (scope: string): Key => ({ PK: `IDEMP#${scope}`, SK: 'IDEMP' }),
  dataKey: (incidentId: string, purpose: string): Key => ({ PK: `PIIKEY#${incidentId}`, SK: `PURPOSE#${purpose}` }),
  dataKeysOf: (incidentId: string) => ({ PK: `PIIKEY#${incidentId}`, SKPrefix: 'PURPOSE#' }),
  organization: (orgId: string): Key => ({ PK: `ORG#${orgId}`, SK: 'HEAD' }),
  organizationByCapability: (division: string, capability: string, status: string, orgId: string): Key => ({ PK: `ORGCAP#${division}#${capability}`, SK: `${status}#${orgId}` }),
  organizationsByCapabilityPK: (division: string, capability: string) => `ORGCAP#${division}#${capability}`,
  volunteer: (volunteerId: string): Key => ({ PK: `VOL#${volunteerId}`, SK: 'HEAD' }),
  volunteerCommitments: (volunteerId: string): Key => ({ PK: `VOL#${volunteerId}`, SK: 'COMMITMENTS' }),
  volunteerSearch: (division: string, dimension: string, shard: number, volunteerId: string): Key => ({ PK: `VOLIDX#${division}#${dimension}#${shard}`, SK: volunteerId }),
  volunteerSearchPK: (division: string, dimension: string, shard: number) => `VOLIDX#${division}#${dimension}#${shard}`,
  deployment: (deploymentId: string): Key => ({ PK: `DEP#${deploymentId}`, SK: 'HEAD' }),
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
    subscriptionOwnerPK: (sub: string) => `SUBOWNER#${sub}`,
    organizationsByDivision: (division: string, status: string, orgId: string) => ({ GSI1PK: `ORGS#${division}`, GSI1SK: `${status}#${orgId}` }),
    organizationsByDivisionPK: (division: string) => `ORGS#${division}`,
    volunteersOfOrganization: (orgId: string, registeredAt: string, volunteerId: string) => ({ GSI2PK: `ORGVOLS#${orgId}`, GSI2SK: `${registeredAt}#${volunteerId}` }),
    volunteersOfOrganizationPK: (orgId: string) => `ORGVOLS#${orgId}`,
  },
} as const;

export const INDEX = { GSI1: 'GSI1', GSI2: 'GSI2' } as const;
