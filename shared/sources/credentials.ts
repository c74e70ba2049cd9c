import { entities, type SourceType, type TrustConfig } from '../config/schema.js';
import type { Secrets } from '../ports/index.js';
import { PLATFORM_LABELS } from './mention.js';
import { SourceError } from './source.js';

/**
 * Which secrets each platform needs, where they live and how a person gets them. The README and the
 * CDK stacks read this list, so a new credential is added here once and documented everywhere.
 * Values come only from the Secrets port (SSM Parameter Store in AWS): never from config or logs.
 */

export type ApiPlatform = Extract<SourceType, 'reddit' | 'youtube' | 'bluesky' | 'mastodon' | 'x' | 'facebook' | 'instagram'>;

export const PLATFORM_LABEL: Record<ApiPlatform, string> = PLATFORM_LABELS;

export interface CredentialSpec {
  platform: ApiPlatform;
  /** Last part of the secret name: /mention-monitor/<academy>/<platform>/<key>. */
  key: string;
  /** Without a required secret the source cannot run; optional ones unlock more (Reddit OAuth, Mastodon search). */
  required: boolean;
  label: string;
  /** Step-by-step instructions for a school IT technician. */
  howToGet: string;
}

export const CREDENTIALS: readonly CredentialSpec[] = [
  {
    platform: 'reddit',
    key: 'client_id',
    required: false,
    label: 'Reddit app client id',
    howToGet:
      'Sign in to Reddit with the school\'s account, open https://www.reddit.com/prefs/apps, choose "create another app...", pick "script", give any redirect URI (http://localhost) and save. The client id is the short string under the app name. Without it the public Reddit RSS search is used instead (fewer results).',
  },
  {
    platform: 'reddit',
    key: 'client_secret',
    required: false,
    label: 'Reddit app secret',
    howToGet: 'On the same app at https://www.reddit.com/prefs/apps, copy the value shown as "secret" (choose "edit" if it is hidden).',
  },
  {
    platform: 'youtube',
    key: 'api_key',
    required: true,
    label: 'YouTube Data API key',
    howToGet:
      'In Google Cloud Console choose APIs & Services > Library, enable "YouTube Data API v3", then APIs & Services > Credentials > Create credentials > API key. Restrict the key to the YouTube Data API v3.',
  },
  {
    platform: 'bluesky',
    key: 'handle',
    required: false,
    label: 'Bluesky account handle',
    howToGet:
      'The handle of a Bluesky account the school controls, e.g. northbrookacademy.bsky.social. Needed only when Bluesky search asks for a login (the error message will say so).',
  },
  {
    platform: 'bluesky',
    key: 'app_password',
    required: false,
    label: 'Bluesky app password',
    howToGet:
      'Signed in as that account, open Settings > Privacy and security > App passwords > Add App Password, name it "mention-monitor" and copy the password shown (xxxx-xxxx-xxxx-xxxx). Never use the account\'s main password.',
  },
  {
    platform: 'mastodon',
    key: 'access_token',
    required: false,
    label: 'Mastodon access token',
    howToGet:
      'On the configured Mastodon instance open Preferences > Development > New application, name it "mention-monitor", tick only the "read:search" and "read:statuses" scopes, submit, open the application and copy "Your access token". Hashtag timelines work without it; full-text search needs it.',
  },
  {
    platform: 'x',
    key: 'bearer_token',
    required: true,
    label: 'X API bearer token',
    howToGet:
      'In the X Developer Portal (https://developer.x.com) open Projects & Apps > your app > Keys and tokens and generate the "Bearer Token". The app\'s plan must include recent search.',
  },
  {
    platform: 'facebook',
    key: 'page_access_token',
    required: true,
    label: 'Facebook Page access token',
    howToGet:
      'In Meta for Developers (https://developers.facebook.com) use an app with the permissions pages_show_list, pages_read_engagement and pages_read_user_content. In Graph API Explorer generate a User token as a Page admin, exchange it for a long-lived token, then call /me/accounts and copy the "access_token" of the academy\'s Page (a Page token from a long-lived user token does not expire).',
  },
  {
    platform: 'instagram',
    key: 'page_access_token',
    required: true,
    label: 'Page access token for the Instagram business account',
    howToGet:
      'The Instagram account must be a professional (business or creator) account linked to the academy\'s Facebook Page. Get a Page access token as for Facebook, with the extra permissions instagram_basic and instagram_manage_comments, and copy the "access_token" of the linked Page from /me/accounts.',
  },
];

export const secretName = (entityId: string, platform: ApiPlatform, key: string): string =>
  `/mention-monitor/${entityId}/${platform}/${key}`;

export const credentialsFor = (platform: ApiPlatform): CredentialSpec[] => CREDENTIALS.filter((c) => c.platform === platform);

/** "Do Z" for a person: how to get each credential and the exact SSM parameter to store it in. */
export function howToFixCredentials(platform: ApiPlatform, entityId: string, keys?: string[]): string {
  const specs = credentialsFor(platform).filter((c) => !keys || keys.includes(c.key));
  return specs.map((c) => `${c.howToGet} Store it in SSM parameter ${secretName(entityId, platform, c.key)} (SecureString).`).join(' ');
}

export type Credentials = Partial<Record<string, string>>;

/** Reads every secret of one platform for one academy; blank values count as missing. */
export async function readCredentials(secrets: Secrets, entityId: string, platform: ApiPlatform): Promise<Credentials> {
  const found: Credentials = {};
  for (const spec of credentialsFor(platform)) {
    const name = secretName(entityId, platform, spec.key);
    let value: string | undefined;
    try {
      value = await secrets.get(name);
    } catch (err) {
      throw new SourceError(
        `Could not read the secret ${name} for ${PLATFORM_LABEL[platform]} at academy '${entityId}' (${(err as Error).name}). Check the parameter exists and that the poller is allowed to read parameters under /mention-monitor/${entityId}/.`,
        'credentials',
      );
    }
    if (value !== undefined && value.trim() !== '') found[spec.key] = value.trim();
  }
  return found;
}

/** The error for a source switched on without the secrets it cannot run without. */
export function missingCredentials(platform: ApiPlatform, entityId: string, keys: string[]): SourceError {
  return new SourceError(
    `${PLATFORM_LABEL[platform]} is switched on for academy '${entityId}' but its credentials are missing (${keys.join(', ')}). ${howToFixCredentials(platform, entityId, keys)}`,
    'credentials',
  );
}

export interface SecretRequirement {
  name: string;
  entityId: string;
  platform: ApiPlatform;
  required: boolean;
  label: string;
  howToGet: string;
}

const isApiPlatform = (type: SourceType): type is ApiPlatform => type in PLATFORM_LABEL;

/** Every secret the enabled sources of a trust config can use: for the CDK (IAM scope) and `config check`. */
export function secretRequirements(cfg: TrustConfig): SecretRequirement[] {
  const seen = new Set<string>();
  const out: SecretRequirement[] = [];
  for (const entity of entities(cfg)) {
    for (const source of entity.sources) {
      if (!source.enabled || !isApiPlatform(source.type)) continue;
      for (const spec of credentialsFor(source.type)) {
        const name = secretName(entity.id, source.type, spec.key);
        if (seen.has(name)) continue;
        seen.add(name);
        out.push({ name, entityId: entity.id, platform: source.type, required: spec.required, label: spec.label, howToGet: spec.howToGet });
      }
    }
  }
  return out;
}
