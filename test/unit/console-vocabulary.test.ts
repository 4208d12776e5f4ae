// The console speaks to the API over HTTP only and imports nothing from the server code, so its vocabularies (the
// enumerations in web/src/api/types.ts) are written twice. This test keeps the two copies one: every enumeration the
// console lists equals the server's of the same name, so a status, kind or level added on one side fails here.
import { describe, expect, it } from 'vitest';
import * as web from '../../web/src/api/types.ts';
import * as categories from '../../shared/domain/categories.ts';
import * as citizenReport from '../../shared/domain/citizen-report.ts';
import * as claim from '../../shared/domain/claim.ts';
import * as deployment from '../../shared/domain/deployment.ts';
import * as division from '../../shared/domain/division.ts';
import * as incident from '../../shared/domain/incident.ts';
import * as notice from '../../shared/domain/notice.ts';
import * as organization from '../../shared/domain/organization.ts';
import * as plan from '../../shared/domain/plan.ts';
import * as recovery from '../../shared/domain/recovery.ts';
import * as requisition from '../../shared/domain/requisition.ts';
import * as retention from '../../shared/domain/retention.ts';
import * as volunteer from '../../shared/domain/volunteer.ts';
import * as warning from '../../shared/domain/warning.ts';
import * as purposes from '../../shared/pii/purposes.ts';
import * as requisitionContract from '../../shared/http/contracts/requisitions.ts';

const server: Record<string, unknown> = Object.assign(
  {},
  categories, citizenReport, claim, deployment, division, incident, notice, organization, plan, recovery, requisition, retention, volunteer, warning, purposes, requisitionContract,
);
const lists = (Object.entries(web) as [string, unknown][]).filter((e): e is [string, readonly string[]] => Array.isArray(e[1]));

describe("the console's vocabularies", () => {
  it.each(lists)('%s is the server\'s, value for value', (name, values) => {
    expect(server[name], `no server export named ${name}`).toBeDefined();
    expect([...values].sort()).toEqual([...(server[name] as readonly string[])].sort());
  });
});
