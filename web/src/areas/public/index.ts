// Public pages: no sign-in.
import { h } from 'preact';
import type { PageDef } from '../../router.ts';
import { lazy } from '../../ui/Lazy.tsx';
import { ReleasesPage } from './ReleasesPage.tsx';
import { WarningPage } from './WarningPage.tsx';
import { WarningsPage } from './WarningsPage.tsx';

const ReportForm = lazy('page.report', () => import('./ReportPages.tsx').then((m) => m.ReportFormPage));
const ReportStatus = lazy('page.reportStatus', () => import('./ReportPages.tsx').then((m) => m.ReportStatusPage));

export const publicPages: PageDef[] = [
  { path: '/', area: 'public', access: 'public', title: 'page.warnings', nav: 'nav.warnings', render: ({ query }) => h(WarningsPage, { query }) },
  { path: '/releases', area: 'public', access: 'public', title: 'page.releases', nav: 'nav.releases', render: ({ query }) => h(ReleasesPage, { query }) },
  { path: '/warnings/:warningId', area: 'public', access: 'public', title: 'page.warning', render: ({ params }) => h(WarningPage, { params }) },
  { path: '/report', area: 'public', access: 'public', title: 'page.report', nav: 'nav.report', render: () => h(ReportForm, {}) },
  { path: '/report/status', area: 'public', access: 'public', title: 'page.reportStatus', render: ({ query }) => h(ReportStatus, { query }) },
];
