import type { Category } from '../score/types.js';
import type { Platform } from '../sources/mention.js';

/**
 * How to report a post on each platform, and where else to report in the UK. Staff are expected to know
 * how to report on each platform, so every case carries the steps and the platform's help page.
 * X's steps follow its help centre (help.x.com, report-abusive-behavior); the other addresses are as known in
 * November 2026 and were not re-fetched here. Platforms move help pages: check them each year.
 */

export interface ReportRoute {
  /** Who to tell, e.g. "Report to X". */
  label: string;
  /** The help or report page; https only. */
  url: string;
  steps: string;
}

/** An article Google found: Google only links to it, so the publisher is who removes it. */
const VIA_GOOGLE: ReportRoute = {
  label: 'Complain to the publisher',
  url: 'https://www.ipso.co.uk/make-a-complaint/',
  steps: "Google only links to it: contact the website's editor first. For UK newspapers and magazines you can then complain to IPSO.",
};

const PLATFORM_ROUTES: Record<Platform, ReportRoute> = {
  x: {
    label: 'Report to X',
    url: 'https://help.x.com/en/safety-and-security/report-abusive-behavior',
    steps: 'Open the post, select the ⋯ (more) icon, choose Report, then say who it is about and why.',
  },
  facebook: {
    label: 'Report to Facebook',
    url: 'https://www.facebook.com/help/1380418588640631',
    steps: 'Open the post, select ⋯ next to it, choose "Report post" and follow the steps.',
  },
  instagram: {
    label: 'Report to Instagram',
    url: 'https://help.instagram.com/192435014247952',
    steps: 'Open the post, tap ⋯ above it, choose Report and follow the steps.',
  },
  youtube: {
    label: 'Report to YouTube',
    url: 'https://support.google.com/youtube/answer/2802027',
    steps: 'Under the video select ⋯ (more), then Report, and pick the reason that fits best.',
  },
  reddit: {
    label: 'Report to Reddit',
    url: 'https://support.reddithelp.com/hc/en-us/articles/360058309512',
    steps: 'Under the post or comment select ⋯ (more), then Report. Reddit also takes reports at reddit.com/report.',
  },
  bluesky: {
    label: 'Report to Bluesky',
    url: 'https://bsky.social/about/support',
    steps: 'Open the post, select ⋯ (more), choose "Report post" and pick a reason.',
  },
  mastodon: {
    label: "Report to the Mastodon server's moderators",
    url: 'https://docs.joinmastodon.org/user/moderating/',
    steps: 'Open the post, select ⋯ (more), choose "Report", and tick "forward to the remote server" if offered.',
  },
  rss: {
    label: 'Complain to the publisher',
    url: 'https://www.ipso.co.uk/make-a-complaint/',
    steps: "Contact the website's editor first (look for Contact or Corrections). For UK newspapers and magazines you can then complain to IPSO.",
  },
  google_alerts: VIA_GOOGLE,
  google_news: VIA_GOOGLE,
};

/** Where to send a link that may show sexual images of a child, without opening it. */
export const IWF: ReportRoute = {
  label: 'Report images of a child to the IWF',
  url: 'https://report.iwf.org.uk/',
  steps: 'Do not open, save, screenshot or forward the images. Give the IWF the link only; they get it removed.',
};
const CEOP: ReportRoute = {
  label: 'Report to CEOP (National Crime Agency)',
  url: 'https://www.ceop.police.uk/Safety-Centre/',
  steps: "For an adult seeking sexual contact with a child, or sextortion. If a child is in danger now, call 999.",
};
const TERRORISM: ReportRoute = {
  label: 'Report extremist content to the police',
  url: 'https://www.gov.uk/report-terrorism',
  steps: 'Anonymous online form run by Counter Terrorism Policing. Your Prevent lead should also know.',
};
const ICO: ReportRoute = {
  label: 'Tell the ICO about a data breach',
  url: 'https://ico.org.uk/for-organisations/report-a-breach/',
  steps: 'Your data protection officer decides; a reportable breach must reach the ICO within 72 hours of the school knowing.',
};
const REPORT_HARMFUL_CONTENT: ReportRoute = {
  label: 'Report Harmful Content (UK)',
  url: 'https://reportharmfulcontent.com/',
  steps: 'The UK service for harmful content a platform has not removed after you reported it (wait 48 hours).',
};
const POSH: ReportRoute = {
  label: 'Professionals Online Safety Helpline',
  url: 'https://saferinternet.org.uk/professionals-online-safety-helpline',
  steps: 'Free advice for staff on getting harmful content about pupils or staff taken down.',
};

/** Routes a case of this category needs beside the platform's own: the ones where speed matters. */
const CATEGORY_ROUTES: Partial<Record<Category, ReportRoute[]>> = {
  sexual: [IWF, CEOP],
  grooming: [CEOP],
  radicalisation: [TERRORISM],
  data_breach: [ICO],
};

/** The platform's own route first, then the UK routes the case's categories call for, each once. */
export function reportRoutes(platform: Platform, categories: Category[]): ReportRoute[] {
  const routes = [PLATFORM_ROUTES[platform]];
  for (const c of categories) for (const r of CATEGORY_ROUTES[c] ?? []) if (!routes.includes(r)) routes.push(r);
  return routes;
}

/**
 * Help that applies to any case, said once per email rather than on every case: where to turn when a
 * platform will not act, and where staff get advice.
 */
export const GENERAL_ROUTES: readonly ReportRoute[] = [REPORT_HARMFUL_CONTENT, POSH];
