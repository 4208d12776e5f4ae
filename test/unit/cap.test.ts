// CAP 1.2 and Atom rendering of warnings: every CAP document is validated against the OASIS schema with libxml2 (wasm).
import { describe, expect, it } from 'vitest';
import { capExample, parseErrors, schemaErrors } from '../support/cap-schema.ts';
import {
  ATOM_CONTENT_TYPE,
  CAP_CONTENT_TYPE,
  capDateTime,
  renderAtomFeed,
  renderCapAlert,
  type AtomOptions,
  type CapOptions,
} from '../../shared/alerts/cap.ts';
import type { WarningLevel } from '../../shared/domain/categories.ts';
import {
  adjustWarning,
  issueWarning,
  liftWarning,
  type Warning,
  type WarningDraft,
} from '../../shared/domain/warning.ts';
import type { Government as IssuingGovernment } from '../../shared/domain/actor.ts';

const unescape = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#13;/g, '\r').replace(/&amp;/g, '&');

/** Text of every `<tag>` without attributes or children, in document order. */
function texts(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => unescape(m[1]!));
}

/** The `<info>` blocks of a CAP document. */
const infos = (xml: string) => [...xml.matchAll(/<info>[\s\S]*?<\/info>/g)].map((m) => m[0]);
const embeddedAlerts = (xml: string) => [...xml.matchAll(/<alert xmlns="urn:oasis:names:tc:emergency:cap:1\.2">[\s\S]*?<\/alert>/g)].map((m) => m[0]);

const gov: IssuingGovernment = { kind: 'user', roles: ['office'], sub: 'office-110105', division: '110105', level: 'county' };
const accident = { incidentId: 'inc-0001', category: 'accident' as const, divisionCode: '110105' };
const issuedAt = new Date('2026-11-26T00:00:00.456Z'); // 08:00:00.456 in China Standard Time
const adjustedAt = new Date('2026-11-26T03:30:00Z');
const liftedAt = new Date('2026-11-26T10:15:00Z');
const opts: CapOptions = {
  sender: 'emergency.bjchy.gov.cn',
  senderName: { 'zh-CN': '北京市朝阳区人民政府', en: "Chaoyang District People's Government, Beijing" },
  web: (id) => `https://emergency.bjchy.gov.cn/warnings/${id}`,
};

function draft(over: Partial<WarningDraft> = {}): WarningDraft {
  return {
    level: '3',
    startsAt: issuedAt.toISOString(),
    area: { divisions: ['110105', '110105001'] },
    hazards: [{ 'zh-CN': '化工厂储罐泄漏，可能产生有毒气体。' }, { 'zh-CN': '下风向 3 公里内空气质量可能恶化。' }],
    measures: [{ 'zh-CN': '关闭门窗，减少外出。' }, { 'zh-CN': '听从现场工作人员指挥。' }],
    title: { 'zh-CN': '朝阳区危化品泄漏黄色预警' },
    ...over,
  };
}

const issue = (over: Partial<WarningDraft> = {}, incident: Parameters<typeof issueWarning>[1] = accident, id = 'w-0001') =>
  issueWarning(id, incident, draft(over), gov, issuedAt).warning;
const adjusted = (w: Warning) => adjustWarning(w, { level: '2', reason: 'leak spreading' }, gov, '110105', adjustedAt).warning;
const lifted = (w: Warning) => liftWarning(w, gov, liftedAt, 'leak contained').warning;

