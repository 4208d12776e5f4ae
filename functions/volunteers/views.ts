// What readers see of a volunteer (rule 20): identity and contact in the clear or masked as visibleTo allows this
// reader, the skills, availability, certificates, training and insurance on record; and the service certificate.
import { shown } from '../../shared/app/social-forces.ts';
import type { ServiceRecord } from '../../shared/domain/deployment.ts';
import type { VolunteerVisibility } from '../../shared/domain/volunteer.ts';
import { VolunteerRepository, type SearchEntry, type StoredVolunteer } from '../../shared/store/volunteers.ts';

type Readable = Extract<VolunteerVisibility, { read: true }>;

export async function volunteerView(v: StoredVolunteer, vis: Readable) {
  const recordKey = VolunteerRepository.recordKey(v.volunteerId);
  const [name, idNumber, phone] = await Promise.all([
    shown(v.personal.name, vis.name, { recordKey, field: 'personal.name' }),
    shown(v.personal.idNumber, vis.idNumber, { recordKey, field: 'personal.idNumber' }),
    shown(v.personal.phone, vis.phone, { recordKey, field: 'personal.phone' }),
  ]);
  return {
    volunteerId: v.volunteerId,
    ...(v.organizationId ? { organizationId: v.organizationId } : {}),
    name,
    idNumber,
    phone,
    disclosure: { as: vis.as, name: vis.name, idNumber: vis.idNumber, phone: vis.phone },
    skills: v.skills,
    availability: v.availability,
    divisionCode: v.divisionCode,
    consentToShare: v.consentToShare,
    qualifications: v.qualifications,
    training: v.training,
    insurance: v.insurance,
    registeredAt: v.registeredAt,
    updatedAt: v.updatedAt,
  };
}

export function searchHitView(e: SearchEntry) {
  return {
    volunteerId: e.volunteerId,
    ...(e.organizationId ? { organizationId: e.organizationId } : {}),
    divisionCode: e.divisionCode,
    name: e.name,
    phone: e.phone,
    skills: e.skills,
    availability: { weekdays: e.weekdays },
    qualifications: e.qualifications,
  };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Everything that reaches the page goes through here: text typed by offices and organisations included. */
export const escapeHtml = (s: string | number) => String(s).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

const TASK_ZH: Record<string, string> = {
  'water-rescue': '水域救援',
  'mountain-rescue': '山地救援',
  'urban-search': '城市搜救',
  medical: '医疗救护',
  logistics: '后勤保障',
  'psychological-support': '心理援助',
  communications: '通信保障',
  firefighting: '灭火',
  'hazmat-response': '危化品处置',
  'canine-search': '搜救犬搜索',
  'aerial-reconnaissance': '空中侦察',
  'shelter-management': '安置点管理',
  'heavy-machinery': '工程机械',
};

export interface CertificateInput {
  name: string;
  idNumber: string;
  record: ServiceRecord;
  /** The organisation that registered the volunteer, by name; absent for a self-registered one. */
  organizationName?: string;
  issuedOn: string;
}

/**
 * 志愿服务记录证明 / Certificate of volunteer service: who, the service deployment by deployment with hours, the totals,
 * the issue date and that it is free of charge (Volunteer Service Regulations Art 19). A4, black on white, no script,
 * no outside resources: it prints the same anywhere. Only deployments the volunteer accepted are on it.
 */
export function certificateHtml(c: CertificateInput): string {
  const e = escapeHtml;
  const rows = c.record.deployments
    .map(
      (d) =>
        `<tr><td>${e(d.from)} – ${e(d.to)}</td><td>${e(d.task.title)}<br><span class="en">${e(TASK_ZH[d.task.kind] ?? d.task.kind)} / ${e(d.task.kind)}</span></td>` +
        `<td>${e(d.incidentId)}</td><td class="num">${e(d.days)}</td><td class="num">${e(d.hours)}</td></tr>`,
    )
    .join('\n');
  const empty = '<tr><td colspan="5">暂无服务记录 / No service recorded yet</td></tr>';
  const org = c.organizationName ? `${e(c.organizationName)}` : '个人注册志愿者 / Self-registered volunteer';
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>志愿服务记录证明 / Certificate of Volunteer Service</title>
<style>
@page { size: A4; margin: 20mm; }
body { font-family: "Noto Serif CJK SC", "Songti SC", SimSun, serif; color: #000; background: #fff; max-width: 170mm; margin: 0 auto; }
h1 { text-align: center; font-size: 22pt; margin-bottom: 0; }
h2 { text-align: center; font-size: 13pt; font-weight: normal; margin-top: 4pt; }
table { width: 100%; border-collapse: collapse; margin: 12pt 0; }
th, td { border: 1px solid #000; padding: 4pt 6pt; vertical-align: top; font-size: 10.5pt; }
th { background: #eee; }
.num { text-align: right; }
.en { font-size: 9pt; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4pt 12pt; }
dt { font-weight: bold; }
.seal { margin-top: 28pt; display: flex; justify-content: space-between; }
.free { margin-top: 18pt; font-size: 9pt; }
</style>
</head>
<body>
<h1>志愿服务记录证明</h1>
<h2>Certificate of Volunteer Service</h2>
<dl>
<dt>姓名 / Name</dt><dd>${e(c.name)}</dd>
<dt>身份证号 / ID number</dt><dd>${e(c.idNumber)}</dd>
<dt>志愿者编号 / Volunteer no.</dt><dd>${e(c.record.volunteerId)}</dd>
<dt>所属组织 / Organisation</dt><dd>${org}</dd>
<dt>服务时段 / Period</dt><dd>${c.record.firstDate ? `${e(c.record.firstDate)} – ${e(c.record.lastDate!)}` : '—'}</dd>
<dt>累计服务 / Total service</dt><dd>${e(c.record.totalHours)} 小时 hours，${e(c.record.totalDays)} 天 days，${e(c.record.deployments.length)} 次调用 deployments</dd>
</dl>
<table>
<thead><tr><th>日期 / Dates</th><th>任务 / Task</th><th>突发事件 / Incident</th><th>天数 / Days</th><th>小时 / Hours</th></tr></thead>
<tbody>
${rows || empty}
</tbody>
</table>
<p>兹证明上述志愿者参加突发事件应急志愿服务，服务时间以记录为准。<br>
<span class="en">This certifies that the volunteer above served in emergency response as recorded.</span></p>
<div class="seal"><span>出具单位（盖章）/ Issued by (seal)：</span><span>出具日期 / Issued on：${e(c.issuedOn)}</span></div>
<p class="free">本证明免费出具（《志愿服务条例》第十九条）。<br><span class="en">Issued free of charge (Volunteer Service Regulations, Art 19).</span></p>
</body>
</html>
`;
}
