import type { LedgerDeps, PreparedAppend, RecordChange } from '../../ports/ledger-store.ts';
import {
  type BankLine,
  type BankLineOutcome,
  type BankLineSource,
  type IncomingBankLine,
  type OpenTransfer,
  type ReviewReason,
  weakKey,
} from '../../primitives/bank-lines.ts';
import { fingerprint, sha256Hex } from '../../primitives/canonical.ts';
import { matchDisbursement } from '../../primitives/disbursement-match.ts';
import { type DraftBase, donationDraft, transferDraft } from '../../primitives/drafts.ts';
import type { Entry, EntryDraft } from '../../primitives/entry.ts';
import { MAX_REF_LENGTH } from '../../primitives/entry.ts';
import type { Fund } from '../../primitives/fund.ts';
import {
  memoBankRefs,
  nearReferences,
  normaliseMemo,
  referenceCandidates,
} from '../../primitives/memo.ts';
import { applyToPledge, type MoneyFacts } from '../../primitives/pledges.ts';
import type { Disbursement, Pledge, Versioned } from '../../primitives/records.ts';
import { ANONYMOUS_NAME } from '../../primitives/rules.ts';
import { vietnamDate } from '../../primitives/vietnam-time.ts';

/**
 * Turning bank lines into entries, many per transaction (group commit). Every line is kept once,
 * under its first reference, whatever channel brought it; a line is matched to a pledge by the
 * reference code in its memo, to a disbursement or an internal transfer by amount and date, and
 * anything unsure waits for a person. The store's conditional puts on each reference make a
 * second copy of a line (a webhook retried, the same line in a statement) add nothing.
 */

/** DynamoDB's 100 items, less the head, the idempotency record and the queue counter. */
export const MAX_BATCH_ITEMS = 96;
/** Lines read and decided together; fewer land when their items would not fit. */
export const MAX_BATCH_LINES = 48;
const DAY_MS = 86_400_000;
/** An internal transfer recorded by hand shows in the bank from a day before to a week after. */
const TRANSFER_WINDOW = { beforeMs: DAY_MS, afterMs: 7 * DAY_MS };

export interface LineBatch {
  lines: readonly IncomingBankLine[];
  /** Where each line came from: the gateway delivery or the statement. */
  source: (line: IncomingBankLine, index: number) => BankLineSource;
  /** SHA-256 of the statement file, put in the entries its lines produce. */
  evidence?: string;
  /** `bank` for automatic matches. */
  recordedBy: string;
  now: string;
}

/** How each line of a batch ended. */
export type LineResult =
  | { lineId: string; result: 'matched'; outcome: BankLineOutcome }
  | { lineId: string; result: 'review'; reason: ReviewReason }
  | { lineId: string; result: 'duplicate'; status: BankLine['status'] }
  /** Seen before from this very source (a resumed import): counted as what it became. */
  | { lineId: string; result: 'again'; status: BankLine['status'] };

export interface BatchResponse {
  consumed: number;
  results: LineResult[];
}

/** What a batch decision reads first. */
export interface BatchFacts {
  known: Map<string, Versioned<BankLine>>;
  pledgeByReference: Map<string, string>;
  pledges: Map<string, Versioned<Pledge>>;
  disbursements: Versioned<Disbursement>[];
  openTransfers: Versioned<OpenTransfer>[];
  weakTwins: Map<string, { lineId: string; channel: string }[]>;
}

/** A line's references: what its channel gave, plus those found in its memo, cleaned. */
export function lineRefs(line: IncomingBankLine): string[] {
  const refs = [...line.refs, ...memoBankRefs(line.memo)]
    .map((ref) => ref.replace(/\s+/g, ''))
    .filter((ref) => ref.length > 0 && ref.length <= MAX_REF_LENGTH && /^[\x21-\x7e]+$/.test(ref));
  const unique = [...new Set(refs)];
  if (unique.length > 0) return unique;
  // No reference at all: the line is known by what it says, and where a balance follows it.
  return [weakRefOf(line)];
}

/**
 * A line with no reference is known by what it says and the balance after it; where the file
 * gives no balance, by its position in the file too, so two identical rows stay two lines.
 */
function weakRefOf(line: IncomingBankLine): string {
  const memoDigest = sha256Hex(normaliseMemo(line.memo));
  const position =
    line.balanceAfter === undefined && 'index' in line
      ? `:${(line as { index: number }).index}`
      : '';
  return `w:${weakKey(line, memoDigest)}:${line.balanceAfter ?? ''}${position}`;
}

