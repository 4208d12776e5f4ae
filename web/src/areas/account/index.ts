// Pages of every signed-in person (and the sign-in page itself).
import { h } from 'preact';
import type { PageDef } from '../../router.ts';
import { SignInPage } from './SignInPage.tsx';
import { SubscriptionsPage } from './SubscriptionsPage.tsx';

export const accountPages: PageDef[] = [
  { path: '/subscriptions', area: 'account', access: 'signed-in', title: 'page.subscriptions', nav: 'nav.subscriptions', render: () => h(SubscriptionsPage, {}) },
  { path: '/sign-in', area: 'account', access: 'public', title: 'page.signIn', render: ({ query }) => h(SignInPage, { query }) },
];
