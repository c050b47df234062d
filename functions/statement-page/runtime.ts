import { logDeps } from '../shared/log-runtime.ts';
import { pagesOf } from '../shared/pages.ts';
import { startFunction } from '../shared/runtime.ts';

/** One runtime for the function's two pages: the statement and the disclosure report. */
export const runtime = startFunction(['log']);
export const log = logDeps(runtime);
export const page = pagesOf(runtime);