/**
 * The references a line may claim: a reference already held by a line of another direction or
 * amount is not this transaction's (a refund's memo may quote the payment it refunds).
 */
function claimableRefs(line: IncomingBankLine, known: Map<string, Versioned<BankLine>>): string[] {
  const own = lineRefs(line).filter((ref) => {
    const other = known.get(ref)?.value;
    return !other || sameTransaction(other, line);
  });
  if (own.length > 0) return own;
  return [weakRefOf(line)];
}

function sameTransaction(a: Pick<BankLine, 'direction' | 'amount'>, b: IncomingBankLine) {
  return a.direction === b.direction && a.amount === b.amount;
}

/** Lines already known under one of this line's references but for another amount. */
function clashingLines(line: IncomingBankLine, known: Map<string, Versioned<BankLine>>): string[] {
  return lineRefs(line)
    .map((ref) => known.get(ref)?.value)
    .filter((other): other is BankLine => !!other && other.direction === line.direction)
    .filter((other) => other.amount !== line.amount)
    .map((other) => other.lineId);
}

export function weakKeyOf(line: IncomingBankLine): string {
  return weakKey(line, sha256Hex(normaliseMemo(line.memo)));
}

/** Reads what deciding these lines needs, in a few batched reads. */
export async function readBatchFacts(
  deps: Pick<LedgerDeps, 'store'>,
  fundId: string,
  lines: readonly IncomingBankLine[],
  options: {
    weakTwins?: (line: IncomingBankLine) => Promise<{ lineId: string; channel: string }[]>;
  } = {},
): Promise<BatchFacts> {
  const { bank, pledges } = deps.store;
  const known = await bank.linesByRefs(fundId, lines.flatMap(lineRefs));
  const fresh = lines.filter((line) => !claimableRefs(line, known).some((ref) => known.has(ref)));
  const credits = fresh.filter((line) => line.direction === 'in');
  const codes = credits.flatMap((line) => [
    ...referenceCandidates(line.memo),
    ...nearReferences(line.memo),
  ]);
  const pledgeByReference = codes.length
    ? await pledges.idsByReferences(fundId, [...new Set(codes)])
    : new Map<string, string>();
  const pledgeMap = pledgeByReference.size
    ? await pledges.getMany([...new Set(pledgeByReference.values())])
    : new Map<string, Versioned<Pledge>>();
  const debits = fresh.some((line) => line.direction === 'out');
  const disbursements = debits
    ? (await deps.store.disbursements.list(fundId, 'approved', 1000)).filter(
        (d) => d.method === 'transfer' && !d.bankLineId,
      )
    : [];
  const disbursementRecords = await Promise.all(
    disbursements.map((d) => deps.store.disbursements.get(d.id)),
  );
  const openTransfers = fresh.length ? await bank.openTransfers(fundId) : [];
  const weakTwins = new Map<string, { lineId: string; channel: string }[]>();
  for (const line of fresh) {
    const key = weakKeyOf(line);
    if (weakTwins.has(key)) continue;
    weakTwins.set(
      key,
      options.weakTwins ? await options.weakTwins(line) : await bank.weakTwins(fundId, key),
    );
  }
  return {
    known,
    pledgeByReference,
    pledges: pledgeMap,
    disbursements: disbursementRecords.filter(
      (d): d is Versioned<Disbursement> => d !== undefined && !d.value.bankLineId,
    ),
    openTransfers,
    weakTwins,
  };
}

type Plan =
  | {
      kind: 'again' | 'duplicate';
      line: Versioned<BankLine>;
      addRefs: string[];
      addSource?: BankLineSource;
    }
  | { kind: 'payment'; pledgeId: string; drafts: EntryDraft[]; key: string; money: MoneyFacts }
  | { kind: 'transfer'; transfer: Versioned<OpenTransfer> }
  | { kind: 'disbursement'; disbursement: Versioned<Disbursement> }
  | { kind: 'review'; reason: ReviewReason; candidates: BankLine['candidates'] };

/**
 * Decides the longest prefix of `batch.lines` whose items fit one transaction. Pure: the facts
 * were read before, and the same facts give the same decision on every retry.
 */
