#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx, so a clone needs no build step.
import { register } from 'tsx/esm/api';

// The AWS SDK warns on every run that releases after January 2027 need Node 22. The Lambda runtime is
// Node 22+ already; locally the warning says nothing a trust's technician can act on today.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  const text = typeof warning === 'string' ? warning : warning?.message ?? '';
  if (text.includes('NodeVersionSupportWarning')) return;
  return emitWarning(warning, ...rest);
};

register();
await import('../cli/main.ts');
