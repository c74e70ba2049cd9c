import type { Entity, TrustConfig } from '../shared/config/schema.js';

/**
 * One monitored organisation's part of the trust config: everything except the other academies' sources,
 * so the secrets and schedules a stack creates are only its own.
 */
export function entityConfig(cfg: TrustConfig, entity: Entity): TrustConfig {
  const isTrust = entity.id === cfg.trust.id;
  return {
    ...cfg,
    trust: isTrust ? cfg.trust : { ...cfg.trust, sources: [] },
    academies: isTrust ? cfg.academies.map((a) => ({ ...a, sources: [] })) : cfg.academies.filter((a) => a.id === entity.id),
  } as TrustConfig;
}

/** Entities that get a monitoring stack: every academy, plus the trust itself when it has sources of its own. */
export const monitoredEntities = (cfg: TrustConfig): Entity[] => [
  ...(cfg.trust.sources.some((s) => s.enabled) ? [cfg.trust] : []),
  ...cfg.academies,
];
