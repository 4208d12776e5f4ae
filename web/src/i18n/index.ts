// Message catalogues and the formats of the chosen language: zh-CN by default, English loaded when chosen, and the
// messages of the pages that load on demand fetched with the first of them.
// Times are shown and entered in China Standard Time whatever the browser's zone: the law's deadlines run on it.
import { store } from '../store.ts';
import { zhCN, type Catalogue, type MessageKey } from './zh-CN.ts';

export type { Catalogue, MessageKey };
export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'erp.lang';

interface LanguageState {
  lang: Lang;
  /** The core catalogue, and the pages' part once a page that needs it has loaded. */
  messages: Catalogue & Readonly<Record<string, string>>;
}

export const language = store<LanguageState>({ lang: 'zh-CN', messages: zhCN });

/** The message for a key, with `{name}` placeholders filled in. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  // A pages' key is read only by the pages that load with their part (ui/Lazy.tsx): the key itself never shows.
  const text = (language.get().messages as Readonly<Record<string, string>>)[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
}

/** Whether a page that needs the pages' part has asked for it (then every language change loads it too). */
let pagesWanted = false;
/** The language whose pages' part is in `language` now. */
let pagesLoadedFor: Lang | null = null;

const pagesOf = async (lang: Lang): Promise<Readonly<Record<string, string>>> =>
  lang === 'en' ? (await import('./en.pages.ts')).enPages : (await import('./zh-CN.pages.ts')).zhCNPages;

/** The messages of the pages that load on demand, in the chosen language: fetched once, with the first such page. */
export async function loadPageMessages(): Promise<void> {
  pagesWanted = true;
  const lang = language.get().lang;
  if (pagesLoadedFor === lang) return;
  const pages = await pagesOf(lang);
  const now = language.get();
  // Another language chosen meanwhile loads its own part (setLanguage).
  if (now.lang !== lang || pagesLoadedFor === lang) return;
  pagesLoadedFor = lang;
  language.set({ lang, messages: { ...now.messages, ...pages } });
}

/** Key lookup for values the API sends (statuses, categories): falls back to the raw value for one we do not know yet. */
export function label(prefix: string, value: string): string {
  const messages = language.get().messages as Record<string, string>;
  return messages[`${prefix}.${value}`] ?? value;
}

export async function setLanguage(lang: Lang): Promise<void> {
  const [core, pages] = await Promise.all([lang === 'en' ? import('./en.ts').then((m) => m.en) : Promise.resolve(zhCN), pagesWanted ? pagesOf(lang) : Promise.resolve({})]);
  const messages = { ...core, ...pages };
  pagesLoadedFor = pagesWanted ? lang : null;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* storage may be off: the choice then lasts for this page only */
  }
  document.documentElement.lang = lang;
  language.set({ lang, messages });
}

export function savedLanguage(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return saved === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

const CST = 'Asia/Shanghai';

/** Integer fen as yuan: ¥1,234.56. */
export function formatMoney(fen: number): string {
  return new Intl.NumberFormat(language.get().lang, { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol' }).format(fen / 100);
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(language.get().lang).format(n);
}

export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(language.get().lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: CST }).format(d);
}

/** A calendar date (`2026-12-28`) as the language writes it. */
export function formatDate(date: string | undefined): string {
  if (!date) return '';
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return new Intl.DateTimeFormat(language.get().lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}
