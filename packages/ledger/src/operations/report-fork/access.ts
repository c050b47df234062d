import type { Access } from '../../access/access.ts';

/**
 * Anyone may report a fork: a proven fork is two notes signed by the log's own key, so it
 * authenticates itself whoever posts it; a report that proves nothing is refused unwritten.
 */
export const reportForkAccess: Access = {
  operation: 'report-fork',
  grants: [{ anyone: true }],
  fund: 'path',
};
