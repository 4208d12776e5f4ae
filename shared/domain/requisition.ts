// The requisition aggregate (征用, Art 12, 76): voucher or emergency taking, paperwork, hand-over, return with the
// compensation case it opens, and the overdue flags of the sweeps (rules 8, 10-13). Pure: no I/O.
// Personal fields of the owner are opaque values of type S (sealed by shared/pii/); the domain never reads them, and
// no Change or event carries them.
import type { Category, ResponseLevel } from './categories.ts';
import type { GovLevel } from './division.ts';
import { atLeast } from './division.ts';
import { actorLabel, asGovernment, requireJurisdiction, type Actor } from './actor.ts';
import type { Change, DomainEvent } from './change.ts';
import { cstDate } from './calendar/working-days.ts';
import { paperworkDueAt, returnDueDate } from './remedies.ts';
import { InvalidTransition, RuleViolation, ValidationFailed, type FieldError } from '../errors.ts';

/** A personal field as the personal-data kernel holds it: opaque here. */
export type Sealed = unknown;

export const REQUISITION_CATEGORIES = ['vehicle', 'equipment', 'facility', 'site', 'supplies', 'other'] as const;
/** Rule 11: necessities that are never requisitioned (by analogy with 国防动员法 Art 55-58). */
export const EXEMPT_CATEGORIES = ['dwelling', 'personal-necessity', 'welfare-necessity'] as const;
export type ItemCategory = (typeof REQUISITION_CATEGORIES)[number] | (typeof EXEMPT_CATEGORIES)[number];
/** Categories that are real property (不动产): their remedies run 20 years at most instead of 5. */
export const REAL_PROPERTY_CATEGORIES: readonly ItemCategory[] = ['site', 'facility'];

export type RequisitionMode = 'voucher' | 'emergency';
export type RequisitionStatus = 'issued' | 'taken' | 'handed-over' | 'returned';
export type ReturnOutcome = 'intact' | 'damaged' | 'destroyed' | 'consumed';

export interface RequisitionItem {
  name: string;
  category: ItemCategory;
  quantity: number;
  unit: string;
  model?: string;
  conditionBefore: string;
  valueFen: number;
}

/** The owner: an individual (ID number) or a unit (unified social credit code). */
export type Owner<S = Sealed> =
  | { kind: 'individual'; claimantRef: string; name: S; idNumber: S; phone: S; address: S }
  | { kind: 'unit'; claimantRef: string; name: S; creditCode: S; phone: S; address: S };

export interface RequisitionDraft<S = Sealed> {
  mode: RequisitionMode;
  legalBasis: string;
  reason: string;
  owner: Owner<S>;
  items: RequisitionItem[];
  requisitioningUnit: string;
  executingOfficer: { name: string; contact: string };
  takenAt: string;
}

/** 毁损/灭失证明: required for any return but an intact one (rule 13). */
export interface LossCertificate {
  number: string;
  description: string;
  assessedLossFen: number;
}

export interface Return {
  outcome: ReturnOutcome;
  conditionAfter: string;
  certificate?: LossCertificate;
}

/** Rule 13: what the owner may claim for, opened at every return. */
export interface CompensationCase {
  openedAt: string;
  /** Use always; loss when the property came back damaged, destroyed or consumed. */
  heads: ('use' | 'loss')[];
  assessedLossFen?: number;
  /** The list of documents a claim needs was given, once and in writing, at this time. */
  documentsGivenAt: string;
}

export interface Requisition<S = Sealed> {
  requisitionId: string;
  incidentId: string;
  /** The incident's division and category: events filter on them. */
  division: string;
  category: Category;
  /** The response level in force at the taking; the level of every event of this requisition ('none' when there was none). */
  responseLevel: ResponseLevel | null;
  requisitionedBy: { division: string; level: GovLevel; sub: string };
  mode: RequisitionMode;
  status: RequisitionStatus;
  voucherNumber?: string;
  voucherIssuedAt?: string;
  legalBasis: string;
  reason: string;
  owner: Owner<S>;
  items: RequisitionItem[];
  requisitioningUnit: string;
  executingOfficer: { name: string; contact: string };
  takenAt: string;
  /** Rule 12: emergency takings only. */
  paperworkDueAt?: string;
  paperworkOverdueAt?: string;
  handover?: { at: string; by: string; copies: 2; conditions: string[] };
  returned?: Return & { at: string; by: string };
  /** Rule 8: set when the response ends before the property came back. */
  returnDueDate?: string;
  returnOverdueAt?: string;
  compensationCase?: CompensationCase;
  createdAt: string;
  updatedAt: string;
  rev: number;
}

