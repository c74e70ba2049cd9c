import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs, one event per line. Never log post text, author handles or secrets at
 * info level: log ids (academy, source, mention, case) and counts.
 */
export const logger = new Logger({
  serviceName: 'mention-monitor',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | 'DEBUG' | 'WARN' | 'ERROR' | 'SILENT' | undefined) ?? 'INFO',
});
