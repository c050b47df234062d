import { logDeps } from '../shared/log-runtime.ts';
import { pagesOf } from '../shared/pages.ts';
import { startFunction } from '../shared/runtime.ts';
import { stripeRuntime } from '../shared/stripe-runtime.ts';

/**
 * One runtime for every pledge route: this function is one of the few that may append to the
 * journal, so every way a donor or treasurer makes or cancels a pledge lives here (README,
 * "What keeps it append-only").
 */
export const runtime = startFunction(['stripe', 'manageLinks', 'log']);
export const page = pagesOf(runtime);
export const stripe = stripeRuntime(runtime);
/** The donor's page prints each payment's inclusion proof (receipts that prove themselves). */
export const log = logDeps(runtime);
