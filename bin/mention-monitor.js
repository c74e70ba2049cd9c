#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx, so a clone needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../cli/quiet-warnings.ts');
await import('../cli/main.ts');
