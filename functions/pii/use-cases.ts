// The reveal of one personal field (rule 18): an office whose jurisdiction covers the record gets the clear value once,
// and the record's audit trail gets who, when, why, which field and what it was collected for, never the value.
import { compensationRepositories } from '../../shared/app/compensation.ts';
import { runtime } from '../../shared/app/runtime.ts';
import { canReadDivision } from '../../shared/domain/actor.ts';
import { NotFound, RuleViolation } from '../../shared/errors.ts';
import { send, type UseCase } from '../../shared/http/api.ts';
import type { piiRoutes as routes } from '../../shared/http/contracts/pii.ts';
import { commit, openUnitOfWork } from '../../shared/http/writes.ts';
import { authorizeReveal, revealAudit, type RevealKind } from '../../shared/pii/reveal.ts';
import type { SealedField } from '../../shared/pii/sealed.ts';
import { piiVault } from '../../shared/pii/vault.ts';
import { stageRevealAudit } from '../../shared/store/audit-trail.ts';
import { ClaimRepository } from '../../shared/store/claims.ts';
import { RequisitionRepository } from '../../shared/store/requisitions.ts';
import { socialRepositories } from '../../shared/app/social-forces.ts';
import { VolunteerRepository } from '../../shared/store/volunteers.ts';
import { DeploymentRepository, rosterField } from '../../shared/store/deployments.ts';
import { ReportRepository } from '../../shared/store/reports.ts';
import { documentClient, tableName } from '../../shared/store/client.ts';

let reports: ReportRepository | undefined;
const reportRepository = () => (reports ??= new ReportRepository(documentClient(), tableName()));

type R = typeof routes;

/** What a reveal needs of a record: its table key (the seal's binding), the division whose offices may reveal, its sealed fields by name. */
interface RevealTarget {
  recordKey: string;
  division: string;
  fields: Record<string, SealedField | undefined>;
}

/** Where each kind of record is found: every kind the route accepts has its finder. */
const TARGETS: Record<RevealKind, (id: string) => Promise<RevealTarget | undefined>> = {
  async requisition(id) {
    const r = await compensationRepositories().requisitions.get(id);
    if (!r) return undefined;
    const o = r.owner;
    return {
      recordKey: RequisitionRepository.recordKey(id),
      // The requisitioning government answers for the taking; it and the governments above it may reveal.
      division: r.requisitionedBy.division,
      fields: {
        'owner.name': o.name,
        'owner.idNumber': o.kind === 'individual' ? o.idNumber : undefined,
        'owner.creditCode': o.kind === 'unit' ? o.creditCode : undefined,
        'owner.phone': o.phone,
        'owner.address': o.address,
        'executingOfficer.contact': r.officerContact,
      },
    };
  },
  async claim(id) {
    const c = await compensationRepositories().claims.get(id);
    if (!c) return undefined;
    return {
      recordKey: ClaimRepository.recordKey(id),
      division: c.division,
      fields: { 'bankAccount.accountName': c.bankAccount.accountName, 'bankAccount.accountNumber': c.bankAccount.accountNumber },
    };
  },
  // --- volunteers (issue 9, rule 20): the only way past a volunteer's masks for an office with jurisdiction over
  // their division, consent or not; logged like every reveal.
  async volunteer(id) {
    const v = await socialRepositories().volunteers.get(id);
    if (!v) return undefined;
    return {
      recordKey: VolunteerRepository.recordKey(id),
      division: v.divisionCode,
      fields: { 'personal.name': v.personal.name, 'personal.idNumber': v.personal.idNumber, 'personal.phone': v.personal.phone },
    };
  },
  // --- end volunteers
  // --- citizens' reports (issue 11, rule 25): the reporter's voluntary contact, for an office with jurisdiction over the
  // report's division that says why (a reward, a question about the evidence); no view ever shows it.
  report: (id) => reportRepository().revealTarget(id),
  // --- end reports
  // A deployment's roster (rules 16-17): how the command reaches each person asked, for an office with jurisdiction
  // over the incident's division; 410 once the response's personal data was destroyed.
  async deployment(id) {
    const found = await socialRepositories().deployments.withRoster(id);
    if (!found) return undefined;
    const fields: Record<string, SealedField> = {};
    for (const [volunteerId, c] of Object.entries(found.roster?.contacts ?? {})) {
      fields[rosterField(volunteerId, 'name')] = c.name;
      fields[rosterField(volunteerId, 'phone')] = c.phone;
    }
    return { recordKey: DeploymentRepository.recordKey(id), division: found.deployment.divisionCode, fields };
  },
};

export const revealPersonalData: UseCase<R['revealPersonalData']> = async (req) => {
  const { ref, field } = req.body;
  const target = await TARGETS[ref.kind](ref.id);
  // A record outside every division the caller may read is as absent as one that does not exist: no existence oracle.
  if (!target || !canReadDivision(req.actor, target.division)) throw new NotFound(`No ${ref.kind} ${ref.id}.`);
  authorizeReveal(req.actor, target.division);
  const sealed = target.fields[field];
  if (!sealed) {
    const known = Object.entries(target.fields).filter(([, v]) => v !== undefined).map(([k]) => k);
    // A deployment nobody accepted yet holds no one's contact (rule 20): say so rather than list nothing.
    const has = known.length > 0 ? `it has ${known.join(', ')}` : 'it holds no personal data yet';
    throw new RuleViolation('no-such-personal-field', `This ${ref.kind} has no personal field ${field}; ${has}.`, [{ path: 'body.field', message: `not a personal field of this ${ref.kind}` }]);
  }
  // 410 once the field's data key was destroyed (rule 17); the reveal is then not logged, since nothing was read.
  const value = await piiVault().open(sealed, { recordKey: target.recordKey, field });
  const now = runtime.clock.now();
  const entry = revealAudit({ actor: req.actor, now, request: req.body, division: target.division, sealed, value });
  const uow = openUnitOfWork(req, now);
  stageRevealAudit(uow, target.recordKey, entry);
  return commit(uow, req, send(200, { ref, field, value, revealedAt: entry.at }));
};
