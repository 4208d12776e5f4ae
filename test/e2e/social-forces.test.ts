// The social-forces story end to end over HTTP on the local host (rules 19-22): an organisation registers and is
// approved, registers three volunteers (one uninsured, one without a diving certificate); the office's water-rescue
// deployment is refused for the uninsured one and a diving task for the one without the certificate; the others are
// deployed, the organisation accepts, reports arrival, hours and withdrawal, the office stands them down, the organisation
// claims compensation, which is approved and paid; a citizen who registered themself serves too and downloads their free
// certificate. Every step's alert goes out with the `org`
// attribute, and no personal value reaches the outbox, the audit trail or an alert.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countyOffice, otherCountyOffice } from '../support/callers.ts';
import { startTestPlatform, type TestPlatform } from '../support/http.ts';
import { expectStatus, ok } from '../support/replies.ts';
import { certificateBody, day, deploymentBody, deploymentClaimBody, organizationBody, orgUserOf, person, policyBody, respondingIncident, volunteerBody, volunteerCitizenOf } from '../support/social-forces.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

const org = orgUserOf('org-bluesky-01');
const volunteerCitizen = volunteerCitizenOf('citizen-li-001', 9);

describe('a social force and a citizen volunteer, from registration to certificate', () => {
  it('registers, gates deployments by insurance and certificates, records the service and certifies it (rules 19-22)', async () => {
    const call = platform.route;
    const incidentId = await respondingIncident(call);

    // Rule 22: an organisation applies; until the county approves it, it cannot be deployed.
    const applied = await ok(call('registerOrganization', { caller: org, body: organizationBody(), headers: { 'Idempotency-Key': 'bluesky-registration' } }), 201, 'apply');
    expect(applied).toMatchObject({ organizationId: 'org-bluesky-01', status: 'pending', deployableToday: false, contact: { name: '王**', phone: '139****2222' } });
    const approved = await ok(
      call('transitionOrganization', { params: { organizationId: 'org-bluesky-01' }, body: { action: 'approve-registration', validUntil: day(365) } }),
      200,
      'approve',
    );
    expect(approved).toMatchObject({ status: 'registered', deployableToday: true, registration: { validUntil: day(365), approvedBy: { division: '110105', level: 'county' } } });
    await expectStatus(call('getOrganization', { caller: otherCountyOffice, params: { organizationId: 'org-bluesky-01' } }), 404, 'the neighbouring county');

    // Rule 19: three volunteers. A is insured and a certified diver; B is insured without a diving certificate; C has
    // the certificate but no insurance.
    const register = async (n: number) => (await ok(call('registerMemberVolunteer', { caller: org, params: { organizationId: 'org-bluesky-01' }, body: volunteerBody(n) }), 201, `volunteer ${n}`)).volunteerId as string;
    const [a, b, c] = [await register(1), await register(2), await register(3)];
    for (const [v, n] of [[a, 1], [b, 2]] as const) await ok(call('addVolunteerInsurance', { caller: org, params: { volunteerId: v }, body: policyBody(n) }), 200, 'insure');
    for (const [v, n] of [[a, 1], [c, 3]] as const) await ok(call('addQualification', { caller: org, params: { volunteerId: v }, body: certificateBody('diving', n) }), 200, 'certify');

    // Rule 20: the organisation sees its members' names and phones, the county (with consent) too; ID numbers stay masked.
    const seenByOrg = await ok(call('getVolunteer', { caller: org, params: { volunteerId: a } }));
    expect(seenByOrg).toMatchObject({ name: person(1).name, phone: `+86${person(1).phone}`, idNumber: '110105********' + person(1).idNumber.slice(-4), disclosure: { as: 'organization' } });
    const search = await ok(call('searchVolunteers', { query: { division: '110105', skill: 'water-rescue', qualification: 'diving', availableOn: day(1) } }));
    expect(search.items.map((i: { volunteerId: string }) => i.volunteerId).sort()).toEqual([a, c].sort());
    expect(search.items[0].phone).toMatch(/^139\*{4}\d{4}$/);

    // Rule 21: risky water rescue refused for the uninsured C; a diving task refused for B, who holds no certificate.
    const refusedC = await expectStatus(
      call('createDeployment', { params: { incidentId }, body: deploymentBody([a, c], { organizationId: 'org-bluesky-01' }) }),
      422,
      'uninsured C',
    );
    expect(refusedC.body).toMatchObject({ code: 'insurance-required', errors: [{ path: 'body.volunteerIds[1]' }] });
    const refusedB = await expectStatus(
      call('createDeployment', {
        params: { incidentId },
        body: deploymentBody([a, b], { organizationId: 'org-bluesky-01', task: { title: 'Search the flooded underpass', kind: 'water-rescue', risky: true, requiredQualifications: ['diving'] } }),
      }),
      422,
      'B without a diving certificate',
    );
    expect(refusedB.body).toMatchObject({ code: 'qualification-required', errors: [{ path: 'body.volunteerIds[1]' }] });

    // A and B are deployed; the organisation accepts for both (no forced assignment: the office cannot).
    const requested = await ok(call('createDeployment', { params: { incidentId }, body: deploymentBody([a, b], { organizationId: 'org-bluesky-01' }), headers: { 'Idempotency-Key': 'liangma-boats' } }), 201, 'deploy A and B');
    const deploymentId = requested.deploymentId as string;
    expect(requested).toMatchObject({ status: 'requested', people: [{ volunteerId: a, answer: 'pending' }, { volunteerId: b, answer: 'pending' }] });
    await expectStatus(call('transitionDeployment', { params: { deploymentId }, body: { action: 'accept' } }), 422, 'the office accepting');
    // The request is in the organisation's list awaiting its answer, and in the incident's; no roster or hours in a list.
    const orgList = await ok(call('listOrganizationDeployments', { caller: org, params: { organizationId: 'org-bluesky-01' } }));
    expect(orgList.items.map((d: { deploymentId: string; status: string }) => [d.deploymentId, d.status])).toContainEqual([deploymentId, 'requested']);
    expect(orgList.items[0]).not.toHaveProperty('contacts');
    const incidentList = await ok(call('listIncidentDeployments', { params: { incidentId } }));
    expect(incidentList.items.map((d: { deploymentId: string }) => d.deploymentId)).toContain(deploymentId);
    expect((await expectStatus(call('listOrganizationDeployments', { caller: orgUserOf('org-other-99'), params: { organizationId: 'org-bluesky-01' } }), 404, 'another organisation')).body.code).toBe('not-found');
    // A and B are now committed for these dates: another request for A overlapping them is refused.
    const overlapping = await expectStatus(call('createDeployment', { params: { incidentId }, body: deploymentBody([a], { organizationId: 'org-bluesky-01', from: day(1), to: day(3) }) }), 422, 'A twice');
    expect(overlapping.body.code).toBe('volunteer-unavailable');

    const accepted = await ok(call('transitionDeployment', { caller: org, params: { deploymentId }, body: { action: 'accept' } }), 200, 'accept');
    expect(accepted.status).toBe('accepted');
    const arrivedAt = new Date().toISOString();
    expect((await ok(call('transitionDeployment', { caller: org, params: { deploymentId }, body: { action: 'arrive', at: arrivedAt } }), 200, 'arrive')).status).toBe('arrived');
    const hours = await ok(
      call('transitionDeployment', {
        caller: org,
        params: { deploymentId },
        body: { action: 'record-hours', entries: [{ volunteerId: a, date: day(0), hours: 8 }, { volunteerId: b, date: day(0), hours: 6.5 }] },
      }),
      200,
      'hours',
    );
    expect(hours.totalHours).toBe(14.5);
    await expectStatus(call('transitionDeployment', { caller: org, params: { deploymentId }, body: { action: 'record-hours', entries: [{ volunteerId: a, date: day(0), hours: 17 }] } }), 422, '25 hours in a day');
    await ok(call('transitionDeployment', { caller: org, params: { deploymentId }, body: { action: 'withdraw', at: new Date().toISOString() } }), 200, 'withdraw');
    const stoodDown = await ok(call('transitionDeployment', { params: { deploymentId }, body: { action: 'stand-down', reason: 'Water receded' } }), 200, 'stand down');
    expect(stoodDown.status).toBe('stood-down');

    // Deployment compensation (调用补偿): the organisation claims labour and transport; the county accepts, approves,
    // serves its decision (with the notice of remedies) and pays. The same claim as any requisition's.
    const claim = await ok(call('createDeploymentClaim', { caller: org, params: { deploymentId }, body: deploymentClaimBody(96_000), headers: { 'Idempotency-Key': 'liangma-claim' } }), 201, 'claim');
    expect(claim).toMatchObject({ source: { kind: 'deployment', deploymentId }, claimant: { kind: 'organisation' }, claimedFen: 120_000, status: 'submitted', divisionCode: '110105' });
    expect(claim.bankAccount.accountNumber).toBe('**** 3445');
    await expectStatus(call('createDeploymentClaim', { caller: org, params: { deploymentId }, body: deploymentClaimBody(1_000) }), 422, 'a second claim');
    const claimStep = (body: Record<string, unknown>) => ok(call('transitionClaim', { params: { claimId: claim.claimId }, body }), 200, String(body['action']));
    await claimStep({ action: 'accept' });
    expect((await claimStep({ action: 'approve', approvedFen: 120_000 })).decision).toMatchObject({ outcome: 'approved', approvedFen: 120_000 });
    await claimStep({ action: 'serve-notice', servedAt: new Date().toISOString() });
    const paid = await claimStep({ action: 'pay', amountFen: 120_000, paymentReference: 'CY-FIN-2026-0815' });
    expect(paid).toMatchObject({ status: 'paid', paidFen: 120_000 });
    expect((await ok(call('getClaim', { caller: org, params: { claimId: claim.claimId } }))).status).toBe('paid');

    const record = await ok(call('volunteerServiceRecord', { caller: org, params: { volunteerId: a } }));
    expect(record).toMatchObject({ volunteerId: a, totalHours: 8, totalDays: 1, deployments: [{ deploymentId, status: 'stood-down', hours: 8 }] });

    // A citizen registers themself, withholding consent: offices see them masked and cannot find them in the search.
    const self = await ok(call('registerVolunteer', { caller: volunteerCitizen, body: volunteerBody(9, { skills: ['logistics'], consentToShare: false }) }), 201, 'self-registration');
    // The 201 answer (kept for Idempotency-Key replays) is masked; the volunteer reads their own record in the clear.
    expect(self).toMatchObject({ idNumber: '110105********' + person(9).idNumber.slice(-4), disclosure: { as: 'self', idNumber: 'masked' } });
    expect(await ok(call('getVolunteer', { caller: volunteerCitizen, params: { volunteerId: self.volunteerId } }))).toMatchObject({
      name: person(9).name,
      idNumber: person(9).idNumber,
      disclosure: { as: 'self', name: 'clear', idNumber: 'clear', phone: 'clear' },
    });
    const seenByOffice = await ok(call('getVolunteer', { params: { volunteerId: self.volunteerId } }));
    expect(seenByOffice).toMatchObject({ name: expect.stringMatching(/^志\*+$/), phone: '139****5009', disclosure: { as: 'office', name: 'masked', phone: 'masked' } });
    expect((await ok(call('searchVolunteers', { query: { division: '110105', skill: 'logistics' } }))).items).toEqual([]);
    // Rule 20: past the mask only through the logged reveal, with a reason, by an office with jurisdiction (rule 18).
    const reveal = (caller = countyOffice) =>
      call('revealPersonalData', { caller, body: { ref: { kind: 'volunteer', id: self.volunteerId }, field: 'personal.phone', purpose: 'Call the volunteer to the shelter roster' } });
    expect(await ok(reveal())).toMatchObject({ value: `+86${person(9).phone}` });
    expect([403, 404]).toContain((await reveal(otherCountyOffice)).status);
    const revealed = (await platform.dump()).filter((i) => i['kind'] === 'audit' && i['action'] === 'pii.revealed' && String(i['PK']) === `VOL#${self.volunteerId}`);
    expect(revealed).toHaveLength(1);
    expect(JSON.stringify(revealed)).not.toContain(person(9).phone);

    // A logistics task needs no insurance; the volunteer accepts for themself, serves and downloads the certificate.
    const logistics = await ok(
      call('createDeployment', {
        params: { incidentId },
        body: deploymentBody([self.volunteerId], { task: { title: 'Sandbags at the shelter', kind: 'logistics', risky: false, requiredQualifications: [] } }),
      }),
      201,
      'logistics',
    );
    await ok(call('transitionDeployment', { caller: volunteerCitizen, params: { deploymentId: logistics.deploymentId }, body: { action: 'accept' } }), 200, 'the volunteer accepts');
    await ok(call('transitionDeployment', { caller: volunteerCitizen, params: { deploymentId: logistics.deploymentId }, body: { action: 'arrive', at: new Date().toISOString() } }), 200, 'arrive');
    await ok(
      call('transitionDeployment', { caller: volunteerCitizen, params: { deploymentId: logistics.deploymentId }, body: { action: 'record-hours', entries: [{ volunteerId: self.volunteerId, date: day(0), hours: 4 }] } }),
      200,
      'hours',
    );
    const certificate = await expectStatus(call('volunteerCertificate', { caller: volunteerCitizen, params: { volunteerId: self.volunteerId } }), 200, 'certificate');
    expect(certificate.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(certificate.body).toContain('志愿服务记录证明');
    expect(certificate.body).toContain('Certificate of Volunteer Service');
    expect(certificate.body).toContain(person(9).name);
    expect(certificate.body).not.toContain(person(9).idNumber);
    expect(certificate.body).toContain('Sandbags at the shelter');
    expect(certificate.body).toMatch(/4 小时 hours/);

    // Alerts: each step of the organisation's deployment went out with the org attribute; nothing personal anywhere.
    await platform.poller.idle();
    const types = platform.sink.alerts.filter((x) => (x.payload as { deploymentId?: string }).deploymentId === deploymentId).map((x) => x.type);
    expect(types).toEqual(['deployment.requested', 'deployment.accepted', 'deployment.arrived', 'deployment.withdrawn', 'deployment.stood-down', 'claim.decided', 'claim.paid']);
    const items = await platform.dump();
    const outboxAndAudit = JSON.stringify(items.filter((i) => i['kind'] === 'outbox' || i['kind'] === 'audit'));
    const alerts = JSON.stringify(platform.sink.alerts);
    for (const n of [1, 2, 3, 9]) {
      for (const value of [person(n).name, person(n).idNumber, person(n).phone]) {
        expect(outboxAndAudit).not.toContain(value);
        expect(alerts).not.toContain(value);
      }
    }
    const outbox = items.filter((i) => i['kind'] === 'outbox' && String(i['type']).startsWith('deployment.') && (i['payload'] as { deploymentId: string }).deploymentId === deploymentId);
    expect(outbox).toHaveLength(5);
    for (const o of outbox) expect(o['attributes']).toEqual({ org: 'org-bluesky-01' });
    const account = deploymentClaimBody(0).bankAccount.accountNumber;
    expect(outboxAndAudit).not.toContain(account);
    expect(alerts).not.toContain(account);
  });
});

describe('a citizen registers themself as a volunteer once', () => {
  it('replays a resend under the same Idempotency-Key, answers a second registration 409 with its Location, and of two at once commits one', async () => {
    // Prepare
    const call = platform.route;
    const me = volunteerCitizenOf('citizen-once-001', 81);
    const body = volunteerBody(81, { skills: ['logistics'] });

    // Act: the first registration, its resend (lost answer), and a second one without the key.
    const first = await expectStatus(call('registerVolunteer', { caller: me, body, headers: { 'Idempotency-Key': 'once-1' } }), 201, 'first');
    const resent = await expectStatus(call('registerVolunteer', { caller: me, body, headers: { 'Idempotency-Key': 'once-1' } }), 201, 'resend');
    const again = await expectStatus(call('registerVolunteer', { caller: me, body: volunteerBody(81, { skills: ['first-aid'] }) }), 409, 'again');

    // Assess
    expect(resent.headers.get('idempotent-replayed')).toBe('true');
    const mine = await ok(call('myVolunteer', { caller: me }));
    expect(mine).toMatchObject({ volunteerId: first.body.volunteerId, phone: `+86${person(81).phone}`, disclosure: { as: 'self' } });
    expect(resent.body.volunteerId).toBe(first.body.volunteerId);
    expect(again.body.code).toBe('already-registered');
    expect(again.headers.get('location')).toBe(`/v1/volunteers/${first.body.volunteerId}`);
    const items = await platform.dump();
    expect(items.filter((i) => i['kind'] === 'volunteer' && i['ownerSub'] === me.sub)).toHaveLength(1);

    // Two registrations of one citizen at once: exactly one commits, the other is a clear 409.
    const racer = volunteerCitizenOf('citizen-once-002', 83);
    const race = await Promise.all(['logistics', 'first-aid'].map((skill) => call('registerVolunteer', { caller: racer, body: volunteerBody(83, { skills: [skill] }) })));
    expect(race.map((r) => r.status).sort()).toEqual([201, 409]);
    expect((await platform.dump()).filter((i) => i['kind'] === 'volunteer' && i['ownerSub'] === racer.sub)).toHaveLength(1);
  });
});