export function decideBatch(
  fund: Fund,
  facts: BatchFacts,
  batch: LineBatch,
): {
  prepared: PreparedAppend;
  consumed: number;
} {
  const pledges = new Map(facts.pledges);
  const pledgeVersions = new Map([...facts.pledges].map(([id, p]) => [id, p.version]));
  const touchedPledges = new Set<string>();
  const touchedKnown = new Set<string>();
  const bankDays = new Set<string>();
  const usedDisbursements = new Set<string>();
  const usedTransfers = new Set<string>();
  const seenInBatch = new Map<string, number>();
  const drafts: EntryDraft[] = [];
  const planned: {
    line: IncomingBankLine;
    index: number;
    refs: string[];
    plan: Plan;
    draftRange: [number, number];
  }[] = [];
  let items = 0;

  for (const [index, line] of batch.lines.entries()) {
    if (planned.length >= MAX_BATCH_LINES) break;
    const refs = claimableRefs(line, facts.known);
    const source = batch.source(line, index);
    const knownRef = refs.find((ref) => facts.known.has(ref));
    // Earlier in this batch under one of its references, for the same direction and amount (a
    // refund quoting the payment it refunds is another transaction).
    const inBatch = refs
      .map((ref) => seenInBatch.get(ref))
      .find((i) => i !== undefined && sameTransaction(planned[i]?.line as IncomingBankLine, line));
    let plan: Plan;
    // Items this line writes: its record and aliases, a weak-index item for gateway lines,
    // its entries, and a pledge, disbursement or transfer record it settles.
    let cost: number;
    if (knownRef) {
      const existing = facts.known.get(knownRef) as Versioned<BankLine>;
      // A line written once per transaction: a second copy in this batch changes nothing more.
      const again =
        touchedKnown.has(existing.value.lineId) ||
        existing.value.sources.some((s) => s.id === source.id);
      touchedKnown.add(existing.value.lineId);
      const claimed = new Set([...existing.value.refs, existing.value.lineId]);
      const addRefs = refs.filter((ref) => !claimed.has(ref) && !facts.known.has(ref));
      plan = again
        ? { kind: 'again', line: existing, addRefs: [] }
        : { kind: 'duplicate', line: existing, addRefs, addSource: source };
      cost = again ? 0 : 1 + addRefs.length;
    } else if (inBatch !== undefined) {
      // The same transaction twice in one batch (a webhook retried at once): the first counts.
      const first = planned[inBatch] as (typeof planned)[number];
      plan = {
        kind: 'again',
        line: { value: pendingLine(fund.id, first.line, first.refs, source, batch), version: 0 },
        addRefs: [],
      };
      cost = 0;
    } else {
      // Its bank reference is known with another amount (a treasurer's typo, say): a person
      // decides; the money is neither dropped nor booked twice.
      const clashes = clashingLines(line, facts.known);
      plan =
        clashes.length > 0
          ? { kind: 'review', reason: 'possible_duplicate', candidates: { lines: clashes } }
          : decideLine(line, refs, facts, pledges, usedDisbursements, usedTransfers, batch);
      cost = refs.length + (line.channel === 'statement' ? 0 : 1);
      if (plan.kind === 'payment') {
        cost += plan.drafts.length + (touchedPledges.has(plan.pledgeId) ? 0 : 2);
        // The store adds the bank's movement per day the entries are dated: one item a day.
        if (!bankDays.has(vietnamDate(line.bookedAt))) cost += 1;
      } else if (plan.kind === 'transfer' || plan.kind === 'disbursement') {
        cost += 1;
      }
    }
    if (items + cost > MAX_BATCH_ITEMS && planned.length > 0) break;
    items += cost;
    const draftBase = drafts.length;
    if (plan.kind === 'payment') {
      bankDays.add(vietnamDate(line.bookedAt));
      touchedPledges.add(plan.pledgeId);
      drafts.push(...plan.drafts);
    }
    planned.push({ line, index, refs, plan, draftRange: [draftBase, drafts.length] });
    for (const ref of refs) if (!seenInBatch.has(ref)) seenInBatch.set(ref, planned.length - 1);
  }

  const queueDelta = planned.filter((p) => p.plan.kind === 'review').length;
  return {
    consumed: planned.length === 0 ? 0 : (planned.at(-1)?.index ?? -1) + 1,
    prepared: {
      drafts,
      records: (entries) => {
        const changes: RecordChange[] = [];
        const finalPledges = new Map<string, Pledge>(
          [...facts.pledges].map(([id, p]) => [id, p.value]),
        );
        for (const p of planned) {
          const lineEntries = entries.slice(p.draftRange[0], p.draftRange[1]);
          changes.push(...recordsFor(fund.id, p, lineEntries, batch, finalPledges));
        }
        for (const pledgeId of touchedPledges) {
          const pledge = finalPledges.get(pledgeId) as Pledge;
          changes.push({
            type: 'pledge',
            pledge,
            expectedVersion: pledgeVersions.get(pledgeId) ?? 0,
          });
        }
        if (queueDelta !== 0)
          changes.push({ type: 'bank-queue', fundId: fund.id, delta: queueDelta });
        return changes;
      },
      respond: (entries): BatchResponse => ({
        consumed: planned.length === 0 ? 0 : (planned.at(-1)?.index ?? -1) + 1,
        results: planned.map((p) => resultOf(p, entries)),
      }),
    },
  };
}

