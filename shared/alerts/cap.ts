// Public disclosure of warnings as OASIS CAP 1.2 (../shared/standards/cap-1.2/) and as an Atom 1.0 feed of CAP alerts.
// Pure string building: no I/O, no dependencies. Element order follows the XSD sequences exactly, because the schema
// validates order. Only public fields are rendered: never the issuer's `sub` nor anything else about a person.
import type { WarningLevel } from '../domain/categories.ts';
import type { Bilingual, CapMessage, Warning } from '../domain/warning.ts';

export const CAP_CONTENT_TYPE = 'application/cap+xml';
export const ATOM_CONTENT_TYPE = 'application/atom+xml';

const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';
const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

export interface CapOptions {
  /** CAP <sender>: a globally unique id of the alerting authority, e.g. its domain name. No spaces, commas, < or &. */
  sender: string;
  senderName: { 'zh-CN': string; en: string };
  /** Where the public reads the warning in full; an absolute URI. */
  web?: (warningId: string) => string;
}

export interface AtomOptions extends CapOptions {
  selfUrl: string;
  capUrl: (warningId: string) => string;
  /** When the feed last changed; any date-time Date can parse, rendered in China Standard Time. */
  updated: string;
  /**
   * Bounds of the document: entries (newest first) are added while the feed stays within `maxBytes` of UTF-8 and
   * `maxEntries`; the first entry always fits. A public response never approaches Lambda's 6 MB payload limit.
   */
  maxEntries?: number;
  maxBytes?: number;
  /** Where the complete, paged list is, linked as `related` (the feed holds only the newest entries). */
  listUrl?: string;
}

type CapCategory = 'Geo' | 'Met' | 'Safety' | 'Health';
type Severity = 'Extreme' | 'Severe' | 'Moderate' | 'Minor';

/**
 * Our categories (Art 2) to CAP categories. A natural disaster (自然灾害) is most often meteorological or hydrological
 * (typhoon, rainstorm, flood: CAP `Met`, which includes floods) or geological (earthquake, landslide: CAP `Geo`); the
 * warning does not carry the incident type, so both are given (CAP allows several) and a subscriber filtering on either
 * receives it. An accident (事故灾难) is `Safety`; a public health event (公共卫生事件) is `Health`.
 */
export const CAP_CATEGORIES: Record<Warning['category'], CapCategory[]> = {
  'natural-disaster': ['Geo', 'Met'],
  accident: ['Safety'],
  'public-health': ['Health'],
};

/** Rule 1: level 1 (red) is the highest. */
export const CAP_SEVERITY: Record<WarningLevel, Severity> = { '1': 'Extreme', '2': 'Severe', '3': 'Moderate', '4': 'Minor' };

/**
 * CAP responseType. Levels 3-4 attach the Art 66 measures (monitor, assess, inform, advise): the public is to make
 * preparations as the instruction says, CAP `Prepare`. Levels 1-2 add Art 67 (teams on stand-by, evacuation, closing
 * public places), activities planned in advance by the emergency plan and listed in the instruction: CAP `Execute`.
 * `Evacuate` is not implied by the level (Art 67-6 applies only where people are at risk). A Cancel is `AllClear`.
 */
function responseTypeOf(level: WarningLevel, msgType: CapMessage['msgType']): 'Prepare' | 'Execute' | 'AllClear' {
  if (msgType === 'Cancel') return 'AllClear';
  return level === '1' || level === '2' ? 'Execute' : 'Prepare';
}

/** Lifting withdraws the measures at once (Art 70), so a Cancel must not repeat them as instructions. */
const LIFTED_INSTRUCTION = {
  'zh-CN': '本预警已解除，依本预警采取的有关措施同时解除。',
  en: 'This warning has been lifted; the measures taken under it are withdrawn.',
} as const;

/** A text in one language: the English where given, else the Chinese (older records hold plain strings: Chinese). */
export function inLanguage(text: Bilingual | string, language: 'zh-CN' | 'en'): string {
  if (typeof text === 'string') return text;
  return language === 'en' ? (text.en ?? text['zh-CN']) : text['zh-CN'];
}

/** Whether any of the public text of a warning was given in English: then it gets an English info block. */
function hasEnglish(warning: Warning): boolean {
  const any = (list: (Bilingual | string)[]) => list.some((t) => typeof t !== 'string' && t.en !== undefined);
  return typeof warning.title !== 'string' && (warning.title.en !== undefined || any(warning.hazards) || any(warning.measures));
}

