import type {
  AggregateList,
  BankLine,
  Disbursement,
  DisbursementStatus,
  EvidenceFile,
  OpenTransfer,
  Pledge,
  RecordChange,
  StatementRecord,
} from '@soquy/ledger';

/**
 * How soquy's data is laid out in the State table. Only the store knows these keys; the core
 * speaks of pledges, disbursements and evidence (see RecordChange and the repositories).
 */
export const STATE_KEYS = {
  /** A fund's metadata and head share one item: one GetItem reads both. */
  fundPk: (fundId: string) => `FUND#${fundId}`,
  HEAD_SK: 'HEAD',
  idempotencySk: (key: string) => `IDEM#${key}`,
  /** Head attributes: `b:<account>`, `m:<YYYY-MM>:<account>`, `c:<counter>`. */
  BALANCE_PREFIX: 'b:',
  MONTH_PREFIX: 'm:',
  COUNTER_PREFIX: 'c:',
  /** byEntity group of every fund. */
  FUNDS_GROUP: 'fund',
} as const;

/** A document beside the journal, addressed by collection + id. */
export interface RecordRef {
  collection: string;
  id: string;
}

/** A versioned put of a document; expectedVersion 0 means "must not exist yet". */
export interface RecordWrite extends RecordRef {
  value: Record<string, unknown>;
  expectedVersion: number;
  /** Makes the record listable in a byEntity group, in sortKey order. */
  listIn?: { group: string; sortKey: string };
}

export const COLLECTIONS = {
  pledge: 'pledge',
  pledgeReference: 'pledge-ref',
  disbursement: 'disbursement',
  evidence: 'evidence',
  reversed: 'reversed',
  /** A bank line under its first reference, and its other references pointing at it. */
  bankRef: 'bank-ref',
  bankWeak: 'bank-weak',
  statement: 'statement',
  openTransfer: 'open-transfer',
  unrouted: 'unrouted',
} as const;

/** Counters and per-day bank movement live beside a fund's head (same partition, own item). */
export const bankQueueKey = (fundId: string) => ({ pk: `FUND#${fundId}`, sk: 'BANKQUEUE' });
export const bankDaysPk = (fundId: string) => `BANKDAYS#${fundId}`;

export const bankRefRef = (fundId: string, ref: string): RecordRef => ({
  collection: COLLECTIONS.bankRef,
  id: `${fundId}:${ref}`,
});
export const statementRef = (statementId: string): RecordRef => ({
  collection: COLLECTIONS.statement,
  id: statementId,
});
export const openTransferRef = (fundId: string, seq: number): RecordRef => ({
  collection: COLLECTIONS.openTransfer,
  id: `${fundId}:${seq}`,
});
export const bankReviewGroup = (fundId: string, direction: 'in' | 'out') =>
  `bank-review#${fundId}#${direction}`;
export const bankWeakGroup = (fundId: string, day: string) => `bank-weak#${fundId}#${day}`;
export const statementsGroup = (fundId: string) => `statements#${fundId}`;
export const openTransfersGroup = (fundId: string) => `open-transfers#${fundId}`;
export const UNROUTED_GROUP = 'unrouted';

export function bankLineWrite(line: BankLine, expectedVersion: number): RecordWrite {
  return {
    ...bankRefRef(line.fundId, line.lineId),
    value: asItem(line),
    expectedVersion,
    ...(line.status === 'review'
      ? {
          listIn: {
            group: bankReviewGroup(line.fundId, line.direction),
            sortKey: `${line.firstSeenAt}#${line.lineId}`,
          },
        }
      : {}),
  };
}

export function statementWrite(statement: StatementRecord, expectedVersion: number): RecordWrite {
  return {
    ...statementRef(statement.statementId),
    value: asItem(statement),
    expectedVersion,
    // Latest period first when listed in reverse; undated (not yet read) ones sort first.
    listIn: {
      group: statementsGroup(statement.fundId),
      sortKey: `${statement.to ?? '0000-00-00'}#${statement.createdAt}#${statement.statementId}`,
    },
  };
}

export function openTransferWrite(
  transfer: OpenTransfer,
  open: boolean,
  expectedVersion: number,
): RecordWrite {
  return {
    ...openTransferRef(transfer.fundId, transfer.seq),
    value: asItem(transfer),
    expectedVersion,
    ...(open
      ? {
          listIn: {
            group: openTransfersGroup(transfer.fundId),
            sortKey: `${transfer.occurredAt}#${transfer.seq}`,
          },
        }
      : {}),
  };
}

export const pledgeRef = (pledgeId: string): RecordRef => ({
  collection: COLLECTIONS.pledge,
  id: pledgeId,
});
export const pledgeReferenceRef = (fundId: string, reference: string): RecordRef => ({
  collection: COLLECTIONS.pledgeReference,
  id: `${fundId}:${reference.trim().toUpperCase()}`,
});
export const disbursementRef = (id: string): RecordRef => ({
  collection: COLLECTIONS.disbursement,
  id,
});
export const evidenceRef = (fundId: string, sha256: string): RecordRef => ({
  collection: COLLECTIONS.evidence,
  id: `${fundId}:${sha256}`,
});
export const reversedRef = (fundId: string, seq: number): RecordRef => ({
  collection: COLLECTIONS.reversed,
  id: `${fundId}:${seq}`,
});

