// Deployment compensation (调用补偿): a deployed organisation claims on its own deployment once the office stood it
// down; from there the claim is the compensation-claim aggregate with the organisation as claimant.
import { describe, expect, it } from 'vitest';
import { submitClaim } from '../../shared/domain/claim.ts';
import { createDeployment, deploymentClaimSubject, transitionDeployment, type Deployment } from '../../shared/domain/deployment.ts';
import { InvalidTransition, NotFound, RuleViolation } from '../../shared/errors.ts';
import { arrivedDeployment, citizen, incident, later, now, offices, orgUser, refusal, registeredOrg, request, volunteer } from './social-forces-fixtures.ts';

const org = registeredOrg();
const team = [volunteer('vol-1', { org }), volunteer('vol-2', { org })];
const draft = { items: [{ kind: 'labour' as const, amountFen: 80_000, description: 'Two rescuers, one day' }], documents: [], bankAccount: 'sealed' };

function stoodDown(): Deployment {
  let d = arrivedDeployment(org, team); // arrived 2026-07-02 09:00 CST
  d = transitionDeployment(d, { action: 'withdraw', at: '2026-07-02T10:00:00Z' }, orgUser(org.organizationId), later(40)).deployment;
  return transitionDeployment(d, { action: 'stand-down' }, offices.county, later(41)).deployment;
}

describe('what a deployed organisation claims on', () => {
  it('is its own stood-down deployment, owed by the requesting office\'s government, with the organisation as claimant', () => {
    const d = stoodDown();
    expect(deploymentClaimSubject(d, 'IV')).toEqual({
      source: { kind: 'deployment', deploymentId: d.deploymentId },
      incidentId: 'inc-flood',
      division: '110105',
      category: 'natural-disaster',
      level: 'IV',
      claimant: { kind: 'organisation' },
      claimantRef: org.organizationId,
      realProperty: false,
    });
  });

  it('accepts a claim of labour from the organisation, and refuses requisition items and other claimants', () => {
    const subject = deploymentClaimSubject(stoodDown(), undefined);
    const { claim } = submitClaim('claim-1', subject, draft, orgUser(org.organizationId), org.organizationId, later(42));
    expect(claim).toMatchObject({ status: 'submitted', claimedFen: 80_000, level: 'none', claimant: { kind: 'organisation' } });
    expect(() => submitClaim('claim-2', subject, { ...draft, items: [{ kind: 'use-fee', amountFen: 100, description: 'x' }] }, orgUser(org.organizationId), org.organizationId, later(42))).toThrow();
    expect(refusal(() => submitClaim('claim-3', subject, draft, orgUser('org-other'), 'org-other', later(42)))).toBeInstanceOf(NotFound);
    expect(refusal(() => submitClaim('claim-4', subject, draft, citizen('c-1'), 'blind-index-of-c-1', later(42)))).toBeInstanceOf(NotFound);
  });

  it('is refused before the stand-down, and for a deployment nobody accepted', () => {
    expect(refusal(() => deploymentClaimSubject(arrivedDeployment(org, team), 'IV'))).toBeInstanceOf(InvalidTransition);
    let unanswered = createDeployment('dep-2', request({ organizationId: org.organizationId, volunteerIds: ['vol-1'] }), { incident: incident(), organization: org, volunteers: team }, offices.county, now).deployment;
    unanswered = transitionDeployment(unanswered, { action: 'stand-down', reason: 'Called off' }, offices.county, later(1)).deployment;
    const e = refusal(() => deploymentClaimSubject(unanswered, 'IV'));
    expect(e).toBeInstanceOf(RuleViolation);
    expect(e.code).toBe('nothing-served');
  });

  it('is refused for self-registered volunteers: the claimant is an organisation', () => {
    const self = volunteer('vol-9', { sub: 'citizen-9' });
    let d = createDeployment('dep-3', request({ volunteerIds: ['vol-9'] }), { incident: incident(), volunteers: [self] }, offices.county, now).deployment;
    d = transitionDeployment(d, { action: 'accept' }, citizen('citizen-9'), later(1)).deployment;
    d = transitionDeployment(d, { action: 'stand-down' }, offices.county, later(2)).deployment;
    expect(refusal(() => deploymentClaimSubject(d, 'IV')).code).toBe('organization-deployments-only');
  });
});
