// What the console reads from the API (v1). Written from the OpenAPI document at GET /v1/openapi.json; the console
// speaks to the API over HTTP only and imports nothing from the server code.
export const CATEGORIES = ['natural-disaster', 'accident', 'public-health', 'social-security'] as const;
export type Category = (typeof CATEGORIES)[number];
export const RESPONSE_LEVELS = ['I', 'II', 'III', 'IV'] as const;
export type ResponseLevel = (typeof RESPONSE_LEVELS)[number];
export const WARNING_LEVELS = ['1', '2', '3', '4'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];
export const GOV_LEVELS = ['national', 'province', 'city', 'county', 'township'] as const;
export type GovLevel = (typeof GOV_LEVELS)[number];
export const PLAN_TYPES = ['overall', 'special', 'department', 'local', 'grassroots', 'joint', 'major-event'] as const;
export type PlanType = (typeof PLAN_TYPES)[number];
export const PLAN_STATUSES = ['draft', 'under-review', 'approved', 'published', 'filed', 'retired'] as const;
export type PlanAction = 'submit' | 'approve' | 'publish' | 'file' | 'retire';
export const METRICS = ['deaths', 'seriouslyInjured', 'directLossFen', 'affectedPopulation'] as const;
export type Metric = (typeof METRICS)[number];
export const INCIDENT_STATUSES = ['reported', 'responding', 'recovery', 'assessed', 'archived'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export type Role = 'office' | 'org' | 'citizen' | 'auditor';

export interface Page<T> {
  items: T[];
  cursor?: string;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  code?: string;
  detail?: string;
  errors?: { path: string; message: string }[];
  requestId?: string;
}

export type Thresholds = Partial<Record<Metric, number>>;
export interface ResponseLevelDef {
  thresholds: Thresholds;
  requiredAuthority?: GovLevel;
  measures: string[];
}
export interface PlanContent {
  title: string;
  responseLevels: Partial<Record<ResponseLevel, ResponseLevelDef>>;
  warningMeasures: Partial<Record<WarningLevel, string[]>>;
}

export interface Plan {
  planId: string;
  type: PlanType;
  category: Category;
  divisionCode: string;
  parentPlanId?: string;
  title: string;
  status: string;
  latestVersion: number;
  inForceVersion?: number;
  revisionNeeded: boolean;
  revisionReason?: string;
  lastDrillAt?: string;
  filing?: { version: number; to: { body: string; division: string }; dueDate: string; filedAt?: string; overdue: boolean; workingDaysLeft?: number };
  createdAt: string;
  updatedAt: string;
  content?: PlanContent & { version: number; status: string };
}

export interface PlanVersion extends PlanContent {
  planId: string;
  version: number;
  status: string;
  createdAt: string;
  submittedAt?: string;
  approvedAt?: string;
  publishedAt?: string;
  filedAt?: string;
  endedAt?: string;
}

export interface Drill {
  drillId: string;
  planId: string;
  planVersion: number;
  divisionCode: string;
  conductedAt: string;
  scenario: string;
  participants: number;
  recordedAt: string;
  evaluation?: { findings: string[]; revisionNeeded: boolean; evaluatedAt: string };
}

export interface ThresholdMet {
  planId: string;
  planVersion: number;
  level: ResponseLevel;
  metric: Metric;
  threshold: number;
  value: number;
}

export interface Figures {
  casualties: { deaths: number; missing: number; injured: number; seriouslyInjured: number };
  directLossFen: number;
  affectedPopulation: number;
}

export interface WarningLink {
  warningId: string;
  level: WarningLevel;
  colour: string;
  status: string;
  issuedAt: string;
}

export interface Incident {
  incidentId: string;
  category: Category;
  type: string;
  title: string;
  divisionCode: string;
  occurredAt: string;
  location: { lat: number; lng: number; address: string };
  figures: Figures;
  description: string;
  severity: { level: ResponseLevel | null; basis: ThresholdMet | null; derivedLevel: ResponseLevel | null; override?: { level: ResponseLevel; reason: string; at: string } };
  status: IncidentStatus;
  response?: {
    status: 'active' | 'terminated';
    planId: string;
    planVersion: number;
    level: ResponseLevel;
    matters: string;
    expectedDuration: string;
    measures: string[];
    basis: ThresholdMet;
    activatedBy: { division: string; level: GovLevel };
    activatedAt: string;
    responsible: { division: string; level: GovLevel };
    terminatedAt?: string;
  };
  investigation?: Investigation;
  recoveryTasks?: RecoveryTask[];
  notices?: Notice[];
  piiDestructionFrom?: string;
  updates: number;
  reportedAt: string;
  updatedAt: string;
  warnings?: WarningLink[];
}

/** Text in Chinese and optionally English; older responses (and plain inputs) give the Chinese text alone. */
export type Localized = string | { 'zh-CN': string; en?: string };

export interface WarningArea {
  divisions: string[];
  description?: string;
  polygon?: [number, number][];
  circle?: { lat: number; lng: number; radiusKm: number };
}

export interface PublicWarning {
  warningId: string;
  incidentId: string;
  category: Category;
  level: WarningLevel;
  colour: string;
  title: Localized;
  startsAt: string;
  area: WarningArea;
  hazards: Localized[];
  measures: Localized[];
  /** The Art 66/67 measures the level attaches, where the API shows them. */
  checklist?: string[];
  issuer: { division: string; level: GovLevel };
  issuedAt: string;
  status: string;
  updatedAt: string;
  cap: string;
}

export interface Release {
  releaseId: string;
  incidentId: string;
  divisionCode: string;
  category: Category;
  title: Localized;
  body: Localized;
  publishedAt: string;
}

export interface TimelineEntry {
  at: string;
  action: string;
  from: string | null;
  to: string;
  reason?: string;
  by?: { sub?: string; role?: string; division?: string };
  entity?: string;
  entityId?: string;
}

export interface Filing {
  filingId?: string;
  decision: string;
  decidedAt: string;
  summary?: string;
  to?: { body: string; division: string };
  decidedBy?: { division: string; level: GovLevel };
  status?: string;
}

export interface Subscription {
  subscriptionId: string;
  protocol: 'email' | 'sms' | 'https';
  endpoint: string;
  filter: { divisionPrefix?: string; categories?: Category[]; minLevel?: WarningLevel; organizationId?: string; includeExercises?: boolean };
  status?: string;
  createdAt?: string;
}

// ---- Recovery, investigation and linkage (Art 17, 61, 86-94) ------------------------------------------------------

export const RECOVERY_TASK_KINDS = ['loss-assessment', 'reconstruction-plan', 'relief', 'resettlement', 'funds-audit'] as const;
export type Government = { division: string; level: GovLevel };

export interface InvestigationFindings {
  causes: string;
  losses: { description: string; directLossFen: number };
  lessons: string;
  recommendations: string[];
  responsibility: string;
}

export interface Investigation {
  openedAt: string;
  dueDate: string;
  status: 'open' | 'submitted';
  overdue?: boolean;
  findings?: InvestigationFindings;
  findingsRecordedAt?: string;
  submittedAt?: string;
  submittedBy?: Government;
  noticeId?: string;
}

export interface RecoveryTask {
  taskId: string;
  kind: (typeof RECOVERY_TASK_KINDS)[number];
  description?: string;
  ownerDepartment: string;
  dueDate: string;
  status: 'open' | 'done';
  overdue: boolean;
  createdAt: string;
  completedAt?: string;
  outcome?: string;
}

export interface Recovery {
  incidentId: string;
  status: IncidentStatus;
  investigation?: Investigation;
  recoveryTasks: RecoveryTask[];
}

export const NOTICE_STATUSES = ['pending', 'overdue', 'acknowledged'] as const;
export interface Notice {
  noticeId: string;
  kind: string;
  relation: 'superior' | 'neighbour';
  from: Government;
  to: Government;
  incidentId: string;
  category: Category;
  exercise?: true;
  title: string;
  level: string | null;
  summary: string;
  warningId?: string;
  updateSeq?: number;
  sentAt: string;
  dueAt: string;
  status: (typeof NOTICE_STATUSES)[number];
  overdue: boolean;
  flaggedOverdueAt?: string;
  acknowledgement?: { at: string; by: Government; late: boolean };
}

// ---- Requisition and compensation (rules 8, 10-15) ----------------------------------------------------------------

export const REQUISITION_CATEGORIES = ['vehicle', 'equipment', 'facility', 'site', 'supplies', 'other'] as const;
export const REQUISITION_MODES = ['voucher', 'emergency'] as const;
export const RETURN_OUTCOMES = ['intact', 'damaged', 'destroyed', 'consumed'] as const;
export type ReturnOutcome = (typeof RETURN_OUTCOMES)[number];

/** Text the API gives in both languages (documents a claim needs, the notice of remedies). */
export interface BothLanguages {
  'zh-CN': string;
  en: string;
}

export interface RequisitionItem {
  name: string;
  category: string;
  quantity: number;
  unit: string;
  model?: string;
  conditionBefore: string;
  valueFen: number;
}

export interface ClaimDocumentNeeded extends BothLanguages {
  kind: string;
  when?: BothLanguages;
}

export interface Requisition {
  requisitionId: string;
  incidentId: string;
  divisionCode: string;
  category: Category;
  responseLevel: ResponseLevel | null;
  requisitionedBy: Government;
  mode: (typeof REQUISITION_MODES)[number];
  status: 'issued' | 'taken' | 'handed-over' | 'returned';
  voucherNumber?: string;
  voucherIssuedAt?: string;
  legalBasis: string;
  reason: string;
  /** Masked (张*, 110105********1234), or `destroyed` once the data key is gone. */
  owner: { kind: 'individual' | 'unit'; name: string; idNumber?: string; creditCode?: string; phone: string; address: string };
  items: RequisitionItem[];
  requisitioningUnit: string;
  executingOfficer: { name: string; contact: string };
  takenAt: string;
  paperwork?: { dueAt: string; done: boolean; overdue: boolean; flaggedAt?: string; basis: string };
  handover?: { at: string; copies: 2; conditions: string[] };
  returned?: { outcome: ReturnOutcome; conditionAfter: string; certificate?: { number: string; description: string; assessedLossFen: number }; at: string; late: boolean };
  returnDeadline?: { dueDate: string; passed: boolean; flaggedAt?: string; basis: string };
  compensationCase?: { openedAt: string; heads: ('use' | 'loss')[]; assessedLossFen?: number; documentsGivenAt: string; documents: ClaimDocumentNeeded[] };
  createdAt: string;
  updatedAt: string;
}

export interface AuditEntry {
  at: string;
  action: string;
  from: string | null;
  to: string;
  reason?: string;
  actor: { kind: 'user' | 'job' | 'anonymous'; sub: string; role: string; division?: string };
  requestId: string;
  field?: string;
  collectedFor?: { incidentId: string; purpose: string };
}

export const REQUISITION_CLAIM_KINDS = ['use-fee', 'depreciation', 'repair', 'market-value', 'staff-hours', 'other'] as const;
export const DEPLOYMENT_CLAIM_KINDS = ['labour', 'transport', 'materials', 'equipment-wear', 'other'] as const;
export const CLAIM_STATUSES = ['submitted', 'needs-correction', 'accepted', 'decided', 'served', 'paid', 'closed'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** A computed due date (rule 15): the last day, inclusive, in China Standard Time, with its legal basis. */
export interface DueDate {
  kind: string;
  from: string;
  due: string;
  passed: boolean;
  article: string;
  done: boolean;
}

export interface Remedies {
  reconsideration: { organ: Government; within: { days: number; from: 'service' }; article: string };
  litigation: { court: 'peoples-court'; within: { months: number; from: 'service' }; article: string };
  unserved: { withinYears: number; article: string };
  text: BothLanguages;
}

export interface ClaimDecision {
  seq: number;
  outcome: 'approved' | 'partly-approved' | 'rejected';
  claimedFen: number;
  approvedFen: number;
  reasons: string[];
  decidedBy: Government;
  decidedAt: string;
  remedies: Remedies;
}

export interface Correction {
  at: string;
  items: { item: string; reason: string }[];
  resubmittedAt?: string;
}

export interface Claim {
  claimId: string;
  source: { kind: 'requisition'; requisitionId: string } | { kind: 'deployment'; deploymentId: string };
  incidentId: string;
  divisionCode: string;
  category: Category;
  claimant: { kind: 'owner'; ownerKind: 'individual' | 'unit' } | { kind: 'organisation' };
  items: { kind: string; amountFen: number; description: string }[];
  claimedFen: number;
  documents: { kind: string; reference: string }[];
  bankAccount: { bank: string; accountName: string; accountNumber: string };
  status: ClaimStatus;
  submittedAt: string;
  lastSubmittedAt: string;
  submissions: number;
  corrections: Correction[];
  acceptedAt?: string;
  extension?: { at: string; reason: string };
  decision?: ClaimDecision;
  earlierDecisions: ClaimDecision[];
  approvedFen?: number;
  noticeServedAt?: string;
  payments: { amountFen: number; reference: string; at: string }[];
  paidFen: number;
  owedFen?: number;
  reconsideration?: { reconsiderationId: string; decisionSeq: number; appliedAt: string; status: 'pending' | 'decided'; outcome?: 'upheld' | 'varied' | 'revoked'; decidedAt?: string };
  closedAt?: string;
  deadlines: DueDate[];
  updatedAt: string;
}

export interface Reconsideration {
  reconsiderationId: string;
  claimId: string;
  decisionSeq: number;
  incidentId: string;
  divisionCode: string;
  category: Category;
  organ: Government;
  respondent: Government;
  grounds: string;
  request: string;
  disputedFen: number;
  windowDue: string;
  status: 'submitted' | 'needs-correction' | 'accepted' | 'extended' | 'decided';
  procedure: 'ordinary' | 'simplified';
  submittedAt: string;
  lastSubmittedAt: string;
  reviewedAt?: string;
  corrections: Correction[];
  acceptedAt?: string;
  extension?: { at: string; reason: string };
  decision?: { outcome: 'upheld' | 'varied' | 'revoked'; reasons: string[]; variedFen?: number; decidedBy: Government; decidedAt: string };
  deadlines: DueDate[];
  updatedAt: string;
}

/** POST /v1/pii/reveal: the clear value, once. */
export interface Revealed {
  ref: { kind: string; id: string };
  field: string;
  value: string;
  revealedAt: string;
}

// ---- Social forces: organisations, volunteers, deployments (rules 19-22) ------------------------------------------

export const ORGANIZATION_KINDS = ['social-organization', 'charity', 'social-work-agency', 'rescue-team', 'enterprise-team'] as const;
export const ORGANIZATION_STATUSES = ['pending', 'registered', 'suspended', 'revoked'] as const;
export type OrganizationStatus = (typeof ORGANIZATION_STATUSES)[number];
export const CAPABILITIES = [
  'water-rescue',
  'mountain-rescue',
  'urban-search',
  'medical',
  'logistics',
  'psychological-support',
  'communications',
  'firefighting',
  'hazmat-response',
  'canine-search',
  'aerial-reconnaissance',
  'shelter-management',
  'heavy-machinery',
] as const;
export type Capability = (typeof CAPABILITIES)[number];
export const SKILLS = [
  'first-aid',
  'water-rescue',
  'rope-rescue',
  'diving',
  'medical',
  'driving',
  'logistics',
  'psychological-support',
  'communications',
  'cooking',
  'translation',
  'sign-language',
  'drone-piloting',
  'heavy-machinery',
  'shelter-management',
] as const;
export const QUALIFICATION_KINDS = [
  'first-aid',
  'water-rescue',
  'rope-rescue',
  'diving',
  'hazmat',
  'psychological-counselling',
  'medical-practitioner',
  'nurse',
  'drone-pilot',
  'heavy-machinery-operator',
  'radio-operator',
] as const;

export interface InsurancePolicy {
  policyNo: string;
  insurer: string;
  kind: 'personal-accident';
  coversFrom: string;
  coversTo: string;
}

export interface Organization {
  organizationId: string;
  name: string;
  kind: string;
  creditCode: string;
  divisionCode: string;
  capabilities: Capability[];
  equipment: { name: string; quantity: number }[];
  memberCount: number;
  contact: { name: string; phone: string };
  insurance?: InsurancePolicy & { insuredCount: number };
  groupCoverCountsForAll: boolean;
  status: OrganizationStatus;
  registration?: { approvedAt: string; approvedBy: Government; validUntil: string };
  suspension?: { reason: string; at: string };
  revocation?: { reason: string; at: string };
  deployableToday: boolean;
  submittedAt: string;
  updatedAt: string;
}

export interface OrganizationSummary {
  organizationId: string;
  name: string;
  kind: string;
  divisionCode: string;
  capabilities: Capability[];
  memberCount: number;
  status: OrganizationStatus;
  validUntil?: string;
  insurance?: InsurancePolicy & { insuredCount: number };
  updatedAt: string;
}

export interface Qualification {
  kind: string;
  certificateNo: string;
  issuer: string;
  validFrom?: string;
  validUntil: string;
  recordedAt: string;
}

export interface Volunteer {
  volunteerId: string;
  organizationId?: string;
  name: string;
  idNumber: string;
  phone: string;
  disclosure: { as: 'self' | 'organization' | 'office'; name: 'clear' | 'masked'; idNumber: 'clear' | 'masked'; phone: 'clear' | 'masked' };
  skills: string[];
  availability: { weekdays: number[]; notes?: string };
  divisionCode: string;
  consentToShare: boolean;
  qualifications: Qualification[];
  training: { course: string; provider: string; completedOn: string; hours: number; recordedAt: string }[];
  insurance: InsurancePolicy[];
  registeredAt: string;
  updatedAt: string;
}

export interface VolunteerSearchHit {
  volunteerId: string;
  organizationId?: string;
  divisionCode: string;
  name: string;
  phone: string;
  skills: string[];
  availability: { weekdays: number[] };
  qualifications: { kind: string; validFrom?: string; validUntil: string }[];
}

export const DEPLOYMENT_STATUSES = ['requested', 'accepted', 'declined', 'arrived', 'withdrawn', 'stood-down'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

export interface ServiceRecord {
  volunteerId: string;
  organizationId?: string;
  deployments: {
    deploymentId: string;
    incidentId: string;
    organizationId?: string;
    task: { title: string; kind: Capability };
    from: string;
    to: string;
    status: DeploymentStatus;
    arrivedAt?: string;
    withdrawnAt?: string;
    hours: number;
    days: number;
  }[];
  totalHours: number;
  totalDays: number;
  firstDate?: string;
  lastDate?: string;
}

export interface Deployment {
  deploymentId: string;
  incidentId: string;
  divisionCode: string;
  category: Category;
  organizationId?: string;
  people: { volunteerId: string; answer: 'pending' | 'accepted' | 'declined'; answeredAt?: string }[];
  task: { title: string; kind: Capability; risky: boolean; requiredQualifications: string[] };
  from: string;
  to: string;
  place: string;
  reportTo: string;
  status: DeploymentStatus;
  requestedBy: Government;
  requestedAt: string;
  answeredAt?: string;
  arrivedAt?: string;
  withdrawnAt?: string;
  stoodDownAt?: string;
  standDownReason?: string;
  hours: { volunteerId: string; date: string; hours: number; recordedAt: string }[];
  totalHours: number;
  /** Masked, or `destroyed` once the response's personal data was (rule 17); a volunteer sees only their own. */
  contacts: { volunteerId: string; name: string; phone: string }[];
  updatedAt: string;
}

/** A deployment in a list: no hours entries and no roster. */
export type DeploymentSummary = Omit<Deployment, 'hours' | 'contacts'>;

// ---- Citizens' reports (rule 25) ----------------------------------------------------------------------------------

export const REPORT_KINDS = ['price-gouging', 'hoarding', 'counterfeit', 'rumour', 'incident'] as const;
export const REPORT_STATUSES = ['received', 'assigned', 'substantiated', 'dismissed', 'referred', 'rebutted', 'rewarded'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const EVIDENCE_KINDS = ['photo', 'video', 'audio', 'document', 'link', 'other'] as const;
export const REFERRAL_AGENCIES = ['market-regulation', 'public-security'] as const;
export const REPORT_ACTIONS = ['assign', 'substantiate', 'dismiss', 'refer', 'publish-rebuttal', 'reward'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

export interface Report {
  reportId: string;
  kind: (typeof REPORT_KINDS)[number];
  divisionCode: string;
  location?: { lat: number; lng: number; address?: string };
  description: string;
  evidence: { kind: string; reference: string }[];
  incidentId?: string;
  status: ReportStatus;
  contactGiven: boolean;
  assignment?: { department: string; at: string };
  findings?: { text: string; at: string };
  dismissal?: { reason: string; at: string };
  referral?: { to: string; reference: string; at: string };
  rebuttal?: { releaseId: string; incidentId: string; at: string };
  reward?: { reason: string; amountFen?: number; at: string };
  handledBy?: Government;
  receivedAt: string;
  updatedAt: string;
}

/** The answer to a report: the follow-up code is shown once and kept only hashed by the API. */
export interface ReportReceipt {
  reportId: string;
  status: 'received';
  followUpCode: string;
  receivedAt: string;
}

export interface ReportStatusView {
  reportId: string;
  status: ReportStatus;
  receivedAt: string;
  updatedAt: string;
}

// ---- Personal information life cycle (rules 16-18) ----------------------------------------------------------------

export const PURPOSES = ['requisition', 'compensation', 'volunteer', 'report', 'subscription', 'notice'] as const;
export const RETENTION_GROUNDS = ['evidence', 'investigation', 'litigation', 'compensation-duty'] as const;

export interface RetentionAssessment {
  assessmentId: string;
  incidentId: string;
  basis: 'recorded' | 'statutory';
  purposes: string[];
  grounds: string[];
  legality: string;
  necessity: string;
  security: string;
  retainUntil: string | null;
  status: 'in-force' | 'ended' | 'expired';
  recordedAt: string;
  recordedBy?: Government;
  ended?: { at: string; by: Government; reason: string };
  case?: { claimId: string; claimStatus: string };
}
