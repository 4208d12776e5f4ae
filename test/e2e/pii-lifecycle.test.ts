// The personal-information life cycle end to end over HTTP on the local host (rules 16-18, 20; PIPL Art 18): a
// response with requisitions from two owners, a claim by one of them, a citizen's report with a phone and a deployed
// volunteer ends; the office records an assessment for `compensation` only; the job runs a day later (its clock driven
// here). The owner nobody's claim needs, the reporter and the volunteer lose the data the response obtained (views say
// `destroyed`, reveals answer 410, the owner's look-up by ID finds nothing; the volunteer's register, kept under the
// Volunteer Service Regulations, is not the response's), the claimant's data survives under the statutory assessment,
// receipts are in the audit for the auditor, every reveal is in the reveal log, each person got one SMS, and a second
// run changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as piiDestruction } from '../../functions/pii-destruction/job.ts';
import { documentClient } from '../../shared/store/client.ts';
import { auditor, countyOffice } from '../support/callers.ts';
import { citizenWithId, claimOn, idNumberOf, OWNER, owner, returnedRequisition } from '../support/compensation.ts';
import { startTestPlatform, type TestPlatform } from '../support/http.ts';
import { citizenReportBody } from '../support/linkage.ts';
import { expectStatus, ok } from '../support/replies.ts';
import { day, deploymentBody, person, respondingIncident, volunteerBody, volunteerCitizenOf } from '../support/social-forces.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

/** The second owner, whose truck is returned but who never claims. */
const LI = { kind: 'individual' as const, name: '李四光', idNumber: idNumberOf(321, '19800505'), phone: '13912345670', address: '北京市朝阳区东三环中路9号' };
const li = citizenWithId('citizen-li-si', LI.idNumber);
const REPORTER_PHONE = '13800138000';
const reason = 'Checking the bank details before the payment order';

const runJob = (now: Date) => piiDestruction({ db: documentClient(), table: platform.tableName, now, runId: `e2e-pii-${now.getTime()}`, progress: () => undefined });

