import { type LinkAction, type LinkKey, mintToken, DEFAULT_LINK_DAYS } from './token.js';

/** The links an email carries for one case: evidence and the three triage actions. */
export interface CaseLinks {
  view: string;
  acknowledge: string;
  report: string;
  resolve: string;
  /** ISO time the links stop working. */
  expiresAt: string;
}

/**
 * The evidence endpoint's public address, checked once: links go into emails that live for weeks, so
 * a typo here would break every one of them. Plain http is allowed only for a local run.
 */
export function checkLinkBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`The evidence link address "${baseUrl}" is not a web address. Use the URL of the evidence-link endpoint, e.g. https://links.example.org.uk/l.`);
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new Error(`The evidence link address "${baseUrl}" must start with https:// (plain http is only for a local run on this computer).`);
  }
  if (url.search || url.hash) throw new Error(`The evidence link address "${baseUrl}" must not contain "?" or "#"; give the endpoint address only.`);
  return url;
}

/** The link a person clicks: the endpoint address with the token in `t`. */
export function evidenceLinkUrl(baseUrl: string, token: string): string {
  const url = checkLinkBaseUrl(baseUrl);
  url.searchParams.set('t', token);
  return url.toString();
}

/** Fresh signed links for one case; call when the email is composed so each email's links expire on their own. */
export function caseLinks(
  baseUrl: string,
  ref: { caseId: string; academyId: string },
  key: LinkKey,
  now: Date,
  days = DEFAULT_LINK_DAYS,
): CaseLinks {
  const link = (action: LinkAction) => evidenceLinkUrl(baseUrl, mintToken(ref, action, key, now, days));
  return {
    view: link('view'),
    acknowledge: link('acknowledge'),
    report: link('report'),
    resolve: link('resolve'),
    expiresAt: new Date(Math.floor(now.getTime() / 1000) * 1000 + Math.round(days * 86_400) * 1000).toISOString(),
  };
}
