/** Why a mention was attributed to an academy (or the trust): which term, by which rule. */
export interface MatchReason {
  entityId: string;
  term: string;
  rule: 'name' | 'alias' | 'context_alias' | 'handle' | 'hashtag';
  /** The text that matched, as written in the post. */
  match: string;
}

export interface MatchResult {
  /** Ids of the trust and academies the text is about, in config order; [] for namesakes and noise. */
  entityIds: string[];
  reasons: MatchReason[];
  /** Exclusion phrases that ruled a candidate out, for explaining why a namesake was dropped. */
  excluded: {
    entityId: string;
    phrase: string;
    /**
     * Why it was ruled out: `exclude` a configured namesake phrase, `other_organisation` the next word
     * names another place or body ("Riverside Stadium"), `place` a town name said as a place while the
     * post names another academy or the trust.
     */
    rule?: 'exclude' | 'other_organisation' | 'place';
  }[];
}

export interface Matcher {
  match(text: string): MatchResult;
}
