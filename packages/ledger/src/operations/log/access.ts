import type { Access } from '../../access/access.ts';

/**
 * The log is public: checkpoints, tiles, proofs, receipts, cosignatures, the witness list and
 * the log's key. Anyone may read it; checking it is the point.
 */
export const readLogAccess: Access = {
  operation: 'read-log',
  grants: [{ anyone: true }],
  fund: 'none',
};

/**
 * Anyone may post a cosignature: the note's own signatures decide, and only those of
 * registered witnesses are kept (receive-cosignature refuses the rest).
 */
export const cosignCheckpointAccess: Access = {
  operation: 'cosign-checkpoint',
  grants: [{ anyone: true }],
  fund: 'path',
};

/** An administrator registers the witnesses whose cosignatures the deployment keeps. */
export const manageWitnessesAccess: Access = {
  operation: 'manage-witnesses',
  grants: [{ role: 'admin' }],
  fund: 'none',
};