describe('the personal data of a response, from collection to destruction (rules 16-18, 20)', () => {
  it('destroys what no assessment keeps when the response ends, keeps the claim, tells each person once, and a second run changes nothing', async () => {
    const call = platform.route;
    const incidentId = await respondingIncident(call);

    // Rule 16: personal data collected for this incident: two owners' trucks (one claims), a reporter's phone.
    const claimed = await returnedRequisition(call, incidentId);
    const unclaimed = await returnedRequisition(call, incidentId, { body: { owner: LI } });
    const claimId = await claimOn(call, claimed);
    const report = await ok(call('createReport', { caller: null, body: citizenReportBody({ incidentId, contact: { phone: REPORTER_PHONE, name: '王举报' } }) }), 201, 'report');
    // A volunteer deployed in the response: once they accept, the deployment's roster copies their name and phone for
    // this incident (the register itself is kept outside any incident, shared/app/social-forces.ts).
    const volunteerCaller = volunteerCitizenOf('citizen-volunteer', 71);
    const volunteer = await ok(call('registerVolunteer', { caller: volunteerCaller, body: volunteerBody(71, { skills: ['logistics'] }) }), 201, 'volunteer');
    const deployment = await ok(call('createDeployment', { params: { incidentId }, body: deploymentBody([volunteer.volunteerId], { task: { title: 'Sandbags', kind: 'logistics', risky: false, requiredQualifications: [] }, to: day(1) }) }), 201, 'deploy');
    expect(deployment.contacts).toEqual([]);
    const accepted = await ok(call('transitionDeployment', { caller: volunteerCaller, params: { deploymentId: deployment.deploymentId }, body: { action: 'accept' } }), 200, 'accept');
    expect(accepted.contacts).toEqual([{ volunteerId: volunteer.volunteerId, name: '志*****', phone: '139****5071' }]);
    const volunteerPhone = person(71).phone;
    const rosterPhone = { ref: { kind: 'deployment', id: deployment.deploymentId }, field: `contacts.${volunteer.volunteerId}.phone`, purpose: 'Calling the team leader about the shelter' };
    expect((await ok(call('revealPersonalData', { body: rosterPhone }), 200, 'reveal roster')).value).toBe(`+86${volunteerPhone}`); // registers keep E.164
    expect((await ok(call('myRequisitions', { caller: li }))).items).toHaveLength(1);

    // The response ends; the office keeps `compensation` for a year (the claim is kept by its statutory assessment too).
    await ok(call('transitionResponse', { params: { incidentId }, body: { action: 'terminate', reason: 'The river is back within its banks' } }), 200, 'terminate');
    const assessment = await expectStatus(
      call('recordRetentionAssessment', {
        params: { incidentId },
        body: { purposes: ['compensation'], grounds: ['litigation'], legality: 'Art 85: evidence for a suit over the compensation', necessity: 'Only the claims', security: 'Sealed, reveals logged', retainUntil: day(365) },
        headers: { 'Idempotency-Key': 'keep-compensation' },
      }),
      201,
      'assess',
    );
    expect(assessment.headers.get('location')).toBe(`/v1/incidents/${incidentId}/retention-assessments/${assessment.body.assessmentId}`);
    const assessments = (await ok(call('listRetentionAssessments', { params: { incidentId }, caller: auditor }))).items;
    expect(assessments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ basis: 'recorded', purposes: ['compensation'], status: 'in-force', retainUntil: day(365) }),
        expect.objectContaining({ basis: 'statutory', grounds: ['compensation-duty'], purposes: ['compensation', 'requisition'], retainUntil: null, status: 'in-force', case: { claimId, claimStatus: 'submitted' } }),
      ]),
    );

    // Act: the daily job, a day after the termination.
    const tomorrow = new Date(Date.now() + 86_400_000);
    const counts = await runJob(tomorrow);
    await platform.poller.idle();

    // Rule 17: Li Si's data and the reporter's are gone; Zhang San's requisition and claim are kept for the claim.
    expect(counts).toMatchObject({ incidents: 1, recordsErased: 3, keysShredded: 2, receipts: 1, notices: 4 });
    const gone = await ok(call('getRequisition', { params: { requisitionId: unclaimed } }));
    expect(gone.owner).toMatchObject({ name: 'destroyed', idNumber: 'destroyed', phone: 'destroyed', address: 'destroyed' });
    const revealGone = await expectStatus(call('revealPersonalData', { body: { ref: { kind: 'requisition', id: unclaimed }, field: 'owner.phone', purpose: reason } }), 410, 'reveal destroyed');
    expect(revealGone.body.code).toBe('pii-destroyed');
    expect((await ok(call('myRequisitions', { caller: li }))).items).toEqual([]);
    const kept = await ok(call('getRequisition', { params: { requisitionId: claimed } }));
    expect(kept.owner).toMatchObject({ name: '张**', phone: '138****5678' });
    expect((await ok(call('myRequisitions', { caller: owner }))).items.map((r: { requisitionId: string }) => r.requisitionId)).toEqual([claimed]);
    // The volunteer's contact on the roster is gone; their register (certificates, service record) is kept.
    expect((await ok(call('getDeployment', { params: { deploymentId: deployment.deploymentId } }))).contacts).toEqual([{ volunteerId: volunteer.volunteerId, name: 'destroyed', phone: 'destroyed' }]);
    expect((await ok(call('getDeployment', { caller: volunteerCaller, params: { deploymentId: deployment.deploymentId } }))).contacts).toEqual([{ volunteerId: volunteer.volunteerId, name: 'destroyed', phone: 'destroyed' }]);
    expect((await expectStatus(call('revealPersonalData', { body: rosterPhone }), 410, 'reveal roster destroyed')).body.code).toBe('pii-destroyed');
    expect((await ok(call('getVolunteer', { caller: volunteerCaller, params: { volunteerId: volunteer.volunteerId } }))).phone).toBe(`+86${volunteerPhone}`);
    const account = await ok(call('revealPersonalData', { body: { ref: { kind: 'claim', id: claimId }, field: 'bankAccount.accountNumber', purpose: reason } }), 200, 'reveal kept');
    expect(account.value).toBe('6222020200998877665');

    // Rules 18, 20: the auditor finds the receipt by action and the reveal in the reveal log, in their division only.
    const receipts = (await ok(call('listAudit', { caller: auditor, query: { action: 'pii.destroyed' } }))).items;
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ recordKind: 'incident', recordId: incidentId, actor: { kind: 'job', sub: 'job:pii-destruction' } });
    expect(receipts[0].receipt).toMatchObject({ incidentId, recordCounts: { requisition: 1, report: 1, deployment: 1 }, destroyedAt: tomorrow.toISOString() });
    expect([...receipts[0].receipt.purposes].sort()).toEqual(['report', 'requisition', 'volunteer']);
    expect([...receipts[0].receipt.keysShredded].sort()).toEqual(['report', 'volunteer']);
    expect(receipts[0].receipt.keyIds).toHaveLength(2);
    const reveals = (await ok(call('listReveals', { caller: auditor }))).items;
    expect(reveals.map((r: { recordId: string; field: string }) => [r.recordId, r.field]).sort()).toEqual(
      [[claimId, 'bankAccount.accountNumber'], [deployment.deploymentId, `contacts.${volunteer.volunteerId}.phone`]].sort(),
    );
    const assessed = (await ok(call('listAudit', { caller: auditor, query: { recordKind: 'retention-assessment' } }))).items;
    expect(assessed.map((a: { action: string }) => a.action)).toEqual(['record-retention-assessment']);
    expect((await expectStatus(call('listAudit', { caller: auditor, query: { division: '110108' } }), 403)).body.code).toBe('not-in-jurisdiction');

    // PIPL Art 18: one SMS to each of the four people, whose numbers never reached the outbox.
    const sms = platform.sns.directSms();
    expect(sms.map((s) => s.phoneNumber).sort()).toEqual([`+86${REPORTER_PHONE}`, `+86${OWNER.phone}`, `+86${LI.phone}`, `+86${volunteerPhone}`].sort());
    expect(sms.every((s) => s.message.includes(incidentId))).toBe(true);
    const items = await platform.dump();
    const outbox = JSON.stringify(items.filter((i) => i['kind'] === 'outbox' || i['kind'] === 'audit'));
    for (const v of [OWNER.phone, LI.phone, REPORTER_PHONE, LI.name, LI.idNumber, OWNER.idNumber, volunteerPhone]) expect(outbox).not.toContain(v);

    // A second run the same day changes nothing and sends nothing.
    const before = await platform.dump();
    expect(await runJob(new Date(tomorrow.getTime() + 3600_000))).toMatchObject({ recordsErased: 0, keysShredded: 0, receipts: 0, notices: 0, alerts: 0 });
    await platform.poller.idle();
    const after = await platform.dump();
    const clock = (i: Record<string, unknown>) => i['SK'] === 'PIISCHEDULE';
    expect(after.filter((i) => !clock(i))).toEqual(before.filter((i) => !clock(i)));
    expect(platform.sns.directSms()).toHaveLength(4);
    expect(report.reportId).toBeDefined();
  });

  it('rule 17: a report no incident holds keeps its contact for 180 days after its last step, then loses it, with a receipt on the report and no SMS', async () => {
    // Prepare: a price-gouging report of no incident, with the reporter's phone, assigned by the office.
    const call = platform.route;
    const phone = '13700001234';
    const report = await ok(call('createReport', { caller: null, body: citizenReportBody({ kind: 'price-gouging', description: 'Rice at three times its price', contact: { phone, name: '赵举报' } }) }), 201, 'report');
    await ok(call('transitionReport', { params: { reportId: report.reportId }, body: { action: 'assign', department: 'Chaoyang market regulation bureau' } }), 200, 'assign');
    const contact = { ref: { kind: 'report', id: report.reportId }, field: 'contact.phone', purpose: 'Asking the reporter where the shop is' };
    const smsBefore = platform.sns.directSms().length;
    const day = 86_400_000;

    // Act and assess: 179 days on, the contact is kept; 181 days on, it is destroyed.
    await runJob(new Date(Date.now() + 179 * day));
    expect((await ok(call('revealPersonalData', { body: contact }), 200, 'kept')).value).toContain(phone.slice(-8));
    const later = new Date(Date.now() + 181 * day);
    await runJob(later);
    expect((await expectStatus(call('revealPersonalData', { body: contact }), 410, 'destroyed')).body.code).toBe('pii-destroyed');
    const receipts = (await ok(call('listAudit', { caller: auditor, query: { recordKind: 'report', action: 'pii.destroyed' } }))).items.filter((r: { recordId: string }) => r.recordId === report.reportId);
    expect(receipts).toHaveLength(1);
    expect(receipts[0].receipt).toMatchObject({ purposes: ['report'], keysShredded: ['report'], recordCounts: { report: 1 }, destroyedAt: later.toISOString() });
    // The reporter gave the number knowingly, outside any response: no notice (PIPL Art 18 is for those who could not be told).
    await platform.poller.idle();
    expect(platform.sns.directSms()).toHaveLength(smsBefore);
  });

  it('rule 17: an office ends its assessment early, never a statutory one, and only within its jurisdiction', async () => {
    const call = platform.route;
    const incidentId = await respondingIncident(call);
    await claimOn(call, await returnedRequisition(call, incidentId));
    const created = await ok(
      call('recordRetentionAssessment', {
        params: { incidentId },
        body: { purposes: ['requisition'], grounds: ['evidence'], legality: 'Art 85', necessity: 'Evidence of the taking', security: 'Sealed', retainUntil: day(30) },
      }),
      201,
    );
    const statutoryId = (await ok(call('listRetentionAssessments', { params: { incidentId } }))).items.find((a: { basis: string }) => a.basis === 'statutory').assessmentId;

    expect((await expectStatus(call('endRetentionAssessment', { params: { incidentId, assessmentId: statutoryId }, body: { reason: 'Try' } }), 422)).body.code).toBe('statutory-assessment');
    expect((await expectStatus(call('recordRetentionAssessment', { params: { incidentId }, body: { purposes: ['report'], grounds: ['evidence'], legality: 'x', necessity: 'y', security: 'z', retainUntil: day(6 * 366) } }), 422)).body.code).toBe('retention-too-long');
    const ended = await ok(call('endRetentionAssessment', { params: { incidentId, assessmentId: created.assessmentId }, body: { reason: 'The evidence was filed with the court' }, headers: { 'If-Match': '"1"' } }));
    expect(ended).toMatchObject({ status: 'ended', ended: { reason: 'The evidence was filed with the court', by: { division: '110105', level: 'county' } } });
    expect((await expectStatus(call('endRetentionAssessment', { params: { incidentId, assessmentId: created.assessmentId }, body: { reason: 'Again' } }), 409)).body.code).toBe('invalid-transition');
    expect((await expectStatus(call('getRetentionAssessment', { params: { incidentId, assessmentId: created.assessmentId }, caller: countyOffice }))).body.status).toBe('ended');
  });
});