describe('the validator', () => {
  it('accepts the OASIS example alert', async () => {
    const example = capExample();
    expect(await schemaErrors([example])).toEqual([]);
  });

  it('refuses a document without <sent> and one whose sent has fractional seconds', async () => {
    // Prepare
    const good = renderCapAlert(issue(), 0, opts);
    const noSent = good.replace(/\s*<sent>[^<]*<\/sent>/, '');
    const fractional = good.replace('<sent>2026-11-26T08:00:00+08:00</sent>', '<sent>2026-11-26T08:00:00.456+08:00</sent>');
    expect(noSent).not.toContain('<sent>');
    expect(fractional).toContain('08:00:00.456+08:00');

    // Act
    const [missing, pattern] = await Promise.all([schemaErrors([noSent]), schemaErrors([fractional])]);

    // Assess
    expect(missing.join('\n')).toMatch(/Expected is \( \{urn:oasis:names:tc:emergency:cap:1\.2\}sent \)/);
    expect(pattern.join('\n')).toMatch(/sent.*\[facet 'pattern'\]/);
  });
});

describe('CAP dateTime', () => {
  it('renders in China Standard Time with seconds precision and an explicit offset', () => {
    expect(capDateTime('2026-11-26T00:00:00.999Z')).toBe('2026-11-26T08:00:00+08:00');
    expect(capDateTime('2026-11-25T20:30:05Z')).toBe('2026-11-26T04:30:05+08:00');
    expect(capDateTime('2026-11-26T09:00:00+09:00')).toBe('2026-11-26T08:00:00+08:00');
  });

  it('refuses what is not a date-time', () => {
    expect(() => capDateTime('tomorrow')).toThrow(RangeError);
  });
});

