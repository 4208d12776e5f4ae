// The requisition voucher (征用凭证) as one print-ready HTML page in Chinese and English: every field the local rules
// list (legal basis, reason, items with quantities and models, owner, requisitioning unit, executing officer and contact,
// time), the owner masked, and two signature blocks. Every value is escaped; the page loads nothing from anywhere.
import type { ItemCategory } from '../../shared/domain/requisition.ts';
import type { StoredRequisition } from '../../shared/store/requisitions.ts';
import { maskedParties } from './views.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML: the five characters that could open markup or end an attribute become entities. */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const CATEGORY: Record<ItemCategory, [string, string]> = {
  vehicle: ['车辆', 'Vehicle'],
  equipment: ['设备', 'Equipment'],
  facility: ['设施', 'Facility'],
  site: ['场地', 'Site'],
  supplies: ['物资', 'Supplies'],
  other: ['其他', 'Other'],
  dwelling: ['住所', 'Dwelling'],
  'personal-necessity': ['生活必需品', 'Personal necessity'],
  'welfare-necessity': ['福利机构必需品', 'Welfare necessity'],
};

const LEVEL: Record<string, [string, string]> = {
  national: ['国家级', 'national'],
  province: ['省级', 'province'],
  city: ['市级', 'city'],
  county: ['县级', 'county'],
  township: ['乡级', 'township'],
};

/** Yuan with two decimals, from integer fen, without floating point. */
export function yuan(fen: number): string {
  const whole = Math.floor(fen / 100).toLocaleString('en-US');
  return `${whole}.${String(fen % 100).padStart(2, '0')}`;
}

/** An instant in China Standard Time, as a voucher prints it. */
function cst(iso: string): string {
  return `${new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')} (UTC+8)`;
}

const row = (zh: string, en: string, value: string) => `<tr><th scope="row">${zh}<br><span class="en">${en}</span></th><td>${value}</td></tr>`;

/** The voucher page. The requisition must have its voucher (a voucher taking, or an emergency one papered since). */
export async function voucherHtml(r: StoredRequisition): Promise<string> {
  const { owner, officerContact } = await maskedParties(r);
  const number = escapeHtml(r.voucherNumber ?? '');
  const ownerIdentity =
    r.owner.kind === 'individual'
      ? `个人 <span class="en">Individual</span><br>身份证号码 <span class="en">ID number</span>: ${escapeHtml('idNumber' in owner ? owner.idNumber : '')}`
      : `单位 <span class="en">Unit</span><br>统一社会信用代码 <span class="en">Credit code</span>: ${escapeHtml('creditCode' in owner ? owner.creditCode : '')}`;
  const level = LEVEL[r.requisitionedBy.level] ?? [r.requisitionedBy.level, r.requisitionedBy.level];
  const items = r.items
    .map((it, n) => {
      const [zh, en] = CATEGORY[it.category];
      return (
        `<tr><td>${n + 1}</td><td>${escapeHtml(it.name)}</td><td>${zh}<br><span class="en">${en}</span></td>` +
        `<td class="num">${escapeHtml(it.quantity)}</td><td>${escapeHtml(it.unit)}</td><td>${escapeHtml(it.model ?? '—')}</td>` +
        `<td>${escapeHtml(it.conditionBefore)}</td><td class="num">${yuan(it.valueFen)}</td></tr>`
      );
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>征用凭证 Requisition voucher ${number}</title>
<style>
@page { size: A4; margin: 16mm; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, serif; font-size: 11pt; color: #000; background: #fff; max-width: 190mm; margin: 0 auto; }
h1 { text-align: center; font-size: 20pt; margin: 0 0 2mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; }
.en { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 8.5pt; color: #333; }
.number { text-align: right; margin: 0 0 4mm; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }
th[scope="row"] { width: 34mm; font-weight: normal; background: #f2f2f2; }
thead th { background: #f2f2f2; font-weight: normal; }
.num { text-align: right; white-space: nowrap; }
.signatures { display: flex; gap: 8mm; margin-top: 8mm; page-break-inside: avoid; }
.signature { flex: 1; border: 1px solid #000; padding: 4mm; min-height: 42mm; }
.line { margin-top: 10mm; border-bottom: 1px solid #000; }
.notice { font-size: 9.5pt; margin-top: 6mm; }
@media print { body { max-width: none; } }
</style>
</head>
<body>
<h1>征用凭证<br><span class="en">Requisition Voucher</span></h1>
<p class="number">编号 <span class="en">No.</span> ${number}</p>
<table>
${row('法律依据', 'Legal basis', escapeHtml(r.legalBasis))}
${row('征用事由', 'Reason', escapeHtml(r.reason))}
${row('被征用人', 'Owner', `${escapeHtml(owner.name)}<br>${ownerIdentity}<br>联系电话 <span class="en">Phone</span>: ${escapeHtml(owner.phone)}<br>地址 <span class="en">Address</span>: ${escapeHtml(owner.address)}`)}
${row('征用机关', 'Requisitioning government', `行政区划代码 <span class="en">Division</span> ${escapeHtml(r.requisitionedBy.division)}（${level[0]}<span class="en"> ${level[1]}</span>）`)}
${row('征用单位', 'Requisitioning unit', escapeHtml(r.requisitioningUnit))}
${row('执行人员', 'Executing officer', `${escapeHtml(r.executingOfficer.name)}<br>联系方式 <span class="en">Contact</span>: ${escapeHtml(officerContact)}`)}
${row('征用时间', 'Time of taking', cst(r.takenAt))}
${row('凭证签发时间', 'Voucher issued', r.voucherIssuedAt ? cst(r.voucherIssuedAt) : '—')}
${row('突发事件', 'Incident', escapeHtml(r.incidentId))}
</table>
<h2>征用财产清单 <span class="en">Property requisitioned</span></h2>
<table>
<thead><tr><th>序号<br><span class="en">#</span></th><th>名称<br><span class="en">Name</span></th><th>类别<br><span class="en">Category</span></th><th>数量<br><span class="en">Quantity</span></th><th>单位<br><span class="en">Unit</span></th><th>型号<br><span class="en">Model</span></th><th>征用前状况<br><span class="en">Condition before</span></th><th>价值（元）<br><span class="en">Value (CNY)</span></th></tr></thead>
<tbody>
${items}
</tbody>
</table>
<p class="notice">财产使用完毕或者突发事件应急处置工作结束后，应当及时返还。财产被征用或者征用后毁损、灭失的，应当给予公平、合理的补偿（《中华人民共和国突发事件应对法》第十二条）。本凭证一式两份，征用单位和被征用人各执一份。<br>
<span class="en">The property is returned as soon as its use or the emergency response ends. Requisition, and damage or loss after it, are compensated fairly and reasonably (Emergency Response Law, Art 12). This voucher is made in two copies, one for the requisitioning unit and one for the owner. Personal data is printed masked.</span></p>
<div class="signatures">
<div class="signature">征用单位（盖章）<br><span class="en">Requisitioning unit (seal)</span><div class="line"></div>执行人员签名 <span class="en">Executing officer's signature</span><div class="line"></div>日期 <span class="en">Date</span></div>
<div class="signature">被征用人（签名或盖章）<br><span class="en">Owner (signature or seal)</span><div class="line"></div>签收日期 <span class="en">Date received</span><div class="line"></div></div>
</div>
</body>
</html>
`;
}