export const pledgesGroup = (fundId: string) => `pledges#${fundId}`;
export const disbursementGroup = (fundId: string, status: DisbursementStatus) =>
  `disbursements#${fundId}#${status}`;
/** The journal's byMonth index key: one fund's entries of one month (YYYY-MM, Vietnam time). */
export const fundMonthKey = (fundId: string, month: string) => `${fundId}#${month}`;
export const aggregateGroup = (list: AggregateList, fundId: string) => `${list}#${fundId}`;

export function recordKey(ref: RecordRef) {
  return { pk: `${ref.collection}#${ref.id}`, sk: ref.collection };
}

const asItem = (value: object) => value as unknown as Record<string, unknown>;

export function pledgeWrite(pledge: Pledge, expectedVersion: number): RecordWrite {
  return {
    ...pledgeRef(pledge.pledgeId),
    value: asItem(pledge),
    expectedVersion,
    listIn: {
      group: pledgesGroup(pledge.fundId),
      sortKey: `${pledge.createdAt}#${pledge.pledgeId}`,
    },
  };
}

export function disbursementWrite(d: Disbursement, expectedVersion: number): RecordWrite {
  return {
    ...disbursementRef(d.id),
    value: asItem(d),
    expectedVersion,
    listIn: { group: disbursementGroup(d.fundId, d.status), sortKey: `${d.recordedAt}#${d.id}` },
  };
}

export function evidenceWrite(file: EvidenceFile): RecordWrite {
  return { ...evidenceRef(file.fundId, file.sha256), value: asItem(file), expectedVersion: 0 };
}

/** The one mapping from what the core decided to what DynamoDB stores. */
export function recordWriteOf(change: RecordChange): RecordWrite {
  switch (change.type) {
    case 'pledge':
      return pledgeWrite(change.pledge, change.expectedVersion);
    case 'pledge-reference':
      return {
        ...pledgeReferenceRef(change.fundId, change.reference),
        value: { pledgeId: change.pledgeId },
        expectedVersion: 0,
      };
    case 'disbursement':
      return disbursementWrite(change.disbursement, change.expectedVersion);
    case 'reversal-claim':
      return {
        ...reversedRef(change.fundId, change.seq),
        value: {
          by: change.by,
          at: change.at,
          ...(change.reversalSeq !== undefined ? { reversalSeq: change.reversalSeq } : {}),
        },
        expectedVersion: 0,
      };
    case 'bank-line':
      return bankLineWrite(change.line, change.expectedVersion);
    case 'bank-alias':
      return {
        ...bankRefRef(change.fundId, change.ref),
        value: { alias: change.lineId },
        expectedVersion: 0,
      };
    case 'bank-weak':
      return {
        collection: COLLECTIONS.bankWeak,
        id: `${change.fundId}:${change.lineId}`,
        value: { weakKey: change.weakKey, lineId: change.lineId, channel: change.channel },
        expectedVersion: 0,
        listIn: {
          group: bankWeakGroup(change.fundId, weakDay(change.weakKey)),
          sortKey: `${change.weakKey}#${change.lineId}`,
        },
      };
    case 'statement':
      return statementWrite(change.statement, change.expectedVersion);
    case 'open-transfer':
      return openTransferWrite(change.transfer, change.open, change.expectedVersion);
    case 'bank-queue':
      throw new Error('A queue counter is an update, not a record put');
  }
}

/** The day a weak key names (account:YYYY-MM-DD:…). */
export function weakDay(weakKey: string): string {
  return weakKey.split(':')[1] ?? '';
}

/**
 * The transparency log in the State table. A fund's checkpoints sit in its partition, sorted by
 * size (zero-padded, so the newest is the last key), and the latest cosignature of each witness
 * beside them; the witnesses share one partition, read in one query.
 */
export const LOG_KEYS = {
  CHECKPOINT_PREFIX: 'CHECKPOINT#',
  checkpointKey: (fundId: string, size: number) => ({
    pk: `FUND#${fundId}`,
    sk: `CHECKPOINT#${String(size).padStart(16, '0')}`,
  }),
  COSIGNATURE_PREFIX: 'COSIG#',
  cosignatureKey: (fundId: string, witness: string) => ({
    pk: `FUND#${fundId}`,
    sk: `COSIG#${witness}`,
  }),
  FORK_REPORT_PREFIX: 'FORKREPORT#',
  /** One item per proof: the id is the proof's hash, so a repeat finds the first report. */
  forkReportKey: (fundId: string, id: string) => ({
    pk: `FUND#${fundId}`,
    sk: `FORKREPORT#${id}`,
  }),
  WITNESSES_PK: 'LOG#WITNESSES',
  witnessKey: (name: string) => ({ pk: 'LOG#WITNESSES', sk: name }),
} as const;
