// Choice lists for the office forms, labelled in the chosen language.
import { CATEGORIES, GOV_LEVELS, PLAN_STATUSES, PLAN_TYPES, RESPONSE_LEVELS, WARNING_LEVELS } from '../../api/types.ts';
import { label, t } from '../../i18n/index.ts';

export const categoryOptions = (opts: { warnable?: boolean; blank?: boolean } = {}) => [
  ...(opts.blank ? [{ value: '', label: t('filter.any') }] : []),
  ...CATEGORIES.filter((c) => !opts.warnable || c !== 'social-security').map((c) => ({ value: c, label: label('category', c) })),
];
export const planTypeOptions = () => PLAN_TYPES.map((p) => ({ value: p, label: label('planType', p) }));
export const planStatusOptions = () => [{ value: '', label: t('filter.any') }, ...PLAN_STATUSES.map((s) => ({ value: s, label: label('status', s) }))];
export const govLevelOptions = (blank: string) => [{ value: '', label: blank }, ...GOV_LEVELS.map((g) => ({ value: g, label: label('gov', g) }))];
export const responseLevelOptions = (blank?: string) => [
  ...(blank !== undefined ? [{ value: '', label: blank }] : []),
  ...RESPONSE_LEVELS.map((l) => ({ value: l, label: t('response.levelName', { level: l }) })),
];
export const warningLevelOptions = () => WARNING_LEVELS.map((l) => ({ value: l, label: t('warning.badge', { colour: label('colour', { '1': 'red', '2': 'orange', '3': 'yellow', '4': 'blue' }[l]), level: l }) }));
