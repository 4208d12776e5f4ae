// Organisation pages (community organisations and social emergency forces): registration and status, volunteers,
// deployment requests, deployment compensation claims. Each page's code loads when it is first opened.
import { h } from 'preact';
import type { PageDef } from '../../router.ts';
import { lazy } from '../../ui/Lazy.tsx';

const org = ['org'] as const;

const Home = lazy('page.orgHome', () => import('./OrgHomePage.tsx').then((m) => m.OrgHomePage));
const Roster = lazy('page.roster', () => import('./VolunteersPages.tsx').then((m) => m.RosterPage));
const RegisterMember = lazy('page.registerVolunteer', () => import('./VolunteersPages.tsx').then((m) => m.RegisterMemberPage));
const Volunteer = lazy('page.volunteerRecord', () => import('./VolunteersPages.tsx').then((m) => m.OrgVolunteerPage));
const Deployments = lazy('page.orgDeployments', () => import('./DeploymentsPages.tsx').then((m) => m.OrgDeploymentsPage));
const Deployment = lazy('page.deployment', () => import('../shared/DeploymentPage.tsx').then((m) => m.DeploymentPage));
const DeploymentClaim = lazy('page.deploymentClaim', () => import('./DeploymentsPages.tsx').then((m) => m.DeploymentClaimPage));
const MyClaims = lazy('page.myClaims', () => import('../shared/ClaimantPages.tsx').then((m) => m.MyClaimsPage));
const Claim = lazy('page.claim', () => import('../shared/ClaimantPages.tsx').then((m) => m.ClaimantClaimPage));
const Reconsideration = lazy('page.reconsideration', () => import('../shared/ClaimantPages.tsx').then((m) => m.ClaimantReconsiderationPage));

export const orgPages: PageDef[] = [
  { path: '/org', area: 'org', access: org, title: 'page.orgHome', nav: 'nav.orgHome', render: () => h(Home, {}) },
  { path: '/org/volunteers', area: 'org', access: org, title: 'page.roster', nav: 'nav.roster', render: () => h(Roster, {}) },
  { path: '/org/volunteers/new', area: 'org', access: org, title: 'page.registerVolunteer', render: () => h(RegisterMember, {}) },
  { path: '/org/volunteers/:volunteerId', area: 'org', access: org, title: 'page.volunteerRecord', render: ({ params }) => h(Volunteer, { params }) },
  { path: '/org/deployments', area: 'org', access: org, title: 'page.orgDeployments', nav: 'nav.orgDeployments', render: () => h(Deployments, {}) },
  { path: '/org/deployments/:deploymentId', area: 'org', access: org, title: 'page.deployment', render: ({ params }) => h(Deployment, { params, area: 'org' }) },
  { path: '/org/deployments/:deploymentId/claim', area: 'org', access: org, title: 'page.deploymentClaim', render: ({ params }) => h(DeploymentClaim, { params }) },
  { path: '/org/claims', area: 'org', access: org, title: 'page.myClaims', nav: 'nav.orgClaims', render: () => h(MyClaims, { area: 'org' }) },
  { path: '/org/claims/:claimId', area: 'org', access: org, title: 'page.claim', render: ({ params }) => h(Claim, { params, area: 'org' }) },
  { path: '/org/reconsiderations/:reconsiderationId', area: 'org', access: org, title: 'page.reconsideration', render: ({ params }) => h(Reconsideration, { params, area: 'org' }) },
];
