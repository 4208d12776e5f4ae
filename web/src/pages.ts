// Every page of the console, area by area. A capability adds its pages to its area's list (areas/<area>/index.ts)
// and its navigation entries come with them.
import type { PageDef } from './router.ts';
import { publicPages } from './areas/public/index.ts';
import { officePages } from './areas/office/index.ts';
import { orgPages } from './areas/org/index.ts';
import { citizenPages } from './areas/citizen/index.ts';
import { accountPages } from './areas/account/index.ts';

export const PAGES: readonly PageDef[] = [...publicPages, ...officePages, ...orgPages, ...citizenPages, ...accountPages];
