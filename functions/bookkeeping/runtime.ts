import { startFunction } from '../shared/runtime.ts';

/**
 * One runtime for the staff API routes that append to the journal: recording money received,
 * approving spending and reversing an entry. Few functions may write the journal (README, "What
 * keeps it append-only"), so these share one.
 */
export const runtime = startFunction();