function resultOf(
  p: { refs: string[]; plan: Plan; draftRange: [number, number] },
  entries: Entry[],
): LineResult {
  const lineId = p.refs[0] as string;
  const seqs = entries.slice(p.draftRange[0], p.draftRange[1]).map((e) => e.seq);
  switch (p.plan.kind) {
    case 'again':
      return {
        lineId: p.plan.line.value.lineId,
        result: 'again',
        status: p.plan.line.value.status,
      };
    case 'duplicate':
      return {
        lineId: p.plan.line.value.lineId,
        result: 'duplicate',
        status: p.plan.line.value.status,
      };
    case 'review':
      return { lineId, result: 'review', reason: p.plan.reason };
    case 'payment':
      return {
        lineId,
        result: 'matched',
        outcome: { kind: 'payment', pledgeId: p.plan.pledgeId, seqs },
      };
    case 'transfer':
      return {
        lineId,
        result: 'matched',
        outcome: { kind: 'transfer', seqs: [p.plan.transfer.value.seq] },
      };
    case 'disbursement':
      return {
        lineId,
        result: 'matched',
        outcome: {
          kind: 'disbursement',
          disbursementId: p.plan.disbursement.value.id,
          seqs: p.plan.disbursement.value.seq ? [p.plan.disbursement.value.seq] : [],
        },
      };
  }
}

function recordsFor(
  fundId: string,
  p: { line: IncomingBankLine; index: number; refs: string[]; plan: Plan },
  entries: Entry[],
  batch: LineBatch,
  finalPledges: Map<string, Pledge>,
): RecordChange[] {
  const { plan } = p;
  if (plan.kind === 'again') return [];
  if (plan.kind === 'duplicate') {
    const existing = plan.line.value;
    return [
      {
        type: 'bank-line',
        line: {
          ...existing,
          refs: [...existing.refs, ...plan.addRefs],
          sources: plan.addSource ? [...existing.sources, plan.addSource] : existing.sources,
        },
        expectedVersion: plan.line.version,
      },
      ...plan.addRefs.map(
        (ref): RecordChange => ({ type: 'bank-alias', fundId, ref, lineId: existing.lineId }),
      ),
    ];
  }
  const line = pendingLine(fundId, p.line, p.refs, batch.source(p.line, p.index), batch);
  const changes: RecordChange[] = [];
  const result = resultOf({ ...p, draftRange: [0, entries.length] }, entries);
  if (result.result === 'matched') {
    line.status = 'booked';
    line.outcome = result.outcome;
    line.decidedBy = batch.recordedBy;
    line.decidedAt = batch.now;
  } else if (plan.kind === 'review') {
    line.status = 'review';
    line.reason = plan.reason;
    if (plan.candidates) line.candidates = plan.candidates;
  }
  changes.push({ type: 'bank-line', line, expectedVersion: 0 });
  for (const ref of p.refs.slice(1)) {
    changes.push({ type: 'bank-alias', fundId, ref, lineId: line.lineId });
  }
  if (p.line.channel !== 'statement') {
    changes.push({
      type: 'bank-weak',
      fundId,
      weakKey: weakKeyOf(p.line),
      lineId: line.lineId,
      channel: p.line.channel,
    });
  }
  if (plan.kind === 'payment') {
    // Folded in line order from the pledge as read, with the real seqs and hashes.
    const before = finalPledges.get(plan.pledgeId) as Pledge;
    finalPledges.set(plan.pledgeId, applyToPledge(plan.key, before, plan.money).updated(entries));
  } else if (plan.kind === 'transfer') {
    changes.push({
      type: 'open-transfer',
      transfer: { ...plan.transfer.value, lineId: line.lineId },
      open: false,
      expectedVersion: plan.transfer.version,
    });
  } else if (plan.kind === 'disbursement') {
    changes.push({
      type: 'disbursement',
      disbursement: { ...plan.disbursement.value, bankLineId: line.lineId },
      expectedVersion: plan.disbursement.version,
    });
  }
  return changes;
}

