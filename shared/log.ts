import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { Logger } from '@aws-lambda-powertools/logger';

type LoggerOptions = ConstructorParameters<typeof Logger>[0];

/**
 * Where log lines go. Lambda: stdout (CloudWatch). The CLI sends them to a file so the person at the
 * terminal reads a summary, not JSON; tests read them from a stream of their own.
 */
let destination: NodeJS.WritableStream = process.stdout;
const forward = new Writable({
  write(chunk, _encoding, done) {
    destination.write(chunk, done);
  },
});

export function sendLogsTo(stream: NodeJS.WritableStream): void {
  destination = stream;
}

/** Powertools' documented extension point (createLogger) keeps child loggers on the same destination. */
class MonitorLogger extends Logger {
  constructor(options?: LoggerOptions) {
    super(options);
    // Powertools builds its own Console on stdout; point it at the switchable destination instead.
    const console = new Console({ stdout: forward, stderr: forward });
    console.trace = console.log;
    (this as unknown as { console: Console }).console = console;
  }

  protected override createLogger(options?: LoggerOptions): Logger {
    return new MonitorLogger(options);
  }
}

/**
 * Structured JSON logs, one event per line. Never log post text, author handles or secrets at
 * info level: log ids (academy, source, mention, case) and counts.
 */
export const logger: Logger = new MonitorLogger({
  serviceName: 'mention-monitor',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | 'DEBUG' | 'WARN' | 'ERROR' | 'SILENT' | undefined) ?? 'INFO',
});
