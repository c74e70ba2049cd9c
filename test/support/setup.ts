import { Writable } from 'node:stream';
import '../../cli/quiet-warnings.js';
import { sendLogsTo } from '../../shared/log.js';

// Test output stays readable: structured logs are dropped unless a test sends them somewhere to read them.
sendLogsTo(new Writable({ write: (_chunk, _encoding, done) => done() }));