/** Ids, codes and counts only: never the owner. */
export interface RequisitionEvent extends DomainEvent {
  type: 'requisition.issued' | 'requisition.paperwork-overdue' | 'requisition.returned' | 'requisition.return-overdue';
  attributes: { mode: RequisitionMode };
  requisitionId: string;
  incidentId: string;
  /** The requisitioning government's division. */
  requisitionedBy: string;
  status: RequisitionStatus;
  /** requisition.issued: the voucher number (null for an emergency taking, papered later) and the number of items. */
  voucherNumber?: string | null;
  items?: number;
  paperworkDueAt?: string;
  /** requisition.returned */
  outcome?: ReturnOutcome;
  returnedLate?: boolean;
  returnDueDate?: string;
}

export interface RequisitionChange<S = Sealed> {
  requisition: Requisition<S>;
  change: Change;
  event?: RequisitionEvent;
  /** On return only (rule 13): the case opened for the owner and the documents list given with it. */
  compensationCase?: CompensationCase;
  claimDocuments?: readonly ClaimDocument[];
}

/** What a requisition needs of its incident. */
export interface RequisitionIncident {
  incidentId: string;
  category: Category;
  divisionCode: string;
  status: 'reported' | 'responding' | 'recovery';
  response?: { status: 'active' | 'terminated'; level: ResponseLevel };
}

export interface ClaimDocument {
  kind: string;
  'zh-CN': string;
  en: string;
  /** When the document is needed; always when absent. */
  when?: { 'zh-CN': string; en: string };
}

/** Rule 13: the documents a compensation claim needs, given to the owner once, in writing, at the return. */
export const CLAIM_DOCUMENTS: readonly ClaimDocument[] = [
  { kind: 'claim-form', 'zh-CN': '补偿申请书（写明补偿项目、金额及理由）', en: 'Written claim stating each item, amount and reason' },
  { kind: 'identity', 'zh-CN': '申请人身份证明（居民身份证或统一社会信用代码证书）', en: "Proof of the claimant's identity (resident identity card or unified social credit code certificate)" },
  { kind: 'voucher', 'zh-CN': '征用凭证', en: 'The requisition voucher' },
  { kind: 'handover-list', 'zh-CN': '财产交接清单', en: 'The property handover list' },
  { kind: 'ownership', 'zh-CN': '被征用财产的权属证明', en: 'Proof of ownership of the requisitioned property' },
  {
    kind: 'loss-certificate',
    'zh-CN': '毁损、灭失证明',
    en: 'The damage or loss certificate',
    when: { 'zh-CN': '财产毁损、灭失或消耗的', en: 'when the property was damaged, destroyed or consumed' },
  },
  {
    kind: 'loss-evidence',
    'zh-CN': '损失证明材料（维修票据、评估报告、购置凭证等）',
    en: 'Evidence of the loss (repair invoices, valuation reports, purchase records)',
    when: { 'zh-CN': '主张折旧、维修费或市场价值的', en: 'when claiming depreciation, repair or market value' },
  },
  {
    kind: 'staff-hours',
    'zh-CN': '经营者工作人员的工时记录',
    en: "Records of the hours worked by the operator's staff",
    when: { 'zh-CN': '主张人员工时费用的', en: 'when claiming staff hours' },
  },
  { kind: 'bank-account', 'zh-CN': '收款银行账户信息', en: 'The bank account to pay into' },
];

const VOUCHER_SEQ_MAX = 999_999;

