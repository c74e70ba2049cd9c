import type { LinkRequest } from './endpoint.js';

/** Bodies bigger than this are not a confirmation form: refuse to parse them. */
const MAX_FORM_BYTES = 4096;

/**
 * The token and typed name from a link request: the token from `?t=` on a GET, or from the
 * confirmation form's hidden field on a POST. Shared by the Lambda function URL and `serve`.
 */
export function linkRequestFrom(input: {
  method: string;
  query: URLSearchParams;
  body?: string;
  userAgent?: string;
  sourceIp?: string;
}): LinkRequest {
  const form = input.method.toUpperCase() === 'POST' && input.body && input.body.length <= MAX_FORM_BYTES ? new URLSearchParams(input.body) : undefined;
  return {
    method: input.method,
    token: form?.get('t') ?? input.query.get('t') ?? undefined,
    actor: form?.get('actor')?.slice(0, 80) || undefined,
    userAgent: input.userAgent?.slice(0, 300),
    sourceIp: input.sourceIp,
  };
}
