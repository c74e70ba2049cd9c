/**
 * What a fetched post page turned out to be: the post, a login wall, or a "gone" page. Pure, so
 * the capture worker and the removal checker judge pages the same way and tests can table it.
 */

export type PageVerdict =
  | { state: 'ok' }
  | { state: 'gone'; reason: string }
  | { state: 'login_wall'; reason: string }
  /** Any other HTTP error page: the post is not on it, but nothing says it was removed. */
  | { state: 'error'; reason: string };

export interface PageFacts {
  status?: number;
  finalUrl: string;
  /** Visible text of the page, whitespace collapsed; bounded by the caller. */
  bodyText: string;
  /** A visible password field: most login walls have one. */
  hasPasswordField?: boolean;
  /** The post text as the platform API gave it; when it is on the page, markers do not count. */
  postText?: string;
}

/** Phrases platforms show in place of a removed post (lower case). */
export const REMOVED_MARKERS = [
  'this post was deleted',
  'this post has been deleted',
  'this post has been removed',
  'this post is unavailable',
  'this tweet was deleted',
  'this tweet is unavailable',
  "hmm...this page doesn't exist",
  "sorry, this page isn't available",
  "this content isn't available",
  "this page isn't available",
  'this video has been removed',
  "this video isn't available anymore",
  'video unavailable',
  'post not found',
  'sorry, this post was deleted by the person who originally posted it',
  'sorry, this post has been removed by the moderators',
  'this account doesn’t exist',
  "this account doesn't exist",
];

/** Phrases of a login or age wall that hides the post (lower case). */
export const LOGIN_MARKERS = [
  'log in to continue',
  'log in to see',
  'sign in to continue',
  'sign in to confirm your age',
  'you must log in to continue',
  'log into facebook',
  'you must be logged in',
  'sign up to see',
  'log in or sign up',
];

const LOGIN_PATH = /(^|\/)(login|log-in|signin|sign-in|sign_in|accounts\/login|i\/flow\/login|checkpoint|authwall)(\/|$)/i;
const LOGIN_HOST = /^(login|accounts|auth|signin)\./i;

const normalise = (s: string): string => s.replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();

/** True when a recognisable stretch of the post (its first 60 characters) is on the page. */
export function postIsShown(bodyText: string, postText: string | undefined): boolean {
  const needle = normalise(postText ?? '').slice(0, 60);
  return needle.length >= 8 && normalise(bodyText).includes(needle);
}

export function classifyPage(facts: PageFacts): PageVerdict {
  const { status } = facts;
  if (status === 404 || status === 410) return { state: 'gone', reason: `the site answered ${status} (not found / gone)` };
  let url: URL | undefined;
  try {
    url = new URL(facts.finalUrl);
  } catch {
    url = undefined;
  }
  if (url && (LOGIN_PATH.test(url.pathname) || LOGIN_HOST.test(url.hostname))) {
    return { state: 'login_wall', reason: `the site sent the browser to a login page (${url.hostname}${url.pathname})` };
  }
  if (status === 401 || status === 403) return { state: 'login_wall', reason: `the site refused access (${status})` };
  if (postIsShown(facts.bodyText, facts.postText)) return { state: 'ok' };
  if (status !== undefined && status >= 400) return { state: 'error', reason: `the site answered ${status} instead of the post` };
  const text = normalise(facts.bodyText);
  const removed = REMOVED_MARKERS.find((m) => text.includes(normalise(m)));
  if (removed) return { state: 'gone', reason: `the page says "${removed}"` };
  const login = LOGIN_MARKERS.find((m) => text.includes(m));
  if (login) return { state: 'login_wall', reason: `the page asks to log in ("${login}")` };
  if (facts.hasPasswordField) return { state: 'login_wall', reason: 'the page shows a password field instead of the post' };
  return { state: 'ok' };
}