/** 征用凭证 number: `<division>-<year>-<6-digit seq>`, unique per issuing division and CST year; the caller keeps the counter. */
export function voucherNumber(division: string, at: Date, seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`Voucher sequence ${seq} is not a positive integer.`);
  if (seq > VOUCHER_SEQ_MAX) throw new RuleViolation('voucher-numbers-exhausted', `Division ${division} has used every voucher number for ${cstDate(at).slice(0, 4)}.`);
  return `${division}-${cstDate(at).slice(0, 4)}-${String(seq).padStart(6, '0')}`;
}

const eventLevel = (r: Requisition<unknown>) => r.responseLevel ?? 'none';

function eventOf(r: Requisition<unknown>, type: RequisitionEvent['type'], extra: Partial<RequisitionEvent> = {}): RequisitionEvent {
  return {
    type,
    division: r.division,
    category: r.category,
    level: eventLevel(r),
    attributes: { mode: r.mode },
    requisitionId: r.requisitionId,
    incidentId: r.incidentId,
    requisitionedBy: r.requisitionedBy.division,
    status: r.status,
    ...extra,
  };
}

function checkItems(items: RequisitionItem[]): void {
  const invalid: FieldError[] = [];
  if (items.length === 0) invalid.push({ path: 'body.items', message: 'list at least one item' });
  items.forEach((it, n) => {
    if (!Number.isSafeInteger(it.valueFen) || it.valueFen < 0) invalid.push({ path: `body.items.${n}.valueFen`, message: 'must be a whole number of fen, 0 or more' });
    if (!(Number.isFinite(it.quantity) && it.quantity > 0)) invalid.push({ path: `body.items.${n}.quantity`, message: 'must be more than 0' });
  });
  if (invalid.length) throw new ValidationFailed('The items are not valid.', invalid);
  // Rule 11: every exempt item is named at once, so the office can correct the list in one go.
  const exempt = items.flatMap((it, n) =>
    (EXEMPT_CATEGORIES as readonly string[]).includes(it.category) ? [{ path: `body.items.${n}.category`, message: `${it.category} is exempt from requisition` }] : [],
  );
  if (exempt.length) {
    throw new RuleViolation('exempt-from-requisition', "A home, personal and family necessities and welfare institutions' necessities cannot be requisitioned.", exempt);
  }
}

/**
 * Rules 10-12: a government at county level or above requisitions for an incident in its jurisdiction, never an
 * exempt necessity. A voucher taking gets its voucher number now (`voucherSeq` from the caller's counter for the
 * government's division and this CST year); an emergency taking is due for paperwork `paperworkHours` after it.
 */
export function issueRequisition<S>(
  requisitionId: string,
  incident: RequisitionIncident,
  draft: RequisitionDraft<S>,
  actor: Actor,
  now: Date,
  settings: { paperworkHours: number; voucherSeq?: number },
): RequisitionChange<S> {
  const gov = asGovernment(actor);
  if (!atLeast(gov.level, 'county')) {
    throw new RuleViolation('requisition-below-county', 'Only a government at county level or above, or its departments, may requisition property (Art 12).');
  }
  requireJurisdiction(gov, incident.divisionCode, `Incident ${incident.incidentId}`);
  // Art 12: property is returned when the response ends, so nothing is taken after it.
  if (incident.status === 'recovery') throw new RuleViolation('response-ended', 'The response to this incident has ended; nothing more may be requisitioned for it (Art 12).');
  checkItems(draft.items);
  const at = now.toISOString();
  const takenAt = new Date(draft.takenAt).toISOString();
  if (takenAt > at) throw new RuleViolation('taken-in-future', 'A taking is recorded when or after it happens.', [{ path: 'body.takenAt', message: 'is in the future' }]);
  const voucher = draft.mode === 'voucher';
  if (voucher && settings.voucherSeq === undefined) throw new Error('A voucher taking needs a voucher sequence number.');
  const requisition: Requisition<S> = {
    requisitionId,
    incidentId: incident.incidentId,
    division: incident.divisionCode,
    category: incident.category,
    responseLevel: incident.response?.status === 'active' ? incident.response.level : null,
    requisitionedBy: { division: gov.division, level: gov.level, sub: gov.sub },
    mode: draft.mode,
    status: voucher ? 'issued' : 'taken',
    ...(voucher ? { voucherNumber: voucherNumber(gov.division, now, settings.voucherSeq!), voucherIssuedAt: at } : { paperworkDueAt: paperworkDueAt(takenAt, settings.paperworkHours) }),
    legalBasis: draft.legalBasis,
    reason: draft.reason,
    owner: draft.owner,
    items: draft.items,
    requisitioningUnit: draft.requisitioningUnit,
    executingOfficer: draft.executingOfficer,
    takenAt,
    createdAt: at,
    updatedAt: at,
    rev: 1,
  };
  return {
    requisition,
    change: { action: 'requisition', from: null, to: voucher ? `issued, voucher ${requisition.voucherNumber}` : `taken in an emergency, paperwork due ${requisition.paperworkDueAt}` },
    event: eventOf(requisition, 'requisition.issued', { voucherNumber: requisition.voucherNumber ?? null, items: draft.items.length }),
  };
}