/** XML 1.0 forbids most C0 controls, lone surrogates, U+FFFE and U+FFFF even when escaped. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text for element content and double- or single-quoted attribute values. */
export function xmlEscape(text: string): string {
  return text
    .replace(NOT_XML_CHAR, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;'); // a raw CR would be normalised away by every parser
}

/**
 * CAP dateTime: seconds precision and an explicit offset (the XSD pattern refuses fractions and `Z`), rendered in China
 * Standard Time. Fractional seconds are truncated, so the rendered time never lies after the instant it stands for.
 */
export function capDateTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`Not a date-time: ${iso}`);
  return `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

/** CAP 1.2 §3.2.1: sender and identifier must not include spaces, commas or restricted characters (< and &). */
function checkCapToken(what: string, value: string): void {
  if (!value || /[\s,<&]/.test(value)) throw new Error(`CAP ${what} must be non-empty without spaces, commas, < or &: "${value}"`);
}

/** Builds indented XML; text is always escaped, names are ours. */
class XmlWriter {
  private readonly lines: string[] = [];
  private depth: number;

  constructor(depth = 0) {
    this.depth = depth;
  }

  text(name: string, value: string | number, attributes = ''): this {
    this.lines.push(`${this.pad()}<${name}${attributes}>${xmlEscape(String(value))}</${name}>`);
    return this;
  }

  empty(name: string, attributes: string): this {
    this.lines.push(`${this.pad()}<${name}${attributes}/>`);
    return this;
  }

  open(name: string, attributes = ''): this {
    this.lines.push(`${this.pad()}<${name}${attributes}>`);
    this.depth += 1;
    return this;
  }

  close(name: string): this {
    this.depth -= 1;
    this.lines.push(`${this.pad()}</${name}>`);
    return this;
  }

  /** Appends XML built elsewhere verbatim: re-indenting it would change the text content of multi-line elements. */
  raw(xml: string): this {
    this.lines.push(xml);
    return this;
  }

  pair(name: string, valueName: string, value: string): this {
    return this.open(name).text('valueName', valueName).text('value', value).close(name);
  }

  toString(): string {
    return this.lines.join('\n');
  }

  private pad(): string {
    return '  '.repeat(this.depth);
  }
}

function attr(name: string, value: string): string {
  return ` ${name}="${xmlEscape(value)}"`;
}

function messageAt(warning: Warning, messageIndex: number): CapMessage {
  const message = Number.isInteger(messageIndex) ? warning.messages[messageIndex] : undefined;
  if (!message) throw new RangeError(`Warning ${warning.warningId} has no CAP message ${messageIndex} (it has ${warning.messages.length}).`);
  return message;
}

/** CAP 1.2 §3.2.1 references: `sender,identifier,sent` of every earlier message of this warning, space-separated. */
function referencesOf(warning: Warning, messageIndex: number, sender: string): string {
  return warning.messages
    .slice(0, messageIndex)
    .map((m) => `${sender},${m.identifier},${capDateTime(m.sent)}`)
    .join(' ');
}

function polygonOf(ring: [number, number][]): string {
  const first = ring[0];
  const last = ring[ring.length - 1];
  const closed = first && last && (first[0] !== last[0] || first[1] !== last[1]) ? [...ring, first] : ring;
  return closed.map(([lat, lng]) => `${lat},${lng}`).join(' ');
}

/**
 * One info block in one language. The instruction is what the public should do, the warning's measures; the Art 66/67
 * checklist is the government's own duty list and stays in the office view. Text missing in English is given in Chinese.
 */
function writeInfo(x: XmlWriter, warning: Warning, message: CapMessage, language: 'zh-CN' | 'en', opts: CapOptions): void {
  const title = inLanguage(warning.title, language);
  const cancel = message.msgType === 'Cancel';
  const urgency = cancel ? 'Past' : Date.parse(warning.startsAt) <= Date.parse(message.sent) ? 'Immediate' : 'Expected';
  const instruction = cancel ? [LIFTED_INSTRUCTION[language]] : warning.measures.map((m) => inLanguage(m, language));
  x.open('info').text('language', language);
  for (const category of CAP_CATEGORIES[warning.category]) x.text('category', category);
  x.text('event', title)
    .text('responseType', responseTypeOf(warning.level, message.msgType))
    .text('urgency', urgency)
    .text('severity', CAP_SEVERITY[warning.level])
    .text('certainty', 'Likely')
    // A Cancel takes effect when sent (lifting is immediate, Art 70); the hazard's onset stays the warning's start.
    .text('effective', capDateTime(cancel ? message.sent : warning.startsAt))
    .text('onset', capDateTime(warning.startsAt))
    .text('senderName', opts.senderName[language])
    .text('headline', title)
    .text('description', warning.hazards.map((h) => inLanguage(h, language)).join('\n'))
    .text('instruction', instruction.join('\n'));
  if (opts.web) x.text('web', opts.web(warning.warningId));
  x.pair('parameter', 'colour', warning.colour).pair('parameter', 'level', warning.level);
  writeArea(x, warning);
  x.close('info');
}

function writeArea(x: XmlWriter, warning: Warning): void {
  const { area } = warning;
  x.open('area').text('areaDesc', area.description ?? area.divisions.join(' '));
  if (area.polygon?.length) x.text('polygon', polygonOf(area.polygon));
  if (area.circle) x.text('circle', `${area.circle.lat},${area.circle.lng} ${area.circle.radiusKm}`);
  for (const division of area.divisions) x.pair('geocode', 'GB/T 2260', division);
  x.close('area');
}

/** The <alert> element of one message, without the XML declaration, starting at column 0. */
function capAlertElement(warning: Warning, messageIndex: number, opts: CapOptions): string {
  const message = messageAt(warning, messageIndex);
  checkCapToken('sender', opts.sender);
  for (const m of warning.messages.slice(0, messageIndex + 1)) checkCapToken('identifier', m.identifier);
  const x = new XmlWriter()
    .open('alert', attr('xmlns', CAP_NAMESPACE))
    .text('identifier', message.identifier)
    .text('sender', opts.sender)
    .text('sent', capDateTime(message.sent))
    // CAP 1.2 §3.2.1: a warning of an exercise incident is an `Exercise` (it never reaches a public feed either).
    .text('status', warning.exercise ? 'Exercise' : 'Actual')
    .text('msgType', message.msgType)
    .text('scope', 'Public');
  if (messageIndex > 0) x.text('references', referencesOf(warning, messageIndex, opts.sender));
  writeInfo(x, warning, message, 'zh-CN', opts);
  if (hasEnglish(warning)) writeInfo(x, warning, message, 'en', opts);
  return x.close('alert').toString();
}

/**
 * One CAP 1.2 message of a warning: messages[0] is the Alert, each adjustment an Update, the lifting a Cancel.
 * The content is the warning as it stands (the aggregate keeps no per-message snapshot).
 */
export function renderCapAlert(warning: Warning, messageIndex: number, opts: CapOptions): string {
  return `${XML_DECLARATION}\n${capAlertElement(warning, messageIndex, opts)}\n`;
}

/** An Atom 1.0 feed with one entry per warning, each embedding the warning's latest CAP alert (RFC 4287 §4.1.3.3). */
export function renderAtomFeed(entries: Warning[], opts: AtomOptions): string {
  const head = new XmlWriter()
    .raw(XML_DECLARATION)
    .open('feed', `${attr('xmlns', ATOM_NAMESPACE)}${attr('xml:lang', 'zh-CN')}`)
    .text('id', opts.selfUrl)
    .text('title', `${opts.senderName['zh-CN']}预警信息 (${opts.senderName.en}: warnings)`)
    .text('updated', capDateTime(opts.updated))
    .empty('link', `${attr('rel', 'self')}${attr('type', ATOM_CONTENT_TYPE)}${attr('href', opts.selfUrl)}`);
  if (opts.listUrl) head.empty('link', `${attr('rel', 'related')}${attr('type', 'application/json')}${attr('href', opts.listUrl)}`);
  head.open('author').text('name', opts.senderName['zh-CN']).close('author');
  const parts = [head.toString()];
  const tail = '\n</feed>\n';
  let bytes = Buffer.byteLength(parts[0]!) + tail.length;
  for (const warning of entries) {
    if (opts.maxEntries !== undefined && parts.length - 1 >= opts.maxEntries) break;
    const entry = atomEntry(warning, opts);
    const size = Buffer.byteLength(entry) + 1;
    if (opts.maxBytes !== undefined && parts.length > 1 && bytes + size > opts.maxBytes) break;
    parts.push(entry);
    bytes += size;
  }
  return `${parts.join('\n')}${tail}`;
}

const MSG_TYPE_ZH: Record<CapMessage['msgType'], string> = { Alert: '发布', Update: '更新', Cancel: '解除' };
const COLOUR_ZH: Record<Warning['colour'], string> = { red: '红色', orange: '橙色', yellow: '黄色', blue: '蓝色' };

/** One entry, indented one level: the warning's latest CAP message embedded, with a Chinese summary. */
function atomEntry(warning: Warning, opts: AtomOptions): string {
  const latest = warning.messages.length - 1;
  const message = messageAt(warning, latest);
  const zh = inLanguage(warning.title, 'zh-CN');
  const en = typeof warning.title === 'string' ? undefined : warning.title.en;
  const hazards = warning.hazards.map((h) => inLanguage(h, 'zh-CN')).join(' ');
  return new XmlWriter(1)
    .open('entry')
    .text('id', opts.capUrl(warning.warningId))
    .text('title', en ? `${zh} / ${en}` : zh)
    .text('published', capDateTime(warning.issuedAt))
    .text('updated', capDateTime(warning.updatedAt))
    .empty('link', `${attr('rel', 'alternate')}${attr('type', CAP_CONTENT_TYPE)}${attr('href', opts.capUrl(warning.warningId))}`)
    .text('summary', `${MSG_TYPE_ZH[message.msgType]}：${COLOUR_ZH[warning.colour]}预警（${warning.level}级）。${hazards}`)
    .open('content', attr('type', CAP_CONTENT_TYPE))
    .raw(capAlertElement(warning, latest, opts))
    .close('content')
    .close('entry')
    .toString();
}
