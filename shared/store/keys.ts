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
//   DEP#<id>       HEAD | ROSTER | AUDIT#<at>#<id>   (a deployment of a social force or of self-registered volunteers;
//                  ROSTER: the name and phone of each person asked, sealed for the incident, destroyed with it)
//   NOTICE#<id>    HEAD | AUDIT#<at>#<id>   (a notice reported upward or to a neighbour; a copy sits under its
//                  incident as INC#<id> NOTICE#<sentAt>#<noticeId>, the sender's delivery receipt)
//   RPT#<id>       HEAD | AUDIT#<at>#<id>   (a citizen's report; the reporter's contact sealed, rule 25)
//   RPTRATE#<source>#<window>  RATE (TTL)  (reports of one pseudonymous source in one window)
//   REQ#<id>       HEAD | OPEN | AUDIT#<at>#<id>  (a requisition; OPEN: its tracker while the property is not back, which the
//                  requisition-deadlines sweep reads through GSI1 (rules 8, 12) and the return deletes)
//   VOUCHERSEQ#<division>#<year>  COUNTER  (the last voucher number of a government and CST year; rewritten, conditioned
//                  on the number read, in the transaction that issues the next one)
//   CLAIM#<id>     HEAD | AUDIT#<at>#<id>   (a compensation claim, of a requisition or a deployment)
//   CLAIMSRC#<source kind>#<source id>#<claimant ref>  CLAIM  (one claim per source and claimant; put with the claim)
//   RECON#<id>     HEAD | AUDIT#<at>#<id>   (an administrative reconsideration of a claim decision)
//   PIIREG#<incidentId>  <purpose>#<record PK>#<record SK>  (the PII registry: one item per record that holds personal data
//                  sealed for this incident (or register scope) and purpose, put in the record's own transaction; it lists
//                  the record's blind-index items and attributes, so destruction (rule 17) needs no Scan and no knowledge
//                  of record kinds)
//   INC#<id>       RETAIN#<assessmentId>  (retention assessments, rule 17: recorded by an office, or statutory
//                  `compensation-duty-<claimId>`, rewritten in each transaction of its claim)
//                  PIISCHEDULE  (the incident's destruction clock, put when its response is terminated; GSI1 PIIDUE)
//                  PIIDESTRUCTION  (the one destruction in flight: written before anything is shredded, deleted with the
//                  receipt, so a stopped run resumes and the receipt is written exactly once)
//                  PIIALERT#<destroyOn>#<purpose>  (the `pii.destruction-scheduled` alert went out, once)
//                  PIINOTICED#<phone blind index>  (a person was told of the incident's data once, PIPL Art 18)
//   PIINOTICE#<noticeId>  HEAD  (one notice: the phone sealed under purpose `notice` until the relay sends it)
// GSI1 (by division and status):  PLANS#<division> / <status>#<planId>; PLANFILING#PENDING|OVERDUE / <dueDate>#<planId>;
//                                  AUDIT#<division> / <at>#<id>; PLANINFORCE#<division>#<category> / <type>#<planId>;
//                                  INCS#<division> / <status>#<occurredAt>#<id>; WARNS#ACTIVE / <issuedAt>#<id>;
//                                  WARNS#LIFTED#<date> / <liftedAt>#<id>;
//                                  RELEASES / <publishedAt>#<id>
//                                  ORGS#<division> / <status>#<orgId>
//                                  INBOX#<division> / <status>#<sentAt>#<noticeId>; RPTS#<division> / <status>#<receivedAt>#<id>
//                                  CLAIMS#<division> / <status>#<submittedAt>#<id> (the deciding office's claims)
//                                  DEPS#<incidentId> / <requestedAt>#<id> (an incident's deployments)
//                                  REQS#<incidentId> / <createdAt>#<id>; REQOPEN#<shard 0-3> / <incidentId>#<id> (trackers)
//                                  PIIDUE / <next check instant>#<incidentId> (incidents whose personal data is due)
// GSI2 (by owner or clock):        PLANDRILL#<division> / <drillClock>#<planId>;
//                                  INCCAT#<division>#<category> / <status>#<occurredAt>#<id>; SUBOWNER#<sub> / <createdAt>#<id>;
//                                  ORGVOLS#<orgId> / <registeredAt>#<volunteerId>; ORGDEPS#<orgId> / <requestedAt>#<id>
//                                  NOTICEDUE / <dueAt>#<noticeId> (pending notices only);
//                                  RPTKIND#<division>#<kind> / <status>#<receivedAt>#<id>
//                                  REQOWNER#<owner blind index> / <createdAt>#<id> (a citizen's requisitions);
//                                  CLAIMANT#<claimant ref> / <submittedAt>#<id> (a claimant's claims)
//                                  AUDITKIND#<division>#<record kind> / <at>#<id> (audit items by the kind of record, rule 20)
// GSI3 (audit by action):          AUDITACT#<division>#<action> / <at>#<id> (every audit item; the reveal log is the
//                                  partition of action `pii.revealed`, rule 18)
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
  prefixes: { warningLink: 'WARN#', congressFiling: 'CFILING#', update: 'UPD#', release: 'REL#', notice: 'NOTICE#' },
  outbox: (eventId: string): Key => ({ PK: `OUTBOX#${eventId}`, SK: 'OUTBOX' }),
  idempotency: (scope: string): Key => ({ PK: `IDEMP#${scope}`, SK: 'IDEMP' }),
  dataKey: (incidentId: string, purpose: string): Key => ({ PK: `PIIKEY#${incidentId}`, SK: `PURPOSE#${purpose}` }),
  dataKeysOf: (incidentId: string) => ({ PK: `PIIKEY#${incidentId}`, SKPrefix: 'PURPOSE#' }),
  organization: (orgId: string): Key => ({ PK: `ORG#${orgId}`, SK: 'HEAD' }),
  organizationByCapability: (division: string, capability: string, status: string, orgId: string): Key => ({ PK: `ORGCAP#${division}#${capability}`, SK: `${status}#${orgId}` }),
  organizationsByCapabilityPK: (division: string, capability: string) => `ORGCAP#${division}#${capability}`,
  volunteer: (volunteerId: string): Key => ({ PK: `VOL#${volunteerId}`, SK: 'HEAD' }),
  /** A citizen's own registration as a volunteer: one per user (sub), so self-registration cannot fill the register. */
  selfVolunteer: (sub: string): Key => ({ PK: `VOLSELF#${sub}`, SK: 'VOLUNTEER' }),
  volunteerCommitments: (volunteerId: string): Key => ({ PK: `VOL#${volunteerId}`, SK: 'COMMITMENTS' }),
  volunteerSearch: (division: string, dimension: string, shard: number, volunteerId: string): Key => ({ PK: `VOLIDX#${division}#${dimension}#${shard}`, SK: volunteerId }),
  volunteerSearchPK: (division: string, dimension: string, shard: number) => `VOLIDX#${division}#${dimension}#${shard}`,
  deployment: (deploymentId: string): Key => ({ PK: `DEP#${deploymentId}`, SK: 'HEAD' }),
  deploymentRoster: (deploymentId: string): Key => ({ PK: `DEP#${deploymentId}`, SK: 'ROSTER' }),
  notice: (noticeId: string): Key => ({ PK: `NOTICE#${noticeId}`, SK: 'HEAD' }),
  incidentNotice: (incidentId: string, sentAt: string, noticeId: string): Key => ({ PK: `INC#${incidentId}`, SK: `NOTICE#${sentAt}#${noticeId}` }),
  report: (reportId: string): Key => ({ PK: `RPT#${reportId}`, SK: 'HEAD' }),
  reportRate: (source: string, windowStart: number): Key => ({ PK: `RPTRATE#${source}#${windowStart}`, SK: 'RATE' }),
  requisition: (requisitionId: string): Key => ({ PK: `REQ#${requisitionId}`, SK: 'HEAD' }),
  requisitionTracker: (requisitionId: string): Key => ({ PK: `REQ#${requisitionId}`, SK: 'OPEN' }),
  voucherCounter: (division: string, year: string): Key => ({ PK: `VOUCHERSEQ#${division}#${year}`, SK: 'COUNTER' }),
  claim: (claimId: string): Key => ({ PK: `CLAIM#${claimId}`, SK: 'HEAD' }),
  claimOfSource: (sourceKind: string, sourceId: string, claimantRef: string): Key => ({ PK: `CLAIMSRC#${sourceKind}#${sourceId}#${claimantRef}`, SK: 'CLAIM' }),
  reconsideration: (reconsiderationId: string): Key => ({ PK: `RECON#${reconsiderationId}`, SK: 'HEAD' }),
  audit: (entityPK: string, at: string, id: string): Key => ({ PK: entityPK, SK: `AUDIT#${at}#${id}` }),
  piiRecord: (scope: string, purpose: string, record: Key): Key => ({ PK: `PIIREG#${scope}`, SK: `${purpose}#${record.PK}#${record.SK}` }),
  piiRecordsOf: (scope: string, purpose?: string) => ({ PK: `PIIREG#${scope}`, SKPrefix: purpose ? `${purpose}#` : '' }),
  retentionAssessment: (incidentId: string, assessmentId: string): Key => ({ PK: `INC#${incidentId}`, SK: `RETAIN#${assessmentId}` }),
  retentionAssessmentsOf: (incidentId: string) => ({ PK: `INC#${incidentId}`, SKPrefix: 'RETAIN#' }),
  piiSchedule: (incidentId: string): Key => ({ PK: `INC#${incidentId}`, SK: 'PIISCHEDULE' }),
  piiDestruction: (incidentId: string): Key => ({ PK: `INC#${incidentId}`, SK: 'PIIDESTRUCTION' }),
  piiAlert: (incidentId: string, destroyOn: string, purpose: string): Key => ({ PK: `INC#${incidentId}`, SK: `PIIALERT#${destroyOn}#${purpose}` }),
  piiNoticed: (incidentId: string, phoneIndex: string): Key => ({ PK: `INC#${incidentId}`, SK: `PIINOTICED#${phoneIndex}` }),
  piiNotice: (noticeId: string): Key => ({ PK: `PIINOTICE#${noticeId}`, SK: 'HEAD' }),
  auditPrefix: 'AUDIT#',

  gsi: {
    plansByDivision: (division: string, status: string, planId: string) => ({ GSI1PK: `PLANS#${division}`, GSI1SK: `${status}#${planId}` }),
    plansByDivisionPK: (division: string) => `PLANS#${division}`,
    filing: (state: 'PENDING' | 'OVERDUE', dueDate: string, planId: string) => ({ GSI1PK: `PLANFILING#${state}`, GSI1SK: `${dueDate}#${planId}` }),
    filingPK: (state: 'PENDING' | 'OVERDUE') => `PLANFILING#${state}`,
    auditByDivision: (division: string, at: string, id: string) => ({ GSI1PK: `AUDIT#${division}`, GSI1SK: `${at}#${id}` }),
    auditByDivisionPK: (division: string) => `AUDIT#${division}`,
    auditByKind: (division: string, entity: string, at: string, id: string) => ({ GSI2PK: `AUDITKIND#${division}#${entity}`, GSI2SK: `${at}#${id}` }),
    auditByKindPK: (division: string, entity: string) => `AUDITKIND#${division}#${entity}`,
    auditByAction: (division: string, action: string, at: string, id: string) => ({ GSI3PK: `AUDITACT#${division}#${action}`, GSI3SK: `${at}#${id}` }),
    auditByActionPK: (division: string, action: string) => `AUDITACT#${division}#${action}`,
    /** Every index an audit item is found through (rules 18, 20): its division's, its record kind's, its action's. */
    audit: (division: string, entity: string, action: string, at: string, id: string) => ({
      GSI1PK: `AUDIT#${division}`,
      GSI1SK: `${at}#${id}`,
      GSI2PK: `AUDITKIND#${division}#${entity}`,
      GSI2SK: `${at}#${id}`,
      GSI3PK: `AUDITACT#${division}#${action}`,
      GSI3SK: `${at}#${id}`,
    }),
    piiDue: (dueAt: string, incidentId: string) => ({ GSI1PK: 'PIIDUE', GSI1SK: `${dueAt}#${incidentId}` }),
    piiDuePK: 'PIIDUE',
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
    deploymentsOfIncident: (incidentId: string, requestedAt: string, id: string) => ({ GSI1PK: `DEPS#${incidentId}`, GSI1SK: `${requestedAt}#${id}` }),
    deploymentsOfIncidentPK: (incidentId: string) => `DEPS#${incidentId}`,
    deploymentsOfOrganization: (orgId: string, requestedAt: string, id: string) => ({ GSI2PK: `ORGDEPS#${orgId}`, GSI2SK: `${requestedAt}#${id}` }),
    deploymentsOfOrganizationPK: (orgId: string) => `ORGDEPS#${orgId}`,
    inbox: (division: string, status: string, sentAt: string, id: string) => ({ GSI1PK: `INBOX#${division}`, GSI1SK: `${status}#${sentAt}#${id}` }),
    inboxPK: (division: string) => `INBOX#${division}`,
    noticeDue: (dueAt: string, id: string) => ({ GSI2PK: 'NOTICEDUE', GSI2SK: `${dueAt}#${id}` }),
    noticeDuePK: 'NOTICEDUE',
    reportsByDivision: (division: string, status: string, receivedAt: string, id: string) => ({ GSI1PK: `RPTS#${division}`, GSI1SK: `${status}#${receivedAt}#${id}` }),
    reportsByDivisionPK: (division: string) => `RPTS#${division}`,
    reportsByKind: (division: string, kind: string, status: string, receivedAt: string, id: string) => ({ GSI2PK: `RPTKIND#${division}#${kind}`, GSI2SK: `${status}#${receivedAt}#${id}` }),
    reportsByKindPK: (division: string, kind: string) => `RPTKIND#${division}#${kind}`,
    requisitionsOfIncident: (incidentId: string, createdAt: string, id: string) => ({ GSI1PK: `REQS#${incidentId}`, GSI1SK: `${createdAt}#${id}` }),
    requisitionsOfIncidentPK: (incidentId: string) => `REQS#${incidentId}`,
    requisitionsOfOwner: (ownerRef: string, createdAt: string, id: string) => ({ GSI2PK: `REQOWNER#${ownerRef}`, GSI2SK: `${createdAt}#${id}` }),
    requisitionsOfOwnerPK: (ownerRef: string) => `REQOWNER#${ownerRef}`,
    openRequisition: (shard: number, incidentId: string, id: string) => ({ GSI1PK: `REQOPEN#${shard}`, GSI1SK: `${incidentId}#${id}` }),
    openRequisitionsPK: (shard: number) => `REQOPEN#${shard}`,
    claimsOfClaimant: (claimantRef: string, submittedAt: string, id: string) => ({ GSI2PK: `CLAIMANT#${claimantRef}`, GSI2SK: `${submittedAt}#${id}` }),
    claimsOfClaimantPK: (claimantRef: string) => `CLAIMANT#${claimantRef}`,
    claimsOfDivision: (division: string, status: string, submittedAt: string, id: string) => ({ GSI1PK: `CLAIMS#${division}`, GSI1SK: `${status}#${submittedAt}#${id}` }),
    claimsOfDivisionPK: (division: string) => `CLAIMS#${division}`,
  },
} as const;

export const INDEX = { GSI1: 'GSI1', GSI2: 'GSI2', GSI3: 'GSI3' } as const;
