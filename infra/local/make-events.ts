// Writes events/: a sample API Gateway REST proxy event for each route (built as the local host builds them), a DynamoDB
// stream event for the outbox relay and a schedule event. The API events call as the Wuchang district office (武昌区,
// 420106, a county) on the records `npm run seed` makes (infra/local/seed.ts): same ids, divisions and caller, so each
// event answers 2xx on a seeded platform, in any order. Events that change a record each have a record of their own
// (a draft to revise, another to submit, an incident without a response to activate one on).
import { mkdirSync, writeFileSync } from 'node:fs';
import { routeList, type RouteName } from '../../shared/http/routes.ts';
import { JOB_NAMES, JOBS } from '../../shared/jobs.ts';
import { claimsOf, SEED, SEED_CALLERS } from './seed.ts';
import { buildEvent } from './server.ts';

/** Path parameters of every event, unless its route has its own below. */
const SAMPLE_PARAMS: Record<string, string> = {
  planId: SEED.plans.wuchangFlood,
  drillId: SEED.drill,
  incidentId: SEED.incidents.flood,
  warningId: SEED.warning,
  subscriptionId: SEED.subscriptions.webhook,
  warningFile: `${SEED.warning}.cap`,
  version: '1',
  // Not seeded yet: the social-forces areas bring their own records.
  organizationId: '6e5d4c3b-2a19-4f08-b7e6-d5c4b3a29180',
  volunteerId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  deploymentId: '8f7e6d5c-4b3a-4291-a0f9-e8d7c6b5a493',
  // Not seeded yet either: reports, notices and recovery tasks (issue 11).
  reportId: '4c3b2a19-0f8e-4d7c-b6a5-948372615f0e',
  noticeId: '2b1a0f9e-8d7c-4b6a-a594-83726150e4d3',
  taskId: '9e8d7c6b-5a49-4382-b716-05f4e3d2c1b0',
  // Not seeded either: a retention assessment (issue 10).
  assessmentId: '5d4c3b2a-1f0e-4d9c-8b7a-695847362514',
  // Not seeded yet: requisitions, claims and reconsiderations (issue 8) answer 404 until a platform holds them.
  requisitionId: '3a4b5c6d-7e8f-4a9b-8c0d-1e2f3a4b5c6d',
  claimId: '4b5c6d7e-8f9a-4b0c-9d1e-2f3a4b5c6d7e',
  reconsiderationId: '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f',
};
/** Routes whose callers are not the Wuchang office: a citizen owner (the ID number their sign-in verified). */
const CITIZEN_CLAIMS = { sub: 'citizen-420106-zhang', 'cognito:groups': 'citizen', token_use: 'id', 'custom:id_number': '420106198808081236' };
/** A user of the sample social force (issue 9): its org_id is the sample organisation's id. */
const ORG_CLAIMS = { sub: 'org-420106-bluesky-admin', 'cognito:groups': 'org', token_use: 'id', 'custom:org_id': '6e5d4c3b-2a19-4f08-b7e6-d5c4b3a29180' };
const ROUTE_CLAIMS: Partial<Record<RouteName, Record<string, string>>> = {
  // --- social forces (issue 9): organisations act for themselves; a citizen registers themself.
  registerOrganization: ORG_CLAIMS,
  recordGroupInsurance: ORG_CLAIMS,
  registerMemberVolunteer: ORG_CLAIMS,
  addQualification: ORG_CLAIMS,
  addTraining: ORG_CLAIMS,
  addVolunteerInsurance: ORG_CLAIMS,
  createDeploymentClaim: ORG_CLAIMS,
  registerVolunteer: { ...CITIZEN_CLAIMS, sub: 'citizen-420106-li' },
  myVolunteer: { ...CITIZEN_CLAIMS, sub: 'citizen-420106-li' },
  // --- end social forces
  myRequisitions: CITIZEN_CLAIMS,
  createClaim: CITIZEN_CLAIMS,
  myClaims: CITIZEN_CLAIMS,
  applyForReconsideration: CITIZEN_CLAIMS,
};
/** Query strings of the routes that need one. */
const ROUTE_QUERY: Partial<Record<RouteName, Record<string, string>>> = {
  searchVolunteers: { division: '420106', skill: 'water-rescue', limit: '20' },
  listRequisitions: { incidentId: SEED.incidents.flood, limit: '20' },
  // A sample follow-up code of a citizen's report (it finds nothing until reports are seeded).
  reportStatus: { code: 'Q2hhb3lhbmctcmVwb3J0LTEx' },
};
/** Routes that change a record get one no other sample event depends on. */
const ROUTE_PARAMS: Partial<Record<RouteName, Record<string, string>>> = {
  revisePlan: { planId: SEED.plans.wuchangWaterloggingDraft },
  transitionPlan: { planId: SEED.plans.wuchangGeohazardDraft },
  planChildren: { planId: SEED.plans.wuhanFlood },
  followUpIncident: { incidentId: SEED.incidents.underpass },
  issueWarning: { incidentId: SEED.incidents.underpass },
  activateResponse: { incidentId: SEED.incidents.underpass },
  confirmSubscription: { subscriptionId: SEED.subscriptions.dutyPhone },
  deleteSubscription: { subscriptionId: SEED.subscriptions.mailbox },
};
const claims = claimsOf(SEED_CALLERS.wuchang);
/** Routes only auditors call (rules 18, 20): an auditor of Wuchang, with the same claims otherwise. */
const auditorClaims = { ...claims, sub: 'auditor-420106', 'cognito:groups': 'auditor' };
const bodies: Record<string, unknown> = {
  createPlan: {
    title: '武昌区危险化学品事故应急预案',
    type: 'special',
    category: 'accident',
    divisionCode: '420106',
    parentPlanId: SEED.plans.wuchangOverall,
    responseLevels: {
      III: { thresholds: { deaths: 3, seriouslyInjured: 10 }, measures: ['疏散下风向2公里内群众'] },
      IV: { thresholds: { deaths: 1, affectedPopulation: 1000 }, measures: ['开放应急避难场所'] },
    },
    warningMeasures: { '3': ['加密有毒气体监测'], '4': ['每小时发布监测结果'] },
  },
  revisePlan: {
    title: '武昌区城市内涝应急预案（送审稿）',
    responseLevels: { IV: { thresholds: { deaths: 1, affectedPopulation: 5000 }, measures: ['检查排涝泵站', '封闭积水下穿通道'] } },
    warningMeasures: { '4': ['每小时发布积水点信息'] },
  },
  transitionPlan: { action: 'submit' },
  recordDrill: { conductedAt: '2026-06-01T09:00:00+08:00', scenario: '沙湖周边社区夜间内涝群众转移', participants: 120 },
  evaluateDrill: { findings: ['两个社区的避难场所指示牌缺失'], revisionNeeded: true },
  reportIncident: {
    category: 'accident',
    type: 'chemical-leak',
    title: '武昌区某仓库危险化学品泄漏',
    divisionCode: '420106',
    occurredAt: '2026-11-26T07:40:00+08:00',
    location: { lat: 30.5621, lng: 114.3052, address: '武昌区和平大道某物流仓库' },
    casualties: { deaths: 0, missing: 0, injured: 4, seriouslyInjured: 1 },
    directLossFen: 50_000_000,
    affectedPopulation: 800,
    description: '仓库内一储罐氯气泄漏，周边居民已疏散。',
  },
  followUpIncident: {
    casualties: { deaths: 1, missing: 0, injured: 4, seriouslyInjured: 1 },
    directLossFen: 25_000_000,
    affectedPopulation: 350,
    note: '被困车辆已全部拖出，另有一人受伤送医',
  },
  issueWarning: {
    level: '4',
    startsAt: '2026-11-26T08:30:00+08:00',
    area: { divisions: ['420106'], description: '珞喻路沿线', circle: { lat: 30.5389, lng: 114.3412, radiusKm: 2 } },
    hazards: [{ 'zh-CN': '下穿通道仍有积水，水深可能再次上涨', en: 'Water remains in the underpass and may rise again' }],
    measures: [{ 'zh-CN': '车辆绕行珞喻路下穿通道', en: 'Drive around the Luoyu Road underpass' }],
    title: { 'zh-CN': '珞喻路下穿通道积水蓝色预警', en: 'Blue warning: flooded underpass, Luoyu Road' },
  },
  transitionWarning: { action: 'adjust', level: '2', reason: '降雨持续，积水范围扩大' },
  activateResponse: {
    planId: SEED.plans.wuchangFlood,
    planVersion: 1,
    level: 'IV',
    matters: '排除下穿通道积水、救援被困人员',
    expectedDuration: '24小时',
    measures: ['调集排涝泵车', '封闭珞喻路下穿通道'],
    basis: { metric: 'deaths' },
  },
  transitionResponse: { action: 'terminate', reason: '积水已排除，受淹小区群众已返回' },
  createRelease: {
    title: { 'zh-CN': '武昌区城市内涝处置进展通报', en: 'Update on the flooding in Wuchang' },
    body: { 'zh-CN': '主要积水点已排除，交通逐步恢复。请市民关注官方发布。', en: 'The main flooded spots are cleared and traffic is returning. Please rely on official information.' },
  },
  createSubscription: { protocol: 'https', endpoint: 'https://alerts.example.org/hooks/cap', filter: { divisionPrefix: '4201', minLevel: '2' } },
  confirmSubscription: { code: '123456' },
  createReport: {
    kind: 'price-gouging',
    divisionCode: '420106',
    description: '中南路某药店N95口罩每只售价由5元涨至50元',
    evidence: [{ kind: 'photo', reference: 'https://example.org/evidence/price-tag.jpg' }],
  },
  transitionReport: { action: 'assign', department: '武昌区市场监督管理局' },
  recordInvestigation: {
    causes: '强降雨超过排涝设计标准，下穿通道泵站备用电源未启动',
    losses: { description: '车辆受损12辆，一人死亡', directLossFen: 25_000_000 },
    lessons: '泵站备用电源须每月试运行',
    recommendations: ['下穿通道加装水位联动封闭设施', '汛前完成泵站双回路供电改造'],
    responsibility: '泵站运维单位未按规定试运行备用电源',
  },
  transitionInvestigation: { action: 'submit' },
  createRecoveryTask: { kind: 'loss-assessment', ownerDepartment: '武昌区应急管理局', dueDate: '2026-12-31' },
  completeRecoveryTask: { outcome: '损失评估报告已报区政府' },
  recordRetentionAssessment: {
    purposes: ['compensation'],
    grounds: ['litigation'],
    legality: '《突发事件应对法》第八十五条：补偿争议诉讼需要相关材料作为证据',
    necessity: '仅保留征用补偿案件的收款账户信息',
    security: '字段级加密，查看明文须说明理由并留痕',
    retainUntil: '2027-11-26',
  },
  endRetentionAssessment: { reason: '补偿诉讼已审结' },
  createRequisition: {
    mode: 'emergency',
    legalBasis: '《中华人民共和国突发事件应对法》第十二条',
    reason: '转运沙袋加固沙湖堤岸',
    owner: { kind: 'individual', name: '张三丰', idNumber: '420106198808081236', phone: '13812345678', address: '湖北省武汉市武昌区中南路99号' },
    items: [{ name: '轻型货车 鄂A·12345', category: 'vehicle', quantity: 1, unit: '辆', model: 'JX1041', conditionBefore: '车况良好，左门有划痕', valueFen: 12_000_000 }],
    requisitioningUnit: '武昌区防汛抗旱指挥部',
    executingOfficer: { name: '李警官', contact: '13911110000' },
    takenAt: '2026-11-26T07:00:00+08:00',
  },
  transitionRequisition: { action: 'return', outcome: 'damaged', conditionAfter: '前桥变形', certificate: { number: 'SH-2026-0042', description: '前桥及左门受损', assessedLossFen: 800_000 } },
  createClaim: {
    items: [
      { kind: 'use-fee', amountFen: 300_000, description: '使用10天，每天300元' },
      { kind: 'repair', amountFen: 800_000, description: '前桥及左门维修，发票0042号' },
    ],
    bankAccount: { bank: '中国工商银行武汉中南路支行', accountName: '张三丰', accountNumber: '6222020200998877665' },
    documents: [{ kind: 'loss-certificate', reference: 'SH-2026-0042' }],
  },
  transitionClaim: { action: 'approve', approvedFen: 700_000, reasons: ['维修发票包含与征用无关的音响'] },
  applyForReconsideration: { grounds: '音响在征用前已安装在车上。', request: '请求全额批准维修费8000元。' },
  transitionReconsideration: { action: 'accept' },
  revealPersonalData: { ref: { kind: 'requisition', id: '3a4b5c6d-7e8f-4a9b-8c0d-1e2f3a4b5c6d' }, field: 'owner.phone', purpose: '联系车主商定返还车辆的时间和地点' },
  // --- social forces (issue 9): not seeded yet, so the events naming a record answer 404 until a platform holds it.
  registerOrganization: {
    name: '武昌蓝天救援队',
    kind: 'rescue-team',
    creditCode: '51420106MJ0000042L',
    divisionCode: '420106',
    capabilities: ['water-rescue', 'urban-search'],
    equipment: [{ name: '冲锋舟', quantity: 4 }],
    memberCount: 30,
    contact: { name: '王队长', phone: '13911112222' },
  },
  transitionOrganization: { action: 'approve-registration', validUntil: '2027-11-30' },
  recordGroupInsurance: { policyNo: 'PA-2026-000420', insurer: '中国人民财产保险武汉分公司', kind: 'personal-accident', coversFrom: '2026-11-01', coversTo: '2027-10-31', insuredCount: 30 },
  registerMemberVolunteer: {
    name: '李四',
    idNumber: '420106199205120018',
    phone: '13912345001',
    skills: ['water-rescue', 'first-aid'],
    availability: { weekdays: [6, 7], notes: '周末' },
    divisionCode: '420106',
    consentToShare: true,
  },
  registerVolunteer: { name: '赵六', idNumber: '420106198808081236', phone: '13912345002', skills: ['logistics'], availability: { weekdays: [1, 2, 3, 4, 5] }, divisionCode: '420106', consentToShare: false },
  addQualification: { kind: 'diving', certificateNo: 'CERT-D-0420', issuer: '湖北省红十字会', validUntil: '2028-06-30' },
  addTraining: { course: '急流救援', provider: '武昌蓝天救援队', completedOn: '2026-10-20', hours: 16 },
  addVolunteerInsurance: { policyNo: 'PA-2026-100420', insurer: '中国人寿武汉分公司', kind: 'personal-accident', coversFrom: '2026-11-01', coversTo: '2027-10-31' },
  createDeployment: {
    organizationId: '6e5d4c3b-2a19-4f08-b7e6-d5c4b3a29180',
    volunteerIds: ['1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'],
    task: { title: '沙湖周边被困群众转移', kind: 'water-rescue', risky: true, requiredQualifications: [] },
    from: '2026-11-27',
    to: '2026-11-29',
    place: '沙湖公园东门',
    reportTo: '武昌区防汛指挥部现场指挥所',
  },
  transitionDeployment: { action: 'stand-down', reason: '积水已退' },
  createDeploymentClaim: {
    items: [
      { kind: 'labour', amountFen: 96_000, description: '两名队员一天' },
      { kind: 'transport', amountFen: 24_000, description: '冲锋舟拖车往返' },
    ],
    bankAccount: { bank: '中国工商银行武汉中南路支行', accountName: '武昌蓝天救援队', accountNumber: '6222020200112233445' },
    documents: [{ kind: 'stand-down-order', reference: 'WC-2026-014' }],
  },
  // --- end social forces
};

mkdirSync('events/api', { recursive: true });
for (const route of routeList) {
  const params: Record<string, string> = {};
  const own = ROUTE_PARAMS[route.name as RouteName] ?? {};
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    params[name] = own[name] ?? SAMPLE_PARAMS[name] ?? '1';
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
    url: new URL(`${path}${ROUTE_QUERY[route.name as RouteName] ? `?${new URLSearchParams(ROUTE_QUERY[route.name as RouteName])}` : ''}`, 'http://localhost:3000'),
    rawHeaders,
    body: body ? JSON.stringify(body) : null,
    claims: route.auth === 'public' ? undefined : (ROUTE_CLAIMS[route.name as RouteName] ?? (route.auth.every((r) => r === 'auditor') ? auditorClaims : claims)),
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
  payload: { M: { planId: { S: '3f7d2c1e-5b6a-4c8d-9e0f-112233445566' }, version: { N: '1' }, title: { S: 'Chaoyang District flood emergency plan' }, filingDueDate: { S: '2026-12-24' } } },
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