/** Writes by the requisitioning government or a government above it. */
function requireRequisitioner(r: Requisition<unknown>, actor: Actor) {
  const gov = asGovernment(actor);
  requireJurisdiction(gov, r.requisitionedBy.division, `Requisition ${r.requisitionId}`);
  return gov;
}

/** Rule 12: an emergency taking gets its voucher (late paperwork is still paperwork; the overdue flag stays). */
export function completePaperwork<S>(r: Requisition<S>, voucherSeq: number, actor: Actor, now: Date): RequisitionChange<S> {
  requireRequisitioner(r, actor);
  if (r.status !== 'taken') throw new InvalidTransition(r.mode === 'voucher' ? 'This requisition was issued with a voucher.' : 'The paperwork has already been done.');
  const at = now.toISOString();
  const next: Requisition<S> = { ...r, status: 'issued', voucherNumber: voucherNumber(r.requisitionedBy.division, now, voucherSeq), voucherIssuedAt: at, updatedAt: at, rev: r.rev + 1 };
  const late = r.paperworkDueAt !== undefined && at > r.paperworkDueAt;
  return { requisition: next, change: { action: 'paperwork', from: 'taken', to: `issued, voucher ${next.voucherNumber}${late ? ' (late)' : ''}` } };
}

/** The handover list, in two copies, with each item's condition as recorded at the hand-over. */
export function handOverRequisition<S>(r: Requisition<S>, h: { conditions?: string[] }, actor: Actor, now: Date): RequisitionChange<S> {
  const gov = requireRequisitioner(r, actor);
  if (r.status !== 'issued') throw new InvalidTransition(r.status === 'taken' ? 'Do the paperwork first: the handover list cites the voucher.' : 'The property has already been handed over.');
  const conditions = h.conditions ?? r.items.map((it) => it.conditionBefore);
  if (conditions.length !== r.items.length) {
    throw new ValidationFailed('Record one condition per item.', [{ path: 'body.conditions', message: `expected ${r.items.length} conditions` }]);
  }
  const at = now.toISOString();
  const next: Requisition<S> = { ...r, status: 'handed-over', handover: { at, by: actorLabel(gov), copies: 2, conditions }, updatedAt: at, rev: r.rev + 1 };
  return { requisition: next, change: { action: 'hand-over', from: 'issued', to: `handed over, ${r.items.length} items, list in 2 copies` } };
}

