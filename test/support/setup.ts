import { Writable } from 'node:stream';
import { afterAll } from 'vitest';
import '../../cli/quiet-warnings.js';
import { sendLogsTo } from '../../shared/log.js';
import { removeTempDirs } from './temp.js';

// Test output stays readable: structured logs are dropped unless a test sends them somewhere to read them.
sendLogsTo(new Writable({ write: (_chunk, _encoding, done) => done() }));

// Registered here, before any test file's own hooks, so it runs after them (after hooks run in reverse).
afterAll(() => removeTempDirs());
