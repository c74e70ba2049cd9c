import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import { handleLinkRequest } from '../shared/links/endpoint.js';
import { linkRequestFrom } from '../shared/links/http-request.js';
import { logger } from '../shared/log.js';
import { awsDeps, linkKeys } from './wiring.js';

const deps = awsDeps();
const evidence = deps.evidence();

/**
 * The evidence endpoint behind every link in digests and alerts (a Lambda function URL). The signed
 * token is the authorisation; it redirects to a fresh five-minute presigned URL, so links keep working
 * for their 30 days although the Lambda role's own credentials last hours.
 */
export const handler = async (event: LambdaFunctionURLEvent): Promise<LambdaFunctionURLResult> => {
  try {
    const body = event.body && event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    const request = linkRequestFrom({
      method: event.requestContext.http.method,
      query: new URLSearchParams(event.rawQueryString ?? ''),
      body,
      userAgent: event.requestContext.http.userAgent,
      sourceIp: event.requestContext.http.sourceIp,
    });
    const response = await handleLinkRequest(request, { store: deps.store, evidence, key: await linkKeys(deps), clock: deps.clock });
    return { statusCode: response.status, headers: response.headers, body: response.body };
  } catch (err) {
    // Never a stack trace to a headteacher: log it for IT and show a page that says what to do.
    logger.error('evidence link failed', { error: err instanceof Error ? err.message : String(err) });
    return {
      statusCode: 503,
      headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
      body: '<!doctype html><meta charset="utf-8"><title>Try again</title><h1>The evidence could not be opened just now</h1><p>Please try the link again in a few minutes. If it keeps failing, tell whoever manages the mention monitor; nothing about the case has been lost.</p>',
    };
  }
};
