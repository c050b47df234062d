import type {
  AggregateList,
  Disbursement,
  DisbursementStatus,
  EvidenceFile,
  Pledge,
  RecordChange,
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
} as const;

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
        value: { by: change.by, at: change.at },
        expectedVersion: 0,
      };
  }
}
