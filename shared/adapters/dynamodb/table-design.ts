/**
 * One table serves every access pattern (single-table design):
 *
 * | item            | pk                      | sk                         | indexes                                  |
 * |-----------------|-------------------------|----------------------------|------------------------------------------|
 * | mention (stats) | MENTION#<mentionId>     | ACADEMY#<academyId>        | byAcademy: ACADEMY#<a>#MENTIONS, fetchedAt |
 * | mention content | MENTION#<mentionId>     | CONTENT#<academyId>        | (ttl: text, author, raw expire)          |
 * | case            | CASE#<caseId>           | CASE                       | byAcademy: ACADEMY#<a>#CASES, createdAt; byStatus; bySeverity; evidenceBacklog (sparse) |
 * | audit entry     | CASE#<caseId>           | AUDIT#<at>#<n>             |                                          |
 * | source cursor   | ACADEMY#<academyId>     | CURSOR#<sourceId>          |                                          |
 * | source health   | ACADEMY#<academyId>     | HEALTH#<sourceId>          |                                          |
 * | digest sent     | ACADEMY#<academyId>     | DIGEST#<yyyy-mm-dd>        |                                          |
 *
 * Dedupe is a conditional put on the mention item, which carries `contentPending` until a non-case
 * mention's text is stored; alert and digest "exactly once" are conditional writes too.
 */
export const TTL_ATTRIBUTE = 'ttl';

export const INDEXES = {
  byAcademy: { name: 'byAcademy', pk: 'gsi1pk', sk: 'gsi1sk' },
  byStatus: { name: 'byStatus', pk: 'gsi2pk', sk: 'gsi2sk' },
  bySeverity: { name: 'bySeverity', pk: 'gsi3pk', sk: 'gsi3sk' },
  evidenceBacklog: { name: 'evidenceBacklog', pk: 'gsi4pk', sk: 'gsi4sk' },
} as const;

export const KEY_ATTRIBUTES = ['pk', 'sk', ...Object.values(INDEXES).flatMap((i) => [i.pk, i.sk])];
