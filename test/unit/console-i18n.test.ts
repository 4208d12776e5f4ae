// The console's message catalogues, the core one and the part of the pages that load on demand: English has exactly the
// keys of zh-CN (no untranslated key, none left over), each message keeps the placeholders of its zh-CN original, none
// is empty or the key itself, and no key is in both parts.
import { describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en.ts';
import { enPages } from '../../web/src/i18n/en.pages.ts';
import { zhCN } from '../../web/src/i18n/zh-CN.ts';
import { zhCNPages } from '../../web/src/i18n/zh-CN.pages.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('console message catalogues', () => {
  it('English has every zh-CN key and no other, in the core catalogue and in the pages\' part', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    expect(Object.keys(enPages).sort()).toEqual(Object.keys(zhCNPages).sort());
  });

  it('no key is in both parts (one message per key)', () => {
    expect(Object.keys(zhCNPages).filter((k) => k in zhCN)).toEqual([]);
  });

  it('every English message keeps the placeholders of its zh-CN message', () => {
    const all: Record<string, string> = { ...zhCN, ...zhCNPages };
    const english: Record<string, string> = { ...en, ...enPages };
    const mismatched = Object.entries(all).filter(([k, zh]) => placeholders(zh).join() !== placeholders(english[k]!).join());
    expect(mismatched.map(([k]) => k)).toEqual([]);
  });

  it('no message is empty or its own key, and English holds no Chinese characters', () => {
    for (const [name, cat] of Object.entries({ zhCN, en, zhCNPages, enPages })) {
      for (const [k, v] of Object.entries(cat)) {
        expect(v.trim(), `${name} ${k}`).not.toBe('');
        expect(v, `${name} ${k}`).not.toBe(k);
      }
    }
    expect(Object.entries({ ...en, ...enPages }).filter(([, v]) => /[\u4e00-\u9fff]/.test(v)).map(([k]) => k)).toEqual([]);
  });

  it('every value the API sends for a status, category, level or action has a label in both languages', () => {
    const required = [
      ...['natural-disaster', 'accident', 'public-health', 'social-security'].map((c) => `category.${c}`),
      ...['draft', 'under-review', 'approved', 'published', 'filed', 'replaced', 'superseded', 'retired', 'reported', 'responding', 'recovery', 'active', 'lifted', 'terminated', 'queued'].map((s) => `status.${s}`),
      ...['red', 'orange', 'yellow', 'blue'].map((c) => `colour.${c}`),
      ...['national', 'province', 'city', 'county', 'township'].map((g) => `gov.${g}`),
      ...['activation', 'level-change', 'hand-over', 'termination'].map((d) => `decision.${d}`),
      // Requisitions, claims and reconsiderations, organisations, deployments, reports, notices, retention.
      ...['issued', 'taken', 'handed-over', 'returned', 'submitted', 'needs-correction', 'accepted', 'extended', 'decided', 'served', 'paid', 'closed'].map((s) => `status.${s}`),
      ...['approved', 'partly-approved', 'rejected', 'upheld', 'varied', 'revoked'].map((s) => `status.${s}`),
      ...['pending', 'registered', 'suspended', 'requested', 'declined', 'arrived', 'withdrawn', 'stood-down'].map((s) => `status.${s}`),
      ...['received', 'assigned', 'substantiated', 'dismissed', 'referred', 'rebutted', 'rewarded', 'overdue', 'acknowledged', 'in-force', 'ended', 'expired'].map((s) => `status.${s}`),
      ...['claim-acceptance-review', 'claim-decision', 'reconsideration-application', 'suit-direct', 'reconsideration-acceptance-review', 'reconsideration-correction', 'reconsideration-decision', 'suit-after-reconsideration'].map((d) => `deadlineText.${d}`),
      ...['use-fee', 'depreciation', 'repair', 'market-value', 'staff-hours', 'other', 'labour', 'transport', 'materials', 'equipment-wear'].map((c) => `claimKind.${c}`),
      ...['price-gouging', 'hoarding', 'counterfeit', 'rumour', 'incident'].map((k) => `reportKind.${k}`),
      ...['incident-report', 'incident-update', 'warning-issued', 'warning-adjusted', 'warning-lifted', 'investigation-report'].map((k) => `noticeKind.${k}`),
    ];
    const all = { ...zhCN, ...zhCNPages };
    expect(required.filter((k) => !(k in all))).toEqual([]);
  });
});
