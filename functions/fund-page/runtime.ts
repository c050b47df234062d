import { exportDeps } from '../shared/exports-runtime.ts';
import { logDeps } from '../shared/log-runtime.ts';
import { pagesOf } from '../shared/pages.ts';
import { startFunction } from '../shared/runtime.ts';

/** The fund page and the receipt verification page: the journal, the exports, the log. */
export const runtime = startFunction(['exports', 'log']);
export const exports = exportDeps(runtime);
export const log = logDeps(runtime);
export const page = pagesOf(runtime);
