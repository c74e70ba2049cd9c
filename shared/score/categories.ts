import type { Category, ReputationalCategory, SafeguardingCategory } from './types.js';

/**
 * The taxonomy as plain arrays, in the order of types.ts. The scorer uses these rather than the zod
 * enums so its Lambda bundle carries no schema library (smaller, faster cold start); a test checks
 * both lists stay equal.
 */
export const SAFEGUARDING_CATEGORIES: readonly SafeguardingCategory[] = [
  'self_harm', 'abuse', 'sexual', 'grooming', 'bullying', 'violence', 'radicalisation', 'substances', 'exposure', 'missing',
];
export const REPUTATIONAL_CATEGORIES: readonly ReputationalCategory[] = [
  'allegation', 'complaint', 'hostility', 'data_breach', 'inspection', 'legal', 'media', 'impersonation',
];

const SAFEGUARDING = new Set<string>(SAFEGUARDING_CATEGORIES);
const ALL = new Set<string>([...SAFEGUARDING_CATEGORIES, ...REPUTATIONAL_CATEGORIES]);

export const isCategory = (value: unknown): value is Category => typeof value === 'string' && ALL.has(value);
export const isSafeguarding = (c: Category): c is SafeguardingCategory => SAFEGUARDING.has(c);