export function pendingLine(
  fundId: string,
  line: IncomingBankLine,
  refs: string[],
  source: BankLineSource,
  batch: Pick<LineBatch, 'evidence' | 'now'>,
): BankLine {
  return {
    ...line,
    refs,
    fundId,
    lineId: refs[0] as string,
    sources: [source],
    status: 'review',
    firstSeenAt: batch.now,
    ...(batch.evidence ? { evidence: batch.evidence } : {}),
  };
}

function decideLine(
  line: IncomingBankLine,
  refs: string[],
  facts: BatchFacts,
  pledges: Map<string, Versioned<Pledge>>,
  usedDisbursements: Set<string>,
  usedTransfers: Set<string>,
  batch: LineBatch,
): Plan {
  const twins = (facts.weakTwins.get(weakKeyOf(line)) ?? []).filter(
    (twin) => twin.channel !== line.channel,
  );
  if (line.direction === 'in') {
    const named = [
      ...new Set(
        referenceCandidates(line.memo)
          .map((code) => facts.pledgeByReference.get(code))
          .filter((id): id is string => id !== undefined && pledges.has(id)),
      ),
    ];
    if (named.length > 1) {
      return { kind: 'review', reason: 'ambiguous', candidates: { pledges: named } };
    }
    const pledgeId = named[0];
    if (pledgeId) {
      const current = pledges.get(pledgeId) as Versioned<Pledge>;
      if (current.value.status === 'cancelled') {
        return { kind: 'review', reason: 'pledge_closed', candidates: { pledges: [pledgeId] } };
      }
      if (twins.length > 0) {
        return {
          kind: 'review',
          reason: 'possible_duplicate',
          candidates: { lines: twins.map((t) => t.lineId), pledges: [pledgeId] },
        };
      }
      const key = `bank:${refs[0]}`;
      const money: MoneyFacts = {
        amount: line.amount,
        method: 'transfer',
        receivedAt: line.bookedAt,
        recordedAt: batch.now,
        recordedBy: batch.recordedBy,
        bankRef: refs[0] as string,
      };
      const { drafts, updated } = applyToPledge(key, current.value, money);
      const withEvidence = drafts.map((d) => ({
        ...d,
        evidence: batch.evidence ? [batch.evidence] : [],
      }));
      // The next line paying the same pledge in this batch sees it paid.
      pledges.set(pledgeId, {
        value: updated(withEvidence.map(asPlaceholderEntry)),
        version: current.version,
      });
      return { kind: 'payment', pledgeId, drafts: withEvidence, key, money };
    }
  }
  const transfer = findOpenTransfer(line, facts.openTransfers, usedTransfers);
  if (transfer) {
    usedTransfers.add(`${transfer.value.seq}`);
    return { kind: 'transfer', transfer };
  }
  if (twins.length > 0) {
    return {
      kind: 'review',
      reason: 'possible_duplicate',
      candidates: { lines: twins.map((t) => t.lineId) },
    };
  }
  if (line.direction === 'out') {
    const available = facts.disbursements.filter((d) => !usedDisbursements.has(d.value.id));
    const { match, candidates } = matchDisbursement(
      {
        amount: line.amount,
        bookedAt: line.bookedAt,
        memo: line.memo,
        ...(line.counterpart?.name ? { counterpartName: line.counterpart.name } : {}),
      },
      available.map((d) => ({
        id: d.value.id,
        amount: d.value.amount,
        paidAt: d.value.paidAt,
        payeeName: d.value.payee.name,
      })),
    );
    const found = match ? available.find((d) => d.value.id === match) : undefined;
    if (found) {
      usedDisbursements.add(found.value.id);
      return { kind: 'disbursement', disbursement: found };
    }
    return {
      kind: 'review',
      reason: 'unexplained_outflow',
      candidates: candidates.length ? { disbursements: candidates } : undefined,
    };
  }
  const near = [
    ...new Set(
      nearReferences(line.memo)
        .map((code) => facts.pledgeByReference.get(code))
        .filter((id): id is string => id !== undefined),
    ),
  ];
  return {
    kind: 'review',
    reason: 'no_reference',
    candidates: near.length ? { pledges: near } : undefined,
  };
}

