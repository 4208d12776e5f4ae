// Writes events/: a sample API Gateway REST proxy event for each route (built as the local host builds them, with
// the claims of a county office in 110105), a DynamoDB stream event for the outbox relay and a schedule event.
import { mkdirSync, writeFileSync } from 'node:fs';
import { routeList } from '../../shared/http/routes.ts';
import { JOB_NAMES, JOBS } from '../../shared/jobs.ts';
import { buildEvent } from './server.ts';

const SAMPLE_PLAN = '3f7d2c1e-5b6a-4c8d-9e0f-112233445566';
const SAMPLE_DRILL = '7a8b9c0d-1e2f-4a3b-8c4d-5e6f70819203';
const SAMPLE_INCIDENT = '5c1d9e2f-3a4b-4c5d-8e6f-708192a3b4c5';
const SAMPLE_WARNING = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
const SAMPLE_SUBSCRIPTION = '2b3c4d5e-6f70-4812-93a4-b5c6d7e8f901';
const SAMPLE_PARAMS: Record<string, string> = {
  planId: SAMPLE_PLAN,
  drillId: SAMPLE_DRILL,
  incidentId: SAMPLE_INCIDENT,
  warningId: SAMPLE_WARNING,
  subscriptionId: SAMPLE_SUBSCRIPTION,
  warningFile: `${SAMPLE_WARNING}.cap`,
  version: '1',
};
const claims = {
  sub: 'sample-office-110105',
  'cognito:groups': 'office',
  'custom:division': '110105',
  'custom:gov_level': 'county',
  token_use: 'id',
};
const bodies: Record<string, unknown> = {
  createPlan: {
    title: 'Chaoyang District flood emergency plan',
    type: 'special',
    category: 'natural-disaster',
    divisionCode: '110105',
    responseLevels: {
      III: { thresholds: { deaths: 3, seriouslyInjured: 10 }, measures: ['Evacuate low-lying residential areas'] },
      IV: { thresholds: { deaths: 1, affectedPopulation: 1000 }, measures: ['Open emergency shelters'] },
    },
    warningMeasures: { '3': ['Intensify river level monitoring'], '4': ['Publish forecasts hourly'] },
  },
  revisePlan: {
    title: 'Chaoyang District flood emergency plan (2026 revision)',
    responseLevels: { IV: { thresholds: { deaths: 1 }, measures: ['Open emergency shelters'] } },
    warningMeasures: {},
  },
  transitionPlan: { action: 'submit' },
  recordDrill: { conductedAt: '2026-06-01T09:00:00+08:00', scenario: 'Riverbank breach at night', participants: 120 },
  evaluateDrill: { findings: ['Shelter signage missing in two streets'], revisionNeeded: true },
  reportIncident: {
    category: 'accident',
    type: 'chemical-plant-explosion',
    title: 'Explosion at a chemical plant',
    divisionCode: '110105',
    occurredAt: '2026-11-26T07:40:00+08:00',
    location: { lat: 39.92, lng: 116.44, address: 'Industrial park, Chaoyang District' },
    casualties: { deaths: 4, missing: 2, injured: 30, seriouslyInjured: 6 },
    directLossFen: 1_200_000_000,
    affectedPopulation: 1500,
    description: 'Explosion and fire in a storage hall; rescue under way.',
  },
  followUpIncident: {
    casualties: { deaths: 6, missing: 0, injured: 35, seriouslyInjured: 7 },
    directLossFen: 1_500_000_000,
    affectedPopulation: 2000,
    note: 'Two missing workers found dead',
  },
  issueWarning: {
    level: '3',
    startsAt: '2026-11-26T08:30:00+08:00',
    area: { divisions: ['110105'], description: 'Chaoyang District', circle: { lat: 39.92, lng: 116.44, radiusKm: 5 } },
    hazards: ['Toxic smoke drifting east'],
    measures: ['Keep windows closed', 'Avoid the industrial park'],
    title: { 'zh-CN': '朝阳区化工厂爆炸黄色预警', en: 'Yellow warning: chemical plant explosion, Chaoyang' },
  },
  transitionWarning: { action: 'adjust', level: '2', reason: 'Smoke spreading' },
  activateResponse: {
    planId: SAMPLE_PLAN,
    planVersion: 1,
    level: 'IV',
    matters: 'Rescue, fire fighting and evacuation around the plant',
    expectedDuration: '72 hours',
    measures: ['Evacuate within 2 km', 'Close the ring road exit'],
    basis: { metric: 'deaths' },
  },
  transitionResponse: { action: 'terminate', reason: 'Fire out and the area declared safe' },
  createRelease: {
    title: { 'zh-CN': '关于朝阳区化工厂爆炸事故的通报', en: 'Statement on the chemical plant explosion in Chaoyang' },
    body: { 'zh-CN': '事故已得到控制，请市民不信谣、不传谣。', en: 'The accident is under control. Please rely on official information.' },
  },
  createSubscription: { protocol: 'https', endpoint: 'https://alerts.example.org/hooks/cap', filter: { divisionPrefix: '1101', minLevel: '2' } },
};

