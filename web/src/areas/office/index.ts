// Office pages (emergency management offices). Plans and incidents load with the console; the pages of requisitions,
// claims and reconsideration, social forces and deployments, the inbox, citizens' reports and retention assessments
// load when first opened.
import { h } from 'preact';
import type { PageDef } from '../../router.ts';
import { lazy } from '../../ui/Lazy.tsx';
import { Dashboard } from './Dashboard.tsx';
import { IncidentPage } from './IncidentPage.tsx';
import { IncidentReportPage } from './IncidentReportPage.tsx';
import { NewPlanPage, RevisePlanPage } from './PlanEditor.tsx';
import { PlanPage } from './PlanPage.tsx';
import { DueForDrillPage, PlansPage } from './PlansPage.tsx';
import { PlanVersionPage } from './PlanVersionPage.tsx';

const office = ['office'] as const;

const requisitions = () => import('./compensation/RequisitionPages.tsx');
const claims = () => import('./compensation/ClaimPages.tsx');
const organizations = () => import('./social/OrganizationPages.tsx');
const Requisitions = lazy('page.requisitions', () => requisitions().then((m) => m.RequisitionsPage));
const NewRequisition = lazy('page.newRequisition', () => requisitions().then((m) => m.NewRequisitionPage));
const Requisition = lazy('page.requisition', () => requisitions().then((m) => m.RequisitionPage));
const ClaimsQueue = lazy('page.claims', () => claims().then((m) => m.ClaimsQueuePage));
const Claim = lazy('page.claim', () => claims().then((m) => m.OfficeClaimPage));
const Reconsideration = lazy('page.reconsideration', () => claims().then((m) => m.OfficeReconsiderationPage));
const Organizations = lazy('page.organizations', () => organizations().then((m) => m.OrganizationsPage));
const Organization = lazy('page.organization', () => organizations().then((m) => m.OfficeOrganizationPage));
const Deploy = lazy('page.deploy', () => import('./social/DeployPage.tsx').then((m) => m.DeployPage));
const Deployment = lazy('page.deployment', () => import('../shared/DeploymentPage.tsx').then((m) => m.DeploymentPage));
const Inbox = lazy('page.inbox', () => import('./linkage/InboxPage.tsx').then((m) => m.InboxPage));
const Reports = lazy('page.reports', () => import('./linkage/ReportsPage.tsx').then((m) => m.ReportsPage));
const Retention = lazy('page.retention', () => import('./linkage/RetentionPage.tsx').then((m) => m.RetentionPage));

export const officePages: PageDef[] = [
  { path: '/office', area: 'office', access: office, title: 'page.dashboard', nav: 'nav.dashboard', render: () => h(Dashboard, {}) },
  { path: '/office/incidents/new', area: 'office', access: office, title: 'page.reportIncident', nav: 'nav.reportIncident', render: () => h(IncidentReportPage, {}) },
  { path: '/office/incidents/:incidentId', area: 'office', access: office, title: 'page.incident', render: ({ params }) => h(IncidentPage, { params }) },
  { path: '/office/incidents/:incidentId/requisitions', area: 'office', access: office, title: 'page.requisitions', render: ({ params }) => h(Requisitions, { params }) },
  { path: '/office/incidents/:incidentId/requisitions/new', area: 'office', access: office, title: 'page.newRequisition', render: ({ params }) => h(NewRequisition, { params }) },
  { path: '/office/incidents/:incidentId/deployments', area: 'office', access: office, title: 'page.deploy', render: ({ params }) => h(Deploy, { params }) },
  { path: '/office/incidents/:incidentId/retention', area: 'office', access: office, title: 'page.retention', render: ({ params }) => h(Retention, { params }) },
  { path: '/office/requisitions/:requisitionId', area: 'office', access: office, title: 'page.requisition', render: ({ params }) => h(Requisition, { params }) },
  { path: '/office/inbox', area: 'office', access: office, title: 'page.inbox', nav: 'nav.inbox', render: ({ query }) => h(Inbox, { query }) },
  { path: '/office/claims', area: 'office', access: office, title: 'page.claims', nav: 'nav.claims', render: ({ query }) => h(ClaimsQueue, { query }) },
  { path: '/office/claims/:claimId', area: 'office', access: office, title: 'page.claim', render: ({ params }) => h(Claim, { params }) },
  { path: '/office/reconsiderations/:reconsiderationId', area: 'office', access: office, title: 'page.reconsideration', render: ({ params }) => h(Reconsideration, { params }) },
  { path: '/office/organizations', area: 'office', access: office, title: 'page.organizations', nav: 'nav.organizations', render: ({ query }) => h(Organizations, { query }) },
  { path: '/office/organizations/:organizationId', area: 'office', access: office, title: 'page.organization', render: ({ params }) => h(Organization, { params }) },
  { path: '/office/deployments/:deploymentId', area: 'office', access: office, title: 'page.deployment', render: ({ params }) => h(Deployment, { params, area: 'office' }) },
  { path: '/office/reports', area: 'office', access: office, title: 'page.reports', nav: 'nav.reports', render: ({ query }) => h(Reports, { query }) },
  { path: '/office/plans', area: 'office', access: office, title: 'page.plans', nav: 'nav.plans', render: ({ query }) => h(PlansPage, { query }) },
  { path: '/office/plans/new', area: 'office', access: office, title: 'page.newPlan', render: () => h(NewPlanPage, {}) },
  { path: '/office/plans/due-for-drill', area: 'office', access: office, title: 'page.dueForDrill', nav: 'nav.dueForDrill', render: () => h(DueForDrillPage, {}) },
  { path: '/office/plans/:planId', area: 'office', access: office, title: 'page.plan', render: ({ params }) => h(PlanPage, { params }) },
  { path: '/office/plans/:planId/edit', area: 'office', access: office, title: 'page.revisePlan', render: ({ params }) => h(RevisePlanPage, { params }) },
  { path: '/office/plans/:planId/versions/:version', area: 'office', access: office, title: 'page.planVersion', render: ({ params }) => h(PlanVersionPage, { params }) },
];