/** A stand-in for the sealed entries, so a pledge paid twice in one batch folds in order. */
function asPlaceholderEntry(draft: EntryDraft): Entry {
  return { ...draft, v: 1, fundId: '', seq: 0, prevHash: '', hash: '' };
}

function findOpenTransfer(
  line: IncomingBankLine,
  open: Versioned<OpenTransfer>[],
  used: Set<string>,
): Versioned<OpenTransfer> | undefined {
  const wanted = line.direction === 'in' ? 'cash-to-bank' : 'bank-to-cash';
  const at = Date.parse(line.bookedAt);
  const fits = open.filter(
    ({ value: t }) =>
      !t.lineId &&
      !used.has(`${t.seq}`) &&
      t.direction === wanted &&
      t.amount === line.amount &&
      at >= Date.parse(t.occurredAt) - TRANSFER_WINDOW.beforeMs &&
      at <= Date.parse(t.occurredAt) + TRANSFER_WINDOW.afterMs,
  );
  return fits.length === 1 ? fits[0] : undefined;
}

/** A gift from a bank line a person recorded as such (review queue). */
export function giftDraft(
  line: BankLine,
  donor: { id: string; displayName: string; kind?: Pledge['donor']['kind'] },
  base: Omit<DraftBase, 'id' | 'occurredAt'>,
): EntryDraft {
  return donationDraft(
    {
      ...base,
      id: `bank:${line.lineId}`,
      occurredAt: line.bookedAt,
      evidence: line.evidence ? [line.evidence] : [],
    },
    {
      donor: donor.kind ? donor : { id: donor.id, displayName: donor.displayName },
      amount: line.amount,
      method: 'transfer',
      bankRef: line.lineId,
    },
  );
}

/** Cash carried to the bank, or drawn from it, as a bank line shows it. */
export function lineTransferDraft(
  line: BankLine,
  base: Omit<DraftBase, 'id' | 'occurredAt'>,
): EntryDraft {
  return transferDraft(
    {
      ...base,
      id: `bank:${line.lineId}`,
      occurredAt: line.bookedAt,
      evidence: line.evidence ? [line.evidence] : [],
    },
    {
      direction: line.direction === 'in' ? 'cash-to-bank' : 'bank-to-cash',
      amount: line.amount,
      bankRef: line.lineId,
    },
  );
}

export const anonymous = (id: string) => ({ id, displayName: ANONYMOUS_NAME });
export const dayOf = vietnamDate;

/**
 * Books lines in as few transactions as fit (group commit): each transaction's idempotency key
 * names the first line it holds, and each line's own reference is claimed with it, so a batch
 * retried, resumed or raced by another channel adds every line exactly once.
 */
export async function bookLines(
  deps: Pick<LedgerDeps, 'store'>,
  fundId: string,
  batch: LineBatch,
  keyOf: (index: number) => string,
  options: Parameters<typeof readBatchFacts>[3] = {},
): Promise<LineResult[]> {
  const results: LineResult[] = [];
  let start = 0;
  while (start < batch.lines.length) {
    const offset = start;
    const rest = batch.lines.slice(offset);
    const window = rest.slice(0, MAX_BATCH_LINES);
    const sub: LineBatch = {
      ...batch,
      lines: window,
      source: (line, i) => batch.source(line, i + offset),
    };
    const { response } = await deps.store.append(fundId, {
      idempotencyKey: keyOf(offset),
      requestHash: fingerprint({ fundId, refs: window.map((line) => lineRefs(line)) }),
      prepare: async (state) =>
        decideBatch(state.fund, await readBatchFacts(deps, fundId, window, options), sub).prepared,
    });
    const answer = response as BatchResponse;
    if (answer.consumed <= 0) throw new Error(`No line of ${fundId} fit one transaction`);
    results.push(...answer.results);
    start += answer.consumed;
  }
  return results;
}
