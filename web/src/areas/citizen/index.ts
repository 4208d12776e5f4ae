// Citizen pages: what was requisitioned from me and my claims with what to do next and by when, reconsideration,
// volunteering and the deployments I am asked on. The report form is public (areas/public). Each page's code loads
// when it is first opened.
import { h } from 'preact';
import type { PageDef } from '../../router.ts';
import { lazy } from '../../ui/Lazy.tsx';
import { CitizenHome } from './CitizenHome.tsx';

const citizen = ['citizen'] as const;

const MyRequisitions = lazy('page.myRequisitions', () => import('./MyRequisitionsPage.tsx').then((m) => m.MyRequisitionsPage));
const FileClaim = lazy('page.fileClaim', () => import('./FileClaimPage.tsx').then((m) => m.FileClaimPage));
const MyClaims = lazy('page.myClaims', () => import('../shared/ClaimantPages.tsx').then((m) => m.MyClaimsPage));
const Claim = lazy('page.claim', () => import('../shared/ClaimantPages.tsx').then((m) => m.ClaimantClaimPage));
const Reconsideration = lazy('page.reconsideration', () => import('../shared/ClaimantPages.tsx').then((m) => m.ClaimantReconsiderationPage));
const Volunteer = lazy('page.volunteer', () => import('./VolunteerSelfPage.tsx').then((m) => m.VolunteerSelfPage));
const Deployment = lazy('page.deployment', () => import('../shared/DeploymentPage.tsx').then((m) => m.DeploymentPage));

export const citizenPages: PageDef[] = [
  { path: '/citizen', area: 'citizen', access: citizen, title: 'page.citizenHome', nav: 'nav.citizenHome', render: () => h(CitizenHome, {}) },
  { path: '/citizen/requisitions', area: 'citizen', access: citizen, title: 'page.myRequisitions', nav: 'nav.myRequisitions', render: () => h(MyRequisitions, {}) },
  { path: '/citizen/requisitions/:requisitionId/claim', area: 'citizen', access: citizen, title: 'page.fileClaim', render: ({ params }) => h(FileClaim, { params }) },
  { path: '/citizen/claims', area: 'citizen', access: citizen, title: 'page.myClaims', nav: 'nav.myClaims', render: () => h(MyClaims, { area: 'citizen' }) },
  { path: '/citizen/claims/:claimId', area: 'citizen', access: citizen, title: 'page.claim', render: ({ params }) => h(Claim, { params, area: 'citizen' }) },
  { path: '/citizen/reconsiderations/:reconsiderationId', area: 'citizen', access: citizen, title: 'page.reconsideration', render: ({ params }) => h(Reconsideration, { params, area: 'citizen' }) },
  { path: '/citizen/volunteer', area: 'citizen', access: citizen, title: 'page.volunteer', nav: 'nav.volunteer', render: () => h(Volunteer, {}) },
  { path: '/citizen/deployments/:deploymentId', area: 'citizen', access: citizen, title: 'page.deployment', render: ({ params }) => h(Deployment, { params, area: 'citizen' }) },
];
