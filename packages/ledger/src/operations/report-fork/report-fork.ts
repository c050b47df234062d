import { BadForkProofError, NotAForkError } from '../../errors.ts';
import type { LedgerDeps } from '../../ports/ledger-store.ts';
import type { ForkReport } from '../../ports/transparency-log.ts';
import { canonicalJson, sha256Hex } from '../../primitives/canonical.ts';
import { encodeVerifierKey, NOTE_ED25519, type NoteSigner } from '../../primitives/signed-note.ts';
import { requireFund } from '../common/read.ts';
import { checkForkProof, type ForkVerdict } from './fork-proof.ts';
import type { ForkProofInput } from './input.ts';

export type ForkReportDeps = Pick<LedgerDeps, 'store' | 'clock'> & { signer: NoteSigner };

export interface ForkReportAnswer {
  report: ForkReport;
  /** False when this proof was reported before: the first report is answered again. */
  created: boolean;
}

/**
 * The report's id, from what the log itself signed, never from what a caller can vary freely
 * (a witness's name, time, explanation or an unsigned proof): one id per proven fork (its size
 * and two roots), so re-reports and second witnesses do not page the operator again; and one
 * per fund for what was only observed, so nobody can fill the table (or the fund page that
 * reads it) with endless variations of an unprovable report. The first observation is kept.
 */
export function forkReportId(fundId: string, verdict: ForkVerdict): string {
  return sha256Hex(
    canonicalJson(verdict.fork ? { fundId, fork: verdict.fork } : { fundId, observed: true }),
  );
}

/**
 * Checks a witness's fork proof against this deployment's log key and keeps it once. A fork
 * proven by two notes the log signed for one size is kept `proven` (the operator is paged); a
 * rollback or failing consistency proof, which only the witness saw, is kept `observed` (listed,
 * not paged). A proof that does not verify or shows nothing wrong is refused and nothing is kept.
 */
export async function reportFork(
  deps: ForkReportDeps,
  fundId: string,
  proof: ForkProofInput,
): Promise<ForkReportAnswer> {
  await requireFund(deps, fundId);
  if (proof.fundId !== fundId) {
    throw new BadForkProofError(
      `The proof is about fund "${proof.fundId}", not "${fundId}": post it to /funds/${proof.fundId}/log/fork-reports.`,
    );
  }
  // The deployment's own key, as /.well-known/soquy/checkpoint-key serves it.
  const logKey = encodeVerifierKey(deps.signer.name, NOTE_ED25519, await deps.signer.publicKey());
  const verdict = checkForkProof(proof, { logKey });
  const finding = verdict.proven ? verdict.lines.at(-1) : verdict.problem;
  if (!verdict.proven && !verdict.observed) {
    const details = { checked: verdict.lines, problem: verdict.problem };
    if (verdict.signed) {
      throw new NotAForkError(
        `The notes are this log's, but they show no fork: ${verdict.problem}. Nothing was kept.`,
        { details },
      );
    }
    throw new BadForkProofError(
      `This is not a proof about this log (key ${logKey}): ${verdict.problem}. Nothing was kept.`,
      { details },
    );
  }
  const report: ForkReport = {
    fundId,
    id: forkReportId(fundId, verdict),
    status: verdict.proven ? 'proven' : 'observed',
    kind: proof.kind,
    finding: finding ?? '',
    witness: proof.witness,
    detectedAt: proof.detectedAt,
    receivedAt: deps.clock().toISOString(),
    proof: JSON.parse(JSON.stringify(proof)) as Record<string, unknown>,
  };
  if (await deps.store.log.saveForkReport(report)) return { report, created: true };
  const kept = await deps.store.log.getForkReport(fundId, report.id);
  return { report: kept ?? report, created: false };
}

/** Proven first, then newest first. */
const byAlarm = (a: ForkReport, b: ForkReport) =>
  Number(b.status === 'proven') - Number(a.status === 'proven') ||
  b.receivedAt.localeCompare(a.receivedAt);

/** A fund's fork reports, proven first, then newest first (public). */
export async function listForkReports(
  deps: Pick<LedgerDeps, 'store'>,
  fundId: string,
): Promise<ForkReport[]> {
  await requireFund(deps, fundId);
  return (await deps.store.log.listForkReports(fundId)).sort(byAlarm);
}

/** Every fund's fork reports, for the console's witnesses page (one query per fund). */
export async function listAllForkReports(deps: Pick<LedgerDeps, 'store'>): Promise<ForkReport[]> {
  const funds = await deps.store.listFunds();
  const lists = await Promise.all(funds.map((f) => deps.store.log.listForkReports(f.fund.id)));
  return lists.flat().sort(byAlarm);
}
