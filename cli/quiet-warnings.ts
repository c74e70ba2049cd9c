/**
 * The AWS SDK warns on every process start that releases after January 2027 need Node 22. The Lambda
 * runtime is Node 22+ already; on a technician's Node 20 the warning says nothing they can act on today.
 */
const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const text = typeof warning === 'string' ? warning : (warning?.message ?? '');
  if (text.includes('NodeVersionSupportWarning')) return;
  emitWarning(warning, ...rest);
}) as typeof process.emitWarning;
