import { z } from 'zod';

export const SafeguardingCategory = z.enum([
  'self_harm', 'abuse', 'sexual', 'grooming', 'bullying', 'violence', 'radicalisation', 'substances', 'exposure', 'missing',
]);
export const ReputationalCategory = z.enum([
  'allegation', 'complaint', 'hostility', 'data_breach', 'inspection', 'legal', 'media', 'impersonation',
]);
export type SafeguardingCategory = z.infer<typeof SafeguardingCategory>;
export type ReputationalCategory = z.infer<typeof ReputationalCategory>;
export type Category = SafeguardingCategory | ReputationalCategory;

/** 0 none, 1 low, 2 medium (a case), 3 high (alert now), 4 critical (immediate risk to a child). */
export type Severity = 0 | 1 | 2 | 3 | 4;

export interface AxisScore<C extends Category> {
  severity: Severity;
  /** Every category found, strongest first (taxonomy order among equals). */
  categories: C[];
  /**
   * The categories above found only at low severity (1, "worth a glance"). They are not a case on their
   * own, so what follows a case (its retention, report routes, next steps) reads the others.
   */
  low: C[];
}

/** Why a score fired: shown in the digest so a monitor can see at a glance what was matched. */
export interface Reason {
  category: Category;
  rule: string;
  match: string;
}

export interface Score {
  safeguarding: AxisScore<SafeguardingCategory>;
  reputational: AxisScore<ReputationalCategory>;
  reasons: Reason[];
}

/** What a scorer may know besides the text. */
export interface ScoreContext {
  hasImage?: boolean;
  hasVideo?: boolean;
  platform?: string;
}

export interface Scorer {
  score(text: string, context?: ScoreContext): Score;
}