mkdirSync('events/api', { recursive: true });
for (const route of routeList) {
  const params: Record<string, string> = {};
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    params[name] = SAMPLE_PARAMS[name] ?? '1';
    return params[name]!;
  });
  const body = bodies[route.name];
  const rawHeaders = ['Host', 'localhost:3000', 'Accept', 'application/json', 'Accept-Language', 'zh-CN'];
  if (body) rawHeaders.push('Content-Type', 'application/json');
  if (route.ifMatch === 'required') rawHeaders.push('If-Match', '"1"');
  if (route.idempotent) rawHeaders.push('Idempotency-Key', `sample-${route.name}`);
  const event = buildEvent({
    route,
    params,
    url: new URL(path, 'http://localhost:3000'),
    rawHeaders,
    body: body ? JSON.stringify(body) : null,
    claims: route.auth === 'public' ? undefined : claims,
  });
  event.requestContext.requestId = `sample-${route.name}`;
  event.requestContext.extendedRequestId = `sample-${route.name}`;
  event.requestContext.requestTimeEpoch = Date.parse('2026-11-26T00:00:00Z');
  event.requestContext.requestTime = new Date(event.requestContext.requestTimeEpoch).toUTCString();
  writeFileSync(`events/api/${route.name}.json`, `${JSON.stringify(event, null, 2)}\n`);
}

const outboxImage = {
  PK: { S: 'OUTBOX#0b6f1d2e-3c4a-4b5c-8d6e-7f8091a2b3c4' },
  SK: { S: 'OUTBOX' },
  kind: { S: 'outbox' },
  eventId: { S: '0b6f1d2e-3c4a-4b5c-8d6e-7f8091a2b3c4' },
  type: { S: 'plan.published' },
  division: { S: '110105' },
  category: { S: 'natural-disaster' },
  level: { S: 'none' },
  payload: { M: { planId: { S: SAMPLE_PLAN }, version: { N: '1' }, title: { S: 'Chaoyang District flood emergency plan' }, filingDueDate: { S: '2026-12-24' } } },
  createdAt: { S: '2026-11-26T08:00:00.000Z' },
};
const stream = {
  Records: [
    {
      eventID: 'c81e728d9d4c2f636f067f89cc14862c',
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'cn-north-1',
      eventSourceARN: 'arn:aws-cn:dynamodb:cn-north-1:000000000000:table/emergency/stream/2026-11-26T00:00:00.000',
      dynamodb: {
        ApproximateCreationDateTime: 1795680000,
        Keys: { PK: outboxImage.PK, SK: outboxImage.SK },
        NewImage: outboxImage,
        SequenceNumber: '000000000000000000001',
        SizeBytes: 420,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    },
  ],
};
mkdirSync('events/stream', { recursive: true });
writeFileSync('events/stream/outbox-insert.json', `${JSON.stringify(stream, null, 2)}\n`);
mkdirSync('events/schedule', { recursive: true });
// What EventBridge Scheduler sends each job (shared/jobs.ts): the scheduled time, which the job runs as of.
for (const job of JOB_NAMES) {
  const { hour, minute } = JOBS[job].dailyAtUtc;
  const time = `2026-11-26T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`;
  writeFileSync(`events/schedule/${job}.json`, `${JSON.stringify({ time }, null, 2)}\n`);
}
console.log(`wrote ${routeList.length} API events, 1 stream event, ${JOB_NAMES.length} schedule event(s) under events/`);