describe('a CAP alert for a newly issued warning', () => {
  it('renders a level 3 warning as a valid Alert with one zh-CN info', async () => {
    // Act
    const xml = renderCapAlert(issue(), 0, opts);

    // Assess
    expect(await schemaErrors([xml])).toEqual([]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">')).toBe(true);
    expect(texts(xml, 'identifier')).toEqual(['w-0001.1']);
    expect(texts(xml, 'sender')).toEqual([opts.sender]);
    expect(texts(xml, 'sent')).toEqual(['2026-11-26T08:00:00+08:00']);
    expect(texts(xml, 'status')).toEqual(['Actual']);
    expect(texts(xml, 'msgType')).toEqual(['Alert']);
    expect(texts(xml, 'scope')).toEqual(['Public']);
    expect(xml).not.toContain('<references>');
    const [info, ...more] = infos(xml);
    expect(more).toEqual([]);
    expect(texts(info!, 'language')).toEqual(['zh-CN']);
    expect(texts(info!, 'category')).toEqual(['Safety']);
    expect(texts(info!, 'event')).toEqual(['朝阳区危化品泄漏黄色预警']);
    expect(texts(info!, 'responseType')).toEqual(['Prepare']);
    expect(texts(info!, 'urgency')).toEqual(['Immediate']);
    expect(texts(info!, 'severity')).toEqual(['Moderate']);
    expect(texts(info!, 'certainty')).toEqual(['Likely']);
    expect(texts(info!, 'effective')).toEqual(['2026-11-26T08:00:00+08:00']);
    expect(texts(info!, 'onset')).toEqual(['2026-11-26T08:00:00+08:00']);
    expect(texts(info!, 'senderName')).toEqual(['北京市朝阳区人民政府']);
    expect(texts(info!, 'headline')).toEqual(['朝阳区危化品泄漏黄色预警']);
    expect(texts(info!, 'web')).toEqual(['https://emergency.bjchy.gov.cn/warnings/w-0001']);
    expect(texts(info!, 'areaDesc')).toEqual(['110105 110105001']);
    expect(texts(info!, 'valueName')).toEqual(['colour', 'level', 'GB/T 2260', 'GB/T 2260']);
    expect(texts(info!, 'value')).toEqual(['yellow', '3', '110105', '110105001']);
  });

  it('describes the hazards and instructs what the public should do: the measures, not the government\'s Art 66 checklist', () => {
    const w = issue();
    const info = infos(renderCapAlert(w, 0, opts))[0]!;

    expect(texts(info, 'description')).toEqual([w.hazards.map((h) => h['zh-CN']).join('\n')]);
    expect(texts(info, 'instruction')).toEqual([w.measures.map((m) => m['zh-CN']).join('\n')]);
    expect(w.checklist.length).toBeGreaterThan(0);
    expect(info).not.toContain('art66-');
  });

  it('writes the zh-CN info in Chinese throughout and the en info in English where given, Chinese where not', async () => {
    // Prepare: English for the title and the first hazard and measure only
    const w = issue({
      title: { 'zh-CN': '朝阳区危化品泄漏黄色预警', en: 'Chaoyang chemical leak: yellow warning' },
      hazards: [{ 'zh-CN': '储罐泄漏。', en: 'A storage tank is leaking.' }, { 'zh-CN': '空气质量可能恶化。' }],
      measures: [{ 'zh-CN': '关闭门窗。', en: 'Close doors and windows.' }, { 'zh-CN': '听从指挥。' }],
    });

    // Act
    const xml = renderCapAlert(w, 0, opts);

    // Assess
    expect(await schemaErrors([xml])).toEqual([]);
    const [zh, en] = infos(xml);
    for (const tag of ['event', 'headline', 'description', 'instruction', 'senderName']) expect(texts(zh!, tag).join(''), tag).not.toMatch(/[A-Za-z]{3}/);
    expect(texts(en!, 'headline')).toEqual(['Chaoyang chemical leak: yellow warning']);
    expect(texts(en!, 'description')).toEqual(['A storage tank is leaking.\n空气质量可能恶化。']);
    expect(texts(en!, 'instruction')).toEqual(['Close doors and windows.\n听从指挥。']);
  });

  it('adds an en info when only a hazard or measure has English, its headline falling back to the Chinese title', async () => {
    const xml = renderCapAlert(issue({ measures: [{ 'zh-CN': '关闭门窗。', en: 'Close doors and windows.' }] }), 0, opts);

    expect(await schemaErrors([xml])).toEqual([]);
    const [, en] = infos(xml);
    expect(texts(en!, 'language')).toEqual(['en']);
    expect(texts(en!, 'headline')).toEqual(['朝阳区危化品泄漏黄色预警']);
    expect(texts(en!, 'instruction')).toEqual(['Close doors and windows.']);
  });

  it('reads hazards and measures stored as plain strings (before they were bilingual) as Chinese', async () => {
    const legacy = { ...issue(), hazards: ['旧格式的危害。'], measures: ['旧格式的措施。'] } as unknown as Warning;
    const xml = renderCapAlert(legacy, 0, opts);

    expect(await schemaErrors([xml])).toEqual([]);
    expect(infos(xml)).toHaveLength(1);
    expect(texts(xml, 'description')).toEqual(['旧格式的危害。']);
    expect(texts(xml, 'instruction')).toEqual(['旧格式的措施。']);
  });

  it('adds an en info when the title has English, with the English sender name and headline', async () => {
    const xml = renderCapAlert(issue({ title: { 'zh-CN': '朝阳区危化品泄漏黄色预警', en: 'Chaoyang hazardous chemical leak: yellow warning' } }), 0, opts);

    expect(await schemaErrors([xml])).toEqual([]);
    const [zh, en, ...more] = infos(xml);
    expect(more).toEqual([]);
    expect(texts(zh!, 'language')).toEqual(['zh-CN']);
    expect(texts(en!, 'language')).toEqual(['en']);
    expect(texts(en!, 'event')).toEqual(['Chaoyang hazardous chemical leak: yellow warning']);
    expect(texts(en!, 'headline')).toEqual(['Chaoyang hazardous chemical leak: yellow warning']);
    expect(texts(en!, 'senderName')).toEqual([opts.senderName.en]);
    expect(texts(en!, 'severity')).toEqual(['Moderate']);
  });

  it('carries the polygon as a closed lat,lng ring and the circle as lat,lng radius-in-km', async () => {
    const xml = renderCapAlert(
      issue({
        area: {
          divisions: ['110105'],
          description: '朝阳区东坝乡及周边',
          polygon: [[39.96, 116.52], [39.99, 116.52], [39.99, 116.56], [39.96, 116.52]],
          circle: { lat: 39.975, lng: 116.54, radiusKm: 3.5 },
        },
      }),
      0,
      opts,
    );

    expect(await schemaErrors([xml])).toEqual([]);
    expect(texts(xml, 'areaDesc')).toEqual(['朝阳区东坝乡及周边']);
    expect(texts(xml, 'polygon')).toEqual(['39.96,116.52 39.99,116.52 39.99,116.56 39.96,116.52']);
    expect(texts(xml, 'circle')).toEqual(['39.975,116.54 3.5']);
    expect(texts(xml, 'value').slice(2)).toEqual(['110105']);
  });

  it('closes a polygon ring given open', () => {
    const xml = renderCapAlert(issue({ area: { divisions: ['110105'], polygon: [[39.96, 116.52], [39.99, 116.52], [39.99, 116.56]] } }), 0, opts);

    expect(texts(xml, 'polygon')).toEqual(['39.96,116.52 39.99,116.52 39.99,116.56 39.96,116.52']);
  });

  it('marks a warning starting later as Expected rather than Immediate', async () => {
    const xml = renderCapAlert(issue({ startsAt: '2026-11-26T06:00:00Z' }), 0, opts);

    expect(await schemaErrors([xml])).toEqual([]);
    expect(texts(xml, 'urgency')).toEqual(['Expected']);
    expect(texts(xml, 'onset')).toEqual(['2026-11-26T14:00:00+08:00']);
  });

  it('maps natural disasters to Geo and Met and public health events to Health', async () => {
    const natural = renderCapAlert(issue({}, { ...accident, category: 'natural-disaster' }), 0, opts);
    const health = renderCapAlert(issue({}, { ...accident, category: 'public-health' }), 0, opts);

    expect(await schemaErrors([natural, health])).toEqual([]);
    expect(texts(natural, 'category')).toEqual(['Geo', 'Met']);
    expect(texts(health, 'category')).toEqual(['Health']);
  });

  it('leaves out <web> when no web address is configured', async () => {
    const xml = renderCapAlert(issue(), 0, { sender: opts.sender, senderName: opts.senderName });

    expect(await schemaErrors([xml])).toEqual([]);
    expect(xml).not.toContain('<web>');
  });
});

describe('severity, colour and response type by level', () => {
  const expected: [WarningLevel, string, string, string][] = [
    ['1', 'Extreme', 'red', 'Execute'],
    ['2', 'Severe', 'orange', 'Execute'],
    ['3', 'Moderate', 'yellow', 'Prepare'],
    ['4', 'Minor', 'blue', 'Prepare'],
  ];

  it('maps level 1 to Extreme (red), 2 Severe (orange), 3 Moderate (yellow), 4 Minor (blue) (rule 1)', async () => {
    const docs = expected.map(([level]) => renderCapAlert(issue({ level }), 0, opts));

    expect(await schemaErrors(docs)).toEqual([]);
    expected.forEach(([level, severity, colour, responseType], i) => {
      expect(texts(docs[i]!, 'severity')).toEqual([severity]);
      expect(texts(docs[i]!, 'value').slice(0, 2)).toEqual([colour, level]);
      expect(texts(docs[i]!, 'responseType')).toEqual([responseType]);
    });
  });

  it('keeps the Art 66 and Art 67 checklists of levels 1 and 2 out of the public instruction (rule 4: they are the office\'s)', () => {
    for (const level of ['1', '2'] as const) {
      const w = issue({ level });
      const instruction = texts(renderCapAlert(w, 0, opts), 'instruction')[0]!.split('\n');
      expect(w.checklist.filter((l) => l.startsWith('art67-'))).toHaveLength(8);
      expect(instruction).toEqual(w.measures.map((m) => m['zh-CN']));
    }
  });
});

describe('CAP messages after the Alert', () => {
  it('renders an adjustment as an Update referencing the Alert, with the new level', async () => {
    // Prepare
    const w = adjusted(issue());

    // Act
    const xml = renderCapAlert(w, 1, opts);

    // Assess
    expect(await schemaErrors([xml])).toEqual([]);
    expect(texts(xml, 'identifier')).toEqual(['w-0001.2']);
    expect(texts(xml, 'msgType')).toEqual(['Update']);
    expect(texts(xml, 'sent')).toEqual(['2026-11-26T11:30:00+08:00']);
    expect(texts(xml, 'references')).toEqual(['emergency.bjchy.gov.cn,w-0001.1,2026-11-26T08:00:00+08:00']);
    expect(texts(xml, 'severity')).toEqual(['Severe']);
    expect(texts(xml, 'responseType')).toEqual(['Execute']);
    expect(texts(xml, 'urgency')).toEqual(['Immediate']);
    expect(texts(xml, 'value').slice(0, 2)).toEqual(['orange', '2']);
  });

  it('renders the lifting as a Cancel referencing both earlier messages, all clear, without the withdrawn measures', async () => {
    // Prepare
    const w = lifted(adjusted(issue({ title: { 'zh-CN': '朝阳区危化品泄漏预警', en: 'Chaoyang chemical leak warning' } })));

    // Act
    const xml = renderCapAlert(w, 2, opts);

    // Assess
    expect(await schemaErrors([xml])).toEqual([]);
    expect(texts(xml, 'identifier')).toEqual(['w-0001.3']);
    expect(texts(xml, 'msgType')).toEqual(['Cancel']);
    expect(texts(xml, 'sent')).toEqual(['2026-11-26T18:15:00+08:00']);
    expect(texts(xml, 'references')).toEqual([
      'emergency.bjchy.gov.cn,w-0001.1,2026-11-26T08:00:00+08:00 emergency.bjchy.gov.cn,w-0001.2,2026-11-26T11:30:00+08:00',
    ]);
    expect(texts(xml, 'responseType')).toEqual(['AllClear', 'AllClear']);
    expect(texts(xml, 'urgency')).toEqual(['Past', 'Past']);
    expect(texts(xml, 'effective')).toEqual(['2026-11-26T18:15:00+08:00', '2026-11-26T18:15:00+08:00']);
    const instructions = texts(xml, 'instruction');
    expect(instructions).toHaveLength(2);
    for (const line of [...w.measures.map((m) => m['zh-CN']), ...w.checklist]) expect(instructions.join('\n')).not.toContain(line);
    expect(instructions[0]).toContain('解除');
    expect(instructions[1]).toContain('lifted');
  });

  it('renders every message of a lifted warning as a valid Alert, Update and Cancel', async () => {
    const w = lifted(adjusted(issue()));
    const docs = w.messages.map((_, i) => renderCapAlert(w, i, opts));

    expect(await schemaErrors(docs)).toEqual([]);
    expect(docs.map((d) => texts(d, 'msgType')[0])).toEqual(['Alert', 'Update', 'Cancel']);
    expect(docs.map((d) => texts(d, 'references').length)).toEqual([0, 1, 1]);
  });

  it('refuses a message index the warning does not have', () => {
    const w = issue();
    expect(() => renderCapAlert(w, 1, opts)).toThrow(RangeError);
    expect(() => renderCapAlert(w, -1, opts)).toThrow(RangeError);
    expect(() => renderCapAlert(w, 0.5, opts)).toThrow(RangeError);
  });

  it('refuses a sender with a space or comma, which would break references (CAP 1.2 §3.2.1)', () => {
    expect(() => renderCapAlert(issue(), 0, { ...opts, sender: 'bjchy gov' })).toThrow(/sender/);
    expect(() => renderCapAlert(issue(), 0, { ...opts, sender: 'bjchy,gov' })).toThrow(/sender/);
  });
});

describe('escaping', () => {
  it('escapes <&>"\' in titles, hazards and measures and still validates', async () => {
    // Prepare
    const nasty = `<script>alert("x")</script> & 'quoted' > done`;
    const w = issue({
      title: { 'zh-CN': `预警 ${nasty}`, en: `Warning ${nasty}` },
      hazards: [{ 'zh-CN': `hazard ${nasty}` }],
      measures: [{ 'zh-CN': `measure ${nasty}` }],
      area: { divisions: ['110105'], description: `area ${nasty}` },
    });

    // Act
    const xml = renderCapAlert(w, 0, { ...opts, web: (id) => `https://example.gov.cn/w?id=${id}&lang=zh` });

    // Assess
    expect(await schemaErrors([xml])).toEqual([]);
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;quoted&apos; &gt; done');
    expect(texts(xml, 'headline')).toEqual([`预警 ${nasty}`, `Warning ${nasty}`]);
    expect(texts(xml, 'description')).toEqual([`hazard ${nasty}`, `hazard ${nasty}`]);
    expect(texts(xml, 'instruction')[0]!.split('\n')[0]).toBe(`measure ${nasty}`);
    expect(texts(xml, 'areaDesc')).toEqual([`area ${nasty}`, `area ${nasty}`]);
    expect(texts(xml, 'web')[0]).toBe('https://example.gov.cn/w?id=w-0001&lang=zh');
    expect(texts(xml, 'senderName')[1]).toBe("Chaoyang District People's Government, Beijing");
  });

  it('replaces characters XML cannot carry instead of emitting an ill-formed document', async () => {
    const xml = renderCapAlert(issue({ hazards: [{ 'zh-CN': 'bell\u0007 nul\u0000 lone\uD800 end' }] }), 0, opts);

    expect(await schemaErrors([xml])).toEqual([]);
    expect(texts(xml, 'description')).toEqual(['bell\uFFFD nul\uFFFD lone\uFFFD end']);
  });
});

describe('the Atom feed of warnings', () => {
  const feedOpts: AtomOptions = {
    ...opts,
    selfUrl: 'https://emergency.bjchy.gov.cn/v1/public/warnings.cap',
    capUrl: (id) => `https://emergency.bjchy.gov.cn/v1/public/warnings/${id}.cap`,
    updated: adjustedAt.toISOString(),
  };
  const fresh = issue({ title: { 'zh-CN': '暴雨 <蓝色> 预警', en: 'Rainstorm & flood: blue' }, level: '4' }, { ...accident, category: 'natural-disaster' }, 'w-0002');
  const raised = adjusted(issue());
  const feed = renderAtomFeed([fresh, raised], feedOpts);

  it('is well-formed Atom with id, title, updated, self link and author', async () => {
    expect(await parseErrors(feed)).toEqual([]);
    expect(feed.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"')).toBe(true);
    const head = feed.slice(0, feed.indexOf('<entry>'));
    expect(texts(head, 'id')).toEqual([feedOpts.selfUrl]);
    expect(texts(head, 'title')).toHaveLength(1);
    expect(texts(head, 'updated')).toEqual(['2026-11-26T11:30:00+08:00']);
    expect(head).toContain(`<link rel="self" type="${ATOM_CONTENT_TYPE}" href="${feedOpts.selfUrl}"/>`);
    expect(texts(head, 'name')).toEqual([opts.senderName['zh-CN']]);
  });

  it('has one entry per warning linking its CAP document', () => {
    const entries = [...feed.matchAll(/<entry>[\s\S]*?<\/entry>/g)].map((m) => m[0]);

    expect(entries).toHaveLength(2);
    expect(texts(entries[0]!, 'id')).toEqual([feedOpts.capUrl('w-0002')]);
    expect(texts(entries[0]!, 'title')).toEqual(['暴雨 <蓝色> 预警 / Rainstorm & flood: blue']);
    expect(texts(entries[0]!, 'updated')).toEqual(['2026-11-26T08:00:00+08:00']);
    expect(texts(entries[1]!, 'updated')).toEqual(['2026-11-26T11:30:00+08:00']);
    expect(entries[1]).toContain(`<link rel="alternate" type="${CAP_CONTENT_TYPE}" href="${feedOpts.capUrl('w-0001')}"/>`);
    expect(texts(entries[1]!, 'summary')[0]).toMatch(/^更新：橙色预警（2级）。化工厂储罐泄漏/);
    for (const entry of entries) expect(entry).toContain(`<content type="${CAP_CONTENT_TYPE}">`);
  });

  it('embeds the latest CAP alert of each warning, each valid against the schema', async () => {
    const alerts = embeddedAlerts(feed);

    expect(alerts).toHaveLength(2);
    expect(await schemaErrors(alerts)).toEqual([]);
    expect(alerts[0]).toBe(renderCapAlert(fresh, 0, opts).replace('<?xml version="1.0" encoding="UTF-8"?>\n', '').trimEnd());
    expect(alerts[1]).toBe(renderCapAlert(raised, 1, opts).replace('<?xml version="1.0" encoding="UTF-8"?>\n', '').trimEnd());
    expect(alerts.map((a) => texts(a, 'msgType')[0])).toEqual(['Alert', 'Update']);
  });

  it('renders an empty feed when no warning is active', async () => {
    const empty = renderAtomFeed([], feedOpts);

    expect(await parseErrors(empty)).toEqual([]);
    expect(empty).not.toContain('<entry>');
  });

  it('stops adding entries at maxEntries and at maxBytes, newest first, and links the complete list', async () => {
    // Prepare: 30 warnings of about 5 KB each
    const many = Array.from({ length: 30 }, (_, i) => issue({ hazards: [{ 'zh-CN': '危'.repeat(1600) }] }, accident, `w-${String(i).padStart(4, '0')}`));
    const listUrl = 'https://emergency.bjchy.gov.cn/v1/public/warnings';

    // Act
    const byCount = renderAtomFeed(many, { ...feedOpts, maxEntries: 7, listUrl });
    const byBytes = renderAtomFeed(many, { ...feedOpts, maxBytes: 50_000 });
    const oneTooBig = renderAtomFeed(many, { ...feedOpts, maxBytes: 1_000 });

    // Assess
    const ids = (feed: string) => [...feed.matchAll(/<entry>\s*<id>[^<]*\/(w-\d+)\.cap<\/id>/g)].map((m) => m[1]);
    expect(ids(byCount)).toEqual(many.slice(0, 7).map((w) => w.warningId));
    expect(byCount).toContain(`<link rel="related" type="application/json" href="${listUrl}"/>`);
    expect(Buffer.byteLength(byBytes)).toBeLessThanOrEqual(50_000);
    expect(ids(byBytes).length).toBeGreaterThan(1);
    expect(ids(byBytes)).toEqual(many.slice(0, ids(byBytes).length).map((w) => w.warningId));
    // The first entry always fits, so a feed is never empty while warnings are active.
    expect(ids(oneTooBig)).toEqual([many[0]!.warningId]);
    expect(await parseErrors(byBytes)).toEqual([]);
  });
});

describe('personal data', () => {
  it('never renders the issuer\'s sub in any CAP message or in the feed', () => {
    const w = lifted(adjusted(issue({ title: { 'zh-CN': '预警', en: 'Warning' } })));
    const outputs = [
      ...w.messages.map((_, i) => renderCapAlert(w, i, opts)),
      renderAtomFeed([w], { ...opts, selfUrl: 'https://x.gov.cn/feed', capUrl: (id) => `https://x.gov.cn/${id}.cap`, updated: liftedAt.toISOString() }),
    ];

    expect(w.issuer.sub).toBe('office-110105');
    for (const out of outputs) {
      expect(out).not.toContain(w.issuer.sub);
      expect(out).not.toMatch(/\bsub\b/);
      expect(out).not.toContain(w.incidentId);
    }
  });
});
