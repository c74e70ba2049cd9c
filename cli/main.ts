import { Command } from 'commander';
import { ConfigError } from '../shared/config/load.js';
import { register as registerAudit } from './commands/audit.js';
import { register as registerCapture } from './commands/capture.js';
import { register as registerCases } from './commands/cases.js';
import { register as registerClusters } from './commands/clusters.js';
import { register as registerConfig } from './commands/config.js';
import { register as registerDigest } from './commands/digest.js';
import { register as registerErase } from './commands/erase.js';
import { register as registerEval } from './commands/eval.js';
import { register as registerFeed } from './commands/feed.js';
import { register as registerPoll } from './commands/poll.js';
import { register as registerRetention } from './commands/retention.js';
import { register as registerRun } from './commands/run.js';
import { register as registerScore } from './commands/score.js';
import { register as registerServe } from './commands/serve.js';
import { register as registerTrain } from './commands/train.js';
import { register as registerSubjectAccess } from './commands/subject-access.js';
import { register as registerVerify } from './commands/verify.js';

const program = new Command()
  .name('mention-monitor')
  .description(
    'Monitors public posts about a school trust and its academies: polls sources, matches academies, scores ' +
      'safeguarding and reputational concern, captures screenshot evidence, stores cases and emails digests.',
  )
  .showHelpAfterError('(run "mention-monitor --help" to see every command)')
  .configureHelp({ sortSubcommands: false });

for (const register of [
  registerRun,
  registerPoll,
  registerFeed,
  registerScore,
  registerEval,
  registerTrain,
  registerClusters,
  registerCapture,
  registerVerify,
  registerCases,
  registerDigest,
  registerServe,
  registerAudit,
  registerRetention,
  registerSubjectAccess,
  registerErase,
  registerConfig,
]) register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // People read these: a config problem or a known failure prints its message, not a stack trace.
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`mention-monitor: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    process.exitCode = 1;
  }
}
