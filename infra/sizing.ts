/**
 * Memory and time per function and how often things run, in one place so the stacks, the cost model
 * and the tests read the same numbers. Free of CDK imports so `npm run cost` starts quickly.
 */
export const FUNCTION_SIZES = {
  // A source that hangs costs up to ~80 s (20 s timeout, 3 retries) per request: leave room for several,
  // and for a viral day's thousands of mentions, within the 30-minute poll interval.
  poll: { memoryMiB: 512, timeoutSeconds: 600 },
  // Chromium needs about 1.5 GB to render a page reliably; more memory also buys CPU for the screenshot.
  capture: { memoryMiB: 2048, timeoutSeconds: 120 },
  // The digest run also applies the retention schedule (a scan of the academy's table).
  digest: { memoryMiB: 512, timeoutSeconds: 300 },
  alert: { memoryMiB: 256, timeoutSeconds: 30 },
  'evidence-link': { memoryMiB: 256, timeoutSeconds: 10 },
  recheck: { memoryMiB: 512, timeoutSeconds: 300 },
} as const;
export type FunctionName = keyof typeof FUNCTION_SIZES;

/**
 * Removal re-checks run hourly: the handler re-checks each post 1 hour, 24 hours and 7 days after capture,
 * so it needs an hourly tick, and each run also re-queues cases still without evidence.
 */
export const RECHECK_HOURS = 1;

/** Alarms per academy stack: one per function, the dead-letter queue, a failing source. */
export const ALARMS_PER_ACADEMY = Object.keys(FUNCTION_SIZES).length + 2;