/** Rule 13: anything but an intact return needs a damage/loss certificate; every return opens a compensation case. */
export function returnRequisition<S>(r: Requisition<S>, ret: Return, actor: Actor, now: Date): RequisitionChange<S> {
  const gov = requireRequisitioner(r, actor);
  if (r.status !== 'handed-over') throw new InvalidTransition(r.status === 'returned' ? 'The property has already been returned.' : 'The property has not been handed over yet.');
  const c = ret.certificate;
  if (ret.outcome !== 'intact' && c === undefined) {
    throw new RuleViolation('certificate-required', `A return ${ret.outcome} needs a damage or loss certificate (毁损/灭失证明).`, [{ path: 'body.certificate', message: 'required unless intact' }]);
  }
  if (c !== undefined && (!Number.isSafeInteger(c.assessedLossFen) || c.assessedLossFen < 0)) {
    throw new ValidationFailed('The assessed loss is not valid.', [{ path: 'body.certificate.assessedLossFen', message: 'must be a whole number of fen, 0 or more' }]);
  }
  const at = now.toISOString();
  const loss = ret.outcome !== 'intact';
  const compensationCase: CompensationCase = {
    openedAt: at,
    heads: loss ? ['use', 'loss'] : ['use'],
    ...(loss && c ? { assessedLossFen: c.assessedLossFen } : {}),
    documentsGivenAt: at,
  };
  const next: Requisition<S> = { ...r, status: 'returned', returned: { ...ret, at, by: actorLabel(gov) }, compensationCase, updatedAt: at, rev: r.rev + 1 };
  return {
    requisition: next,
    change: { action: 'return', from: 'handed-over', to: `returned ${ret.outcome}; compensation case opened (${compensationCase.heads.join(' and ')})` },
    event: eventOf(next, 'requisition.returned', { outcome: ret.outcome, returnedLate: r.returnDueDate !== undefined && cstDate(now) > r.returnDueDate }),
    compensationCase,
    claimDocuments: CLAIM_DOCUMENTS,
  };
}

/** Rule 12: an emergency taking still without its voucher after the deadline. */
export function isPaperworkOverdue(r: Requisition<unknown>, now: Date): boolean {
  return r.status === 'taken' && r.paperworkDueAt !== undefined && now.toISOString() > r.paperworkDueAt;
}

/** The sweep's change (rule 12): flag the missing paperwork once and announce it; undefined when there is nothing to flag. */
export function markPaperworkOverdue<S>(r: Requisition<S>, now: Date): RequisitionChange<S> | undefined {
  if (!isPaperworkOverdue(r, now) || r.paperworkOverdueAt) return undefined;
  const at = now.toISOString();
  const next: Requisition<S> = { ...r, paperworkOverdueAt: at, updatedAt: at, rev: r.rev + 1 };
  return {
    requisition: next,
    change: { action: 'flag-paperwork-overdue', from: 'taken', to: 'taken, paperwork overdue' },
    event: eventOf(next, 'requisition.paperwork-overdue', { paperworkDueAt: r.paperworkDueAt! }),
  };
}

/**
 * Rule 8: the response ended at `terminatedAt`; property not yet returned is due back `days` days later. `now` is when
 * this is recorded (the termination itself, or a later sweep). Undefined when nothing changes.
 */
export function setReturnDeadline<S>(r: Requisition<S>, terminatedAt: string, days: number, now: Date = new Date(terminatedAt)): RequisitionChange<S> | undefined {
  if (r.status === 'returned' || r.returnDueDate !== undefined) return undefined;
  const due = returnDueDate(terminatedAt, days);
  const next: Requisition<S> = { ...r, returnDueDate: due, updatedAt: now.toISOString(), rev: r.rev + 1 };
  return { requisition: next, change: { action: 'set-return-deadline', from: r.status, to: `${r.status}, return due ${due}` } };
}

export function isReturnOverdue(r: Requisition<unknown>, now: Date): boolean {
  return r.status !== 'returned' && r.returnDueDate !== undefined && cstDate(now) > r.returnDueDate;
}

/** The sweep's change (rule 8): flag a return past its deadline once and announce it. */
export function markReturnOverdue<S>(r: Requisition<S>, now: Date): RequisitionChange<S> | undefined {
  if (!isReturnOverdue(r, now) || r.returnOverdueAt) return undefined;
  const at = now.toISOString();
  const next: Requisition<S> = { ...r, returnOverdueAt: at, updatedAt: at, rev: r.rev + 1 };
  return {
    requisition: next,
    change: { action: 'flag-return-overdue', from: r.status, to: `${r.status}, return overdue` },
    event: eventOf(next, 'requisition.return-overdue', { returnDueDate: r.returnDueDate! }),
  };
}

/** Does the requisition include real property? Remedies then run 20 years at most (行政复议法 Art 21). */
export const includesRealProperty = (r: Requisition<unknown>) => r.items.some((it) => REAL_PROPERTY_CATEGORIES.includes(it.category));
