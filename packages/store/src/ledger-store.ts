import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  ACCOUNTS,
  type AggregateList,
  type AggregatePage,
  type AggregateRow,
  AppendContentionError,
  type AppendRequest,
  type AppendResult,
  aggregatesOf,
  applyChange,
  type BankLine,
  type BankRepository,
  type Cosignature,
  type Disbursement,
  type DisbursementRepository,
  type DisbursementStatus,
  type Entry,
  type EvidenceFile,
  type EvidenceRepository,
  entryLeafHash,
  extendFrontier,
  type ForkReport,
  type Fund,
  FundExistsError,
  FundNotFoundError,
  type FundSettings,
  type FundSettingsRepository,
  type FundState,
  fundChart,
  GENESIS_HASH,
  genesisHead,
  type Head,
  type HeadChange,
  IdempotencyConflictError,
  type LedgerStore,
  type LogRepository,
  mergeRows,
  monthOf,
  type OpenTransfer,
  type Pledge,
  type PledgeRepository,
  type RecordChange,
  RecordConflictError,
  type ReversalRepository,
  type SignedCheckpoint,
  type StatementRecord,
  sealEntries,
  type TreeHash,
  toBase64,
  type UnroutedNotification,
  type Versioned,
  vietnamDate,
  type Witness,
  withdrawalsOf,
} from '@soquy/ledger';
import { StoreError } from './errors.ts';
import {
  aggregateGroup,
  bankDaysPk,
  bankQueueKey,
  bankRefRef,
  bankReviewGroup,
  bankWeakGroup,
  disbursementGroup,
  disbursementRef,
  disbursementWrite,
  evidenceRef,
  evidenceWrite,
  fundMonthKey,
  LOG_KEYS,
  openTransfersGroup,
  pledgeRef,
  pledgeReferenceRef,
  pledgesGroup,
  pledgeWrite,
  type RecordRef,
  type RecordWrite,
  recordKey,
  recordWriteOf,
  reversedRef,
  STATE_KEYS,
  statementRef,
  statementsGroup,
  statementWrite,
  UNROUTED_GROUP,
} from './keys.ts';
import {
  IDEMPOTENCY_TTL_DAYS,
  JOURNAL_SCHEMA,
  STATE_SCHEMA,
  STATE_TTL_ATTRIBUTE,
  type TableNames,
} from './schema.ts';

const { BALANCE_PREFIX, MONTH_PREFIX, COUNTER_PREFIX, HEAD_SK, fundPk, idempotencySk } = STATE_KEYS;
/** DynamoDB's limit on TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Enough for 50 writers racing on one fund; full jitter spreads them out. */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 120, baseDelayMs: 4, maxDelayMs: 200 };

/**
 * The journal and the fund heads in DynamoDB, following the write path in DESIGN.md:
 * one BatchGetItem (head + idempotency record), then one TransactWriteItems that puts the
 * entry, moves the head and records the idempotency key, or nothing at all.
 */
export class DynamoLedgerStore implements LedgerStore {
  readonly pledges: PledgeRepository = {
    get: (pledgeId) => this.getRecord<Pledge>(pledgeRef(pledgeId)),
    idByReference: async (fundId, reference) =>
      (await this.getRecord<{ pledgeId: string }>(pledgeReferenceRef(fundId, reference)))?.value
        .pledgeId,
    idsByReferences: async (fundId, references) => {
      const found = await this.getRecords<{ pledgeId: string }>(
        references.map((reference) => pledgeReferenceRef(fundId, reference)),
      );
      const ids = new Map<string, string>();
      references.forEach((reference, i) => {
        const hit = found[i];
        if (hit) ids.set(reference, hit.value.pledgeId);
      });
      return ids;
    },
    getMany: async (pledgeIds) => {
      const found = await this.getRecords<Pledge>(pledgeIds.map(pledgeRef));
      const pledges = new Map<string, Versioned<Pledge>>();
      pledgeIds.forEach((id, i) => {
        const hit = found[i];
        if (hit) pledges.set(id, hit);
      });
      return pledges;
    },
    save: (pledge, expectedVersion) => this.writeRecord(pledgeWrite(pledge, expectedVersion)),
    list: async (fundId, page) => {
      const { items, next } = await this.queryGroup(pledgesGroup(fundId), page);
      return { pledges: items.map((item) => item.value as Pledge), ...(next ? { next } : {}) };
    },
  };

  readonly disbursements: DisbursementRepository = {
    get: (id) => this.getRecord<Disbursement>(disbursementRef(id)),
    list: async (fundId: string, status: DisbursementStatus, limit: number) => {
      const { items } = await this.queryGroup(disbursementGroup(fundId, status), { limit });
      return items.map((item) => item.value as Disbursement);
    },
    save: (d, expectedVersion) => this.writeRecord(disbursementWrite(d, expectedVersion)),
  };

  readonly evidence: EvidenceRepository = {
    get: async (fundId, sha256) =>
      (await this.getRecord<EvidenceFile>(evidenceRef(fundId, sha256)))?.value,
    add: (file) => this.writeRecord(evidenceWrite(file)),
  };

  readonly bank: BankRepository = {
    linesByRefs: (fundId, refs) => this.linesByRefs(fundId, refs),
    getLine: (fundId, lineId) => this.getRecord<BankLine>(bankRefRef(fundId, lineId)),
    weakTwins: async (fundId, weakKey) => {
      const day = weakKey.split(':')[1] ?? '';
      const { items } = await this.queryGroup(bankWeakGroup(fundId, day), {
        limit: 100,
        prefix: `${weakKey}#`,
      });
      return items.map((item) => item.value as { lineId: string; channel: string });
    },
    gatewayLinesOfDay: async (fundId, day) => {
      const { items } = await this.queryGroup(bankWeakGroup(fundId, day), {
        limit: Number.MAX_SAFE_INTEGER,
      });
      return items.map(
        (item) => item.value as { weakKey: string; lineId: string; channel: string },
      );
    },
    reviewQueue: async (fundId, direction, page) => {
      const { items, next } = await this.queryGroup(bankReviewGroup(fundId, direction), page);
      return { lines: items.map((item) => item.value as BankLine), ...(next ? { next } : {}) };
    },
    queueSize: async (fundId) => {
      const { Item } = await this.call(`read the bank queue of ${fundId}`, () =>
        this.db.send(
          new GetCommand({
            TableName: this.tables.state,
            Key: bankQueueKey(fundId),
            ConsistentRead: true,
          }),
        ),
      );
      return Math.max(0, (Item?.waiting as number | undefined) ?? 0);
    },
    getStatement: (statementId) => this.getRecord<StatementRecord>(statementRef(statementId)),
    saveStatement: (statement, expectedVersion) =>
      this.writeRecord(statementWrite(statement, expectedVersion)),
    listStatements: async (fundId, limit) => {
      const { items } = await this.queryGroup(statementsGroup(fundId), {
        limit,
        newestFirst: true,
      });
      return items.map((item) => item.value as StatementRecord);
    },
    openTransfers: async (fundId) => {
      const { items } = await this.queryGroup(openTransfersGroup(fundId), { limit: 1000 });
      return items.map((item) => ({
        value: item.value as OpenTransfer,
        version: item.version as number,
      }));
    },
    bankMovementAfter: async (fundId, day) => {
      let total = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const page = await this.call(`read bank movement of ${fundId}`, () =>
          this.db.send(
            new QueryCommand({
              TableName: this.tables.state,
              KeyConditionExpression: 'pk = :pk AND sk > :day',
              ExpressionAttributeValues: { ':pk': bankDaysPk(fundId), ':day': day },
              ConsistentRead: true,
              ExclusiveStartKey: start,
            }),
          ),
        );
        for (const item of page.Items ?? []) total += (item.moved as number | undefined) ?? 0;
        start = page.LastEvaluatedKey;
      } while (start);
      return total;
    },
    addUnrouted: async (notification) => {
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tables.state,
            Item: {
              pk: `unrouted#${notification.deliveryId}`,
              sk: 'unrouted',
              entity: UNROUTED_GROUP,
              entityKey: `${notification.receivedAt}#${notification.deliveryId}`,
              value: notification,
              version: 1,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (isConditionFailure(error)) return;
        throw new StoreError('Could not keep an unrouted notification', { cause: error });
      }
    },
    listUnrouted: async (limit) => {
      const { items } = await this.queryGroup(UNROUTED_GROUP, { limit, newestFirst: true });
      return items.map((item) => item.value as UnroutedNotification);
    },
  };

  readonly log: LogRepository = {
    saveCheckpoint: (checkpoint) =>
      this.putOnce(
        `keep checkpoint ${checkpoint.size} of ${checkpoint.fundId}`,
        {
          ...LOG_KEYS.checkpointKey(checkpoint.fundId, checkpoint.size),
          size: checkpoint.size,
          value: checkpoint,
        },
        { ConditionExpression: 'attribute_not_exists(pk)' },
      ),
    getCheckpoint: async (fundId, size) => {
      const { Item } = await this.call(`read checkpoint ${size} of ${fundId}`, () =>
        this.db.send(
          new GetCommand({
            TableName: this.tables.state,
            Key: LOG_KEYS.checkpointKey(fundId, size),
            ConsistentRead: true,
          }),
        ),
      );
      return Item?.value as SignedCheckpoint | undefined;
    },
    latestCheckpoint: async (fundId) =>
      (
        await this.queryPartition<SignedCheckpoint>(`FUND#${fundId}`, LOG_KEYS.CHECKPOINT_PREFIX, {
          limit: 1,
          newestFirst: true,
        })
      )[0],
    listCheckpoints: (fundId, limit) =>
      this.queryPartition<SignedCheckpoint>(`FUND#${fundId}`, LOG_KEYS.CHECKPOINT_PREFIX, {
        limit,
        newestFirst: true,
      }),
    listWitnesses: () =>
      this.queryPartition<Witness>(LOG_KEYS.WITNESSES_PK, '', { limit: Number.MAX_SAFE_INTEGER }),
    saveWitness: async (witness) => {
      await this.call(`keep witness ${witness.name}`, () =>
        this.db.send(
          new PutCommand({
            TableName: this.tables.state,
            Item: { ...LOG_KEYS.witnessKey(witness.name), value: witness },
          }),
        ),
      );
    },
    saveCosignatures: async (cosignatures) => {
      if (cosignatures.length === 0) return true;
      if (cosignatures.length > MAX_TRANSACTION_ITEMS) {
        throw new StoreError(
          `At most ${MAX_TRANSACTION_ITEMS} cosignatures are kept at once; ${cosignatures.length} were given.`,
          { cause: undefined },
        );
      }
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: cosignatures.map((cosignature) => ({
              Put: {
                TableName: this.tables.state,
                Item: {
                  ...LOG_KEYS.cosignatureKey(cosignature.fundId, cosignature.witness),
                  timestamp: cosignature.timestamp,
                  value: cosignature,
                },
                // Only a newer cosignature replaces a witness's last one: no replay, no going back.
                ConditionExpression: 'attribute_not_exists(pk) OR #ts < :ts',
                ExpressionAttributeNames: { '#ts': 'timestamp' },
                ExpressionAttributeValues: { ':ts': cosignature.timestamp },
              },
            })),
          }),
        );
        return true;
      } catch (error) {
        const reasons =
          error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
        if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) return false;
        throw new StoreError(
          `Could not keep the cosignatures of ${cosignatures.map((c) => c.witness).join(', ')}`,
          { cause: error },
        );
      }
    },
    listCosignatures: (fundId) =>
      this.queryPartition<Cosignature>(`FUND#${fundId}`, LOG_KEYS.COSIGNATURE_PREFIX, {
        limit: Number.MAX_SAFE_INTEGER,
      }),
    saveForkReport: (report) =>
      this.putOnce(
        `keep fork report ${report.id} of ${report.fundId}`,
        { ...LOG_KEYS.forkReportKey(report.fundId, report.id), value: report },
        { ConditionExpression: 'attribute_not_exists(pk)' },
      ),
    getForkReport: async (fundId, id) => {
      const { Item } = await this.call(`read fork report ${id} of ${fundId}`, () =>
        this.db.send(
          new GetCommand({
            TableName: this.tables.state,
            Key: LOG_KEYS.forkReportKey(fundId, id),
            ConsistentRead: true,
          }),
        ),
      );
      return Item?.value as ForkReport | undefined;
    },
    listForkReports: (fundId) =>
      this.queryPartition<ForkReport>(`FUND#${fundId}`, LOG_KEYS.FORK_REPORT_PREFIX, {
        limit: Number.MAX_SAFE_INTEGER,
      }),
  };

  /** One record per fund; read consistently, so a saved contact shows on the next page. */
  readonly settings: FundSettingsRepository = {
    get: (fundId) => this.getRecord<FundSettings>({ collection: 'fund-settings', id: fundId }),
    save: (fundId, settings, expectedVersion) =>
      this.writeRecord({
        collection: 'fund-settings',
        id: fundId,
        value: settings as unknown as Record<string, unknown>,
        expectedVersion,
      }),
  };

  readonly reversals: ReversalRepository = {
    isReversed: async (fundId, seq) =>
      (await this.getRecord(reversedRef(fundId, seq))) !== undefined,
    reversedAmong: async (fundId, seqs) => {
      const claims = await this.getRecords<{ reversalSeq?: number }>(
        seqs.map((seq) => reversedRef(fundId, seq)),
      );
      const reversed = new Map<number, number | true>();
      seqs.forEach((seq, i) => {
        const claim = claims[i];
        if (claim) reversed.set(seq, claim.value.reversalSeq ?? true);
      });
      return reversed;
    },
  };

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: TableNames,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  async createFund(fund: Fund): Promise<FundState> {
    const head: Head = genesisHead(fund.id);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tables.state,
          Item: {
            pk: fundPk(fund.id),
            sk: HEAD_SK,
            entity: STATE_KEYS.FUNDS_GROUP,
            entityKey: fund.id,
            fund,
            seq: 0,
            hash: GENESIS_HASH,
            frontier: [],
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new FundExistsError(fund.id, { cause: error });
      throw new StoreError(`Could not create fund ${fund.id}`, { cause: error });
    }
    return { fund, head };
  }

  async getFund(fundId: string): Promise<FundState | undefined> {
    const { Item } = await this.call(`read fund ${fundId}`, () =>
      this.db.send(
        new GetCommand({
          TableName: this.tables.state,
          Key: { pk: fundPk(fundId), sk: HEAD_SK },
          ConsistentRead: true,
        }),
      ),
    );
    return Item ? this.withFrontier(Item) : undefined;
  }

  async listFunds(): Promise<FundState[]> {
    const { items } = await this.queryGroup(STATE_KEYS.FUNDS_GROUP, {
      limit: Number.MAX_SAFE_INTEGER,
    });
    const states: FundState[] = [];
    for (const item of items) states.push(await this.withFrontier(item));
    return states;
  }

  /**
   * The fund state of a head item. A head written before the journal became a Merkle tree has
   * no `frontier`: it is folded once from the journal and kept on the head item (unless the head
   * moved meanwhile: its writer set it). A function whose role may not update the State table
   * (the read-only ones) keeps it in memory only; the next writer, the console or the fund's
   * next append keeps it for good.
   */
  private async withFrontier(item: Record<string, unknown>): Promise<FundState> {
    const state = fundStateOf(item);
    if (Array.isArray(item.frontier) || state.head.seq === 0) return state;
    const { fundId, seq } = state.head;
    let frontier: TreeHash[] = [];
    for (let after = 0; after < seq; ) {
      const entries = await this.readEntries(fundId, {
        after,
        limit: Math.min(1000, seq - after),
      });
      const gap = entries.findIndex((entry, i) => entry.seq !== after + 1 + i);
      if (entries.length === 0 || gap >= 0) {
        throw new StoreError(
          `The journal of ${fundId} has no seq ${after + 1 + Math.max(gap, 0)} below its head`,
          { cause: undefined },
        );
      }
      frontier = extendFrontier(frontier, after, entries.map(entryLeafHash));
      after += entries.length;
    }
    const encoded = frontier.map(toBase64);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tables.state,
          Key: { pk: fundPk(fundId), sk: HEAD_SK },
          UpdateExpression: 'SET frontier = :frontier',
          ConditionExpression: '#seq = :seq AND attribute_not_exists(frontier)',
          ExpressionAttributeNames: { '#seq': 'seq' },
          ExpressionAttributeValues: { ':frontier': encoded, ':seq': seq },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error) && !isAccessDenied(error)) {
        throw new StoreError(`Could not keep the frontier of ${fundId}`, { cause: error });
      }
    }
    return { ...state, head: { ...state.head, frontier: encoded } };
  }

  async readEntries(fundId: string, range: { after: number; limit: number }): Promise<Entry[]> {
    const entries: Entry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.call(`read journal of ${fundId}`, () =>
        this.db.send(
          new QueryCommand({
            TableName: this.tables.journal,
            KeyConditionExpression: 'fundId = :f AND seq > :after',
            ExpressionAttributeValues: { ':f': fundId, ':after': range.after },
            Limit: range.limit - entries.length,
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        ),
      );
      for (const item of page.Items ?? []) entries.push(entryOf(item));
      start = page.LastEvaluatedKey;
    } while (start && entries.length < range.limit);
    return entries;
  }

  async append(fundId: string, request: AppendRequest): Promise<AppendResult> {
    for (let attempt = 1; attempt <= this.retry.maxAttempts; attempt++) {
      const { state, prior } = await this.readForAppend(fundId, request.idempotencyKey);
      if (prior) return this.replay(fundId, request, prior);
      let prepared: Awaited<ReturnType<AppendRequest['prepare']>>;
      try {
        prepared = await request.prepare(state);
      } catch (error) {
        // An earlier attempt of this very request (its answer lost on the way) may have landed
        // between our read and the decision's own reads, which then see its effect ("already
        // approved"). The key says so: answer the first result, not the refusal.
        const landed = (await this.readForAppend(fundId, request.idempotencyKey)).prior;
        if (landed) return this.replay(fundId, request, landed);
        throw error;
      }
      const { entries, change } = sealEntries(state.head, prepared.drafts, fundChart(state.fund));
      const response = prepared.respond
        ? prepared.respond(entries)
        : { seqs: entries.map((e) => e.seq) };
      const changes = prepared.records ? prepared.records(entries) : [];
      const transaction = this.appendTransaction(
        fundId,
        state.head,
        { entries, change },
        changes.filter((c) => c.type !== 'bank-queue').map(recordWriteOf),
        {
          key: request.idempotencyKey,
          requestHash: request.requestHash,
          response,
        },
      );
      transaction.TransactItems?.push(
        ...queueUpdates(this.tables.state, changes),
        ...bankDayUpdates(this.tables.state, fundId, entries),
      );
      if ((transaction.TransactItems?.length ?? 0) > MAX_TRANSACTION_ITEMS) {
        throw new StoreError(
          `One operation may write at most ${MAX_TRANSACTION_ITEMS} items; this one needs ${transaction.TransactItems?.length}. Split it.`,
          { cause: undefined },
        );
      }
      try {
        await this.db.send(new TransactWriteCommand(transaction));
        return { entries, response, replayed: false };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) {
          throw new StoreError(`Could not append to fund ${fundId}`, { cause: error });
        }
        // Every cancellation we expect (head moved, key taken meanwhile, a record changed, a
        // money condition, a concurrent transaction) is settled by reading again; back off so
        // racing writers spread out.
        if (attempt === this.retry.maxAttempts) {
          throw new AppendContentionError(fundId, attempt, { cause: error });
        }
        const codes = (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
        if (codes[entries.length + (entries.length > 0 ? 1 : 0)] === 'ConditionalCheckFailed')
          continue;
        await sleep(jitteredDelay(this.retry, attempt));
      }
    }
    throw new AppendContentionError(fundId, this.retry.maxAttempts);
  }

  private async replay(
    fundId: string,
    request: AppendRequest,
    prior: { requestHash: string; seqs: number[]; response: unknown },
  ): Promise<AppendResult> {
    if (prior.requestHash !== request.requestHash) {
      throw new IdempotencyConflictError(request.idempotencyKey);
    }
    return {
      entries: await this.readSeqs(fundId, prior.seqs),
      response: prior.response,
      replayed: true,
    };
  }

  async entriesAbout(
    fundId: string,
    subject: { pledgeId?: string; disbursementId?: string },
  ): Promise<Entry[]> {
    const key = subjectKey(fundId, subject);
    if (!key) return [];
    return this.queryIndex(JOURNAL_SCHEMA.indexes.byRef.name, 'refKey', key);
  }

  private async queryIndex(index: string, attribute: string, key: string): Promise<Entry[]> {
    const { Items } = await this.call(`find entries by ${key}`, () =>
      this.db.send(
        new QueryCommand({
          TableName: this.tables.journal,
          IndexName: index,
          KeyConditionExpression: `${attribute} = :ref`,
          ExpressionAttributeValues: { ':ref': key },
          Limit: 200,
        }),
      ),
    );
    return (Items ?? []).map(entryOf).sort((a, b) => a.seq - b.seq);
  }

  async readMonth(
    fundId: string,
    month: string,
    page: { after: number; limit: number },
  ): Promise<{ entries: Entry[]; next?: number }> {
    const entries: Entry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const result = await this.call(`read ${month} of ${fundId}`, () =>
        this.db.send(
          new QueryCommand({
            TableName: this.tables.journal,
            IndexName: JOURNAL_SCHEMA.indexes.byMonth.name,
            KeyConditionExpression: 'fundMonth = :m AND seq > :after',
            ExpressionAttributeValues: {
              ':m': fundMonthKey(fundId, month),
              ':after': page.after,
            },
            Limit: page.limit + 1 - entries.length,
            ExclusiveStartKey: start,
          }),
        ),
      );
      for (const item of result.Items ?? []) entries.push(entryOf(item));
      start = result.LastEvaluatedKey;
    } while (start && entries.length <= page.limit);
    const more = entries.length > page.limit;
    const shown = entries.slice(0, page.limit);
    return { entries: shown, ...(more ? { next: shown.at(-1)?.seq ?? page.after } : {}) };
  }

  async entriesByExternalRef(
    fundId: string,
    ref: { stripeId?: string; bankRef?: string },
  ): Promise<Entry[]> {
    const key = externalRefKey(fundId, ref);
    if (!key) return [];
    return this.queryIndex(JOURNAL_SCHEMA.indexes.byExternalRef.name, 'extRef', key);
  }

  private async getRecord<T>(ref: RecordRef): Promise<Versioned<T> | undefined> {
    const { Item } = await this.call(`read ${ref.collection} ${ref.id}`, () =>
      this.db.send(
        new GetCommand({ TableName: this.tables.state, Key: recordKey(ref), ConsistentRead: true }),
      ),
    );
    return Item ? { value: Item.value as T, version: Item.version as number } : undefined;
  }

  /** Many records in BatchGetItem calls of at most 100 keys; undefined where none. */
  private async getRecords<T>(refs: readonly RecordRef[]): Promise<(Versioned<T> | undefined)[]> {
    const byKey = new Map<string, Versioned<T>>();
    const keys = [
      ...new Map(refs.map((ref) => [`${ref.collection}#${ref.id}`, recordKey(ref)])).values(),
    ];
    for (let i = 0; i < keys.length; i += 100) {
      let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> = {
        [this.tables.state]: { Keys: keys.slice(i, i + 100), ConsistentRead: true },
      };
      for (let round = 0; round < 8 && Object.keys(request).length > 0; round++) {
        const result = await this.call('read records', () =>
          this.db.send(new BatchGetCommand({ RequestItems: request })),
        );
        for (const item of result.Responses?.[this.tables.state] ?? []) {
          byKey.set(item.pk as string, {
            value: item.value as T,
            version: item.version as number,
          });
        }
        request = (result.UnprocessedKeys ?? {}) as typeof request;
        if (Object.keys(request).length > 0) await sleep(10 * 2 ** round);
      }
      if (Object.keys(request).length > 0) {
        throw new StoreError('Could not read records: DynamoDB kept some keys unprocessed', {
          cause: undefined,
        });
      }
    }
    return refs.map((ref) => byKey.get(recordKey(ref).pk));
  }

  private async linesByRefs(
    fundId: string,
    refs: readonly string[],
  ): Promise<Map<string, Versioned<BankLine>>> {
    const unique = [...new Set(refs)];
    const found = await this.getRecords<BankLine | { alias: string }>(
      unique.map((ref) => bankRefRef(fundId, ref)),
    );
    const lines = new Map<string, Versioned<BankLine>>();
    const aliases = new Map<string, string>();
    unique.forEach((ref, i) => {
      const hit = found[i];
      if (!hit) return;
      if ('alias' in hit.value) aliases.set(ref, hit.value.alias);
      else lines.set(ref, hit as Versioned<BankLine>);
    });
    if (aliases.size > 0) {
      const targets = [...new Set(aliases.values())];
      const lineRecords = await this.getRecords<BankLine>(
        targets.map((lineId) => bankRefRef(fundId, lineId)),
      );
      const byId = new Map(targets.map((id, i) => [id, lineRecords[i]]));
      for (const [ref, lineId] of aliases) {
        const line = byId.get(lineId);
        if (line) lines.set(ref, line);
      }
    }
    return lines;
  }

  private async writeRecord(write: RecordWrite): Promise<void> {
    try {
      await this.db.send(new PutCommand({ TableName: this.tables.state, ...recordPut(write) }));
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new RecordConflictError(write.collection, write.id, { cause: error });
      }
      throw new StoreError(`Could not write ${write.collection} ${write.id}`, { cause: error });
    }
  }

  /** Items listed in a group of the byEntity index, in entityKey order, one page at a time. */
  private async queryGroup(
    group: string,
    page: { limit: number; after?: string; prefix?: string; newestFirst?: boolean },
  ) {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    const condition =
      page.prefix !== undefined
        ? 'entity = :g AND begins_with(entityKey, :prefix)'
        : page.after === undefined
          ? 'entity = :g'
          : page.newestFirst
            ? 'entity = :g AND entityKey < :after'
            : 'entity = :g AND entityKey > :after';
    do {
      const result = await this.call(`list ${group}`, () =>
        this.db.send(
          new QueryCommand({
            TableName: this.tables.state,
            IndexName: STATE_SCHEMA.indexes.byEntity.name,
            KeyConditionExpression: condition,
            ExpressionAttributeValues: {
              ':g': group,
              ...(page.prefix !== undefined ? { ':prefix': page.prefix } : {}),
              ...(page.after === undefined || page.prefix !== undefined
                ? {}
                : { ':after': page.after }),
            },
            ScanIndexForward: !page.newestFirst,
            Limit: Math.min(1000, page.limit - items.length),
            ExclusiveStartKey: start,
          }),
        ),
      );
      items.push(...(result.Items ?? []));
      start = result.LastEvaluatedKey;
    } while (start && items.length < page.limit);
    // A full page may have more after it; its last sort key is where the next page starts.
    const next =
      items.length === page.limit ? (items.at(-1)?.entityKey as string | undefined) : undefined;
    return { items, next };
  }

  private async readForAppend(fundId: string, key: string) {
    const headKey = { pk: fundPk(fundId), sk: HEAD_SK };
    const idemKey = { pk: fundPk(fundId), sk: idempotencySk(key) };
    const result = await this.call(`read head of ${fundId}`, () =>
      this.db.send(
        new BatchGetCommand({
          RequestItems: {
            [this.tables.state]: { Keys: [headKey, idemKey], ConsistentRead: true },
          },
        }),
      ),
    );
    const items = result.Responses?.[this.tables.state] ?? [];
    const headItem = items.find((item) => item.sk === HEAD_SK);
    if (!headItem) throw new FundNotFoundError(fundId);
    const prior = items.find((item) => item.sk === idemKey.sk);
    return {
      state: await this.withFrontier(headItem),
      prior: prior
        ? {
            requestHash: prior.requestHash as string,
            seqs: (prior.seqs ?? []) as number[],
            response:
              prior.response === undefined ? undefined : JSON.parse(prior.response as string),
          }
        : undefined,
    };
  }

  private async readSeqs(fundId: string, seqs: number[]): Promise<Entry[]> {
    if (seqs.length === 0) return [];
    const first = Math.min(...seqs);
    return this.readEntries(fundId, { after: first - 1, limit: seqs.length });
  }

  private appendTransaction(
    fundId: string,
    head: Head,
    { entries, change }: { entries: Entry[]; change?: HeadChange | undefined },
    records: RecordWrite[],
    idempotency: { key: string; requestHash: string; response: unknown },
  ): TransactWriteCommandInput {
    const items: NonNullable<TransactWriteCommandInput['TransactItems']> = entries.map((entry) => ({
      Put: {
        TableName: this.tables.journal,
        Item: itemOf(entry),
        ConditionExpression: 'attribute_not_exists(seq)',
      },
    }));
    if (change) items.push({ Update: this.headUpdate(fundId, head, change) });
    for (const row of mergeRows(entries.flatMap((e) => aggregatesOf(e).rows))) {
      items.push({ Update: this.aggregateUpdate(row) });
    }
    items.push({
      Put: {
        TableName: this.tables.state,
        Item: {
          pk: fundPk(fundId),
          sk: idempotencySk(idempotency.key),
          requestHash: idempotency.requestHash,
          seqs: entries.map((e) => e.seq),
          response: JSON.stringify(idempotency.response ?? null),
          createdAt: new Date().toISOString(),
          [STATE_TTL_ATTRIBUTE]: Math.floor(Date.now() / 1000) + IDEMPOTENCY_TTL_DAYS * 86_400,
        },
        ConditionExpression: 'attribute_not_exists(sk)',
      },
    });
    for (const record of records)
      items.push({ Put: { TableName: this.tables.state, ...recordPut(record) } });
    if (items.length > MAX_TRANSACTION_ITEMS) {
      throw new StoreError(
        `One operation may write at most ${MAX_TRANSACTION_ITEMS} items; this one needs ${items.length} (entries, head, key, records, donor and payee sums). Split it.`,
        { cause: undefined },
      );
    }
    return { TransactItems: items };
  }

  /** Adds to a donor's or payee's running sums; the row is listable in its group by label. */
  private aggregateUpdate(row: AggregateRow) {
    const names: Record<string, string> = { '#label': 'label', '#kind': 'kind' };
    const values: Record<string, unknown> = {
      ':group': aggregateGroup(row.list, row.fundId),
      ':sortKey': `${row.label.normalize('NFC').toLowerCase()}#${row.key}`,
      ':label': row.label,
      ':kind': row.kind,
      ':key': row.key,
    };
    const additions = Object.entries(row.add).map(([name, value], i) => {
      names[`#a${i}`] = name;
      values[`:a${i}`] = value;
      return `#a${i} :a${i}`;
    });
    return {
      TableName: this.tables.state,
      Key: { pk: `${aggregateGroup(row.list, row.fundId)}#${row.key}`, sk: 'aggregate' },
      UpdateExpression: `SET entity = :group, entityKey = if_not_exists(entityKey, :sortKey), #label = :label, #kind = :kind, rowKey = :key ADD ${additions.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
  }

  async listAggregates(
    list: AggregateList,
    fundId: string,
    page: { limit: number; after?: string },
  ): Promise<AggregatePage> {
    const { items, next } = await this.queryGroup(aggregateGroup(list, fundId), page);
    const rows = items.map((item) => {
      const { pk: _pk, sk: _sk, entity: _e, entityKey: _k, label, kind, rowKey, ...sums } = item;
      return {
        key: rowKey as string,
        label: label as string,
        kind: kind as string,
        sums: sums as Record<string, number>,
      };
    });
    return { rows, ...(next ? { next } : {}) };
  }

  /**
   * Moves the head from the seq read to the change's tip, adding the change the core folded
   * (the same fold the verifier replays). Its conditions are the store's own guard: the seq it
   * read, and every non-negative account still holding what the change takes out, whatever
   * another writer did meanwhile.
   */
  private headUpdate(fundId: string, head: Head, change: HeadChange) {
    const names: Record<string, string> = {
      '#seq': 'seq',
      '#hash': 'hash',
      '#frontier': 'frontier',
    };
    const values: Record<string, unknown> = {
      ':expected': head.seq,
      ':seq': change.tip.seq,
      ':hash': change.tip.hash,
      // The tree's new right edge, from the edge read under the same seq condition.
      ':frontier': applyChange(head, change).frontier,
    };
    const additions: string[] = [];
    const conditions = ['#seq = :expected'];
    const add = (prefix: string, attribute: string, delta: number) => {
      const i = additions.length;
      names[`#${prefix}${i}`] = attribute;
      values[`:${prefix}${i}`] = delta;
      additions.push(`#${prefix}${i} :${prefix}${i}`);
      return i;
    };
    const withdrawals = withdrawalsOf(change);
    for (const [account, delta] of Object.entries(change.balances)) {
      const i = add('b', `${BALANCE_PREFIX}${account}`, delta);
      const needed = withdrawals.get(account);
      if (needed !== undefined) {
        values[`:need${i}`] = needed;
        conditions.push(`#b${i} >= :need${i}`);
      }
    }
    for (const [name, delta] of Object.entries(change.counters)) {
      add('c', `${COUNTER_PREFIX}${name}`, delta);
    }
    for (const [month, deltas] of Object.entries(change.months)) {
      for (const [account, delta] of Object.entries(deltas)) {
        add('m', `${MONTH_PREFIX}${month}:${account}`, delta);
      }
    }
    return {
      TableName: this.tables.state,
      Key: { pk: fundPk(fundId), sk: HEAD_SK },
      UpdateExpression: `SET #seq = :seq, #hash = :hash, #frontier = :frontier ADD ${additions.join(', ')}`,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
  }

  /** A conditional put: false when its condition fails (the item is kept as it was). */
  private async putOnce(
    what: string,
    item: Record<string, unknown>,
    condition: {
      ConditionExpression: string;
      ExpressionAttributeNames?: Record<string, string>;
      ExpressionAttributeValues?: Record<string, unknown>;
    },
  ): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({ TableName: this.tables.state, Item: item, ...condition }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw new StoreError(`Could not ${what}`, { cause: error });
    }
  }

  /** The `value`s of a partition's items whose sort key starts with `prefix`, in key order. */
  private async queryPartition<T>(
    pk: string,
    prefix: string,
    page: { limit: number; newestFirst?: boolean },
  ): Promise<T[]> {
    const values: T[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const result = await this.call(`list ${prefix || pk}`, () =>
        this.db.send(
          new QueryCommand({
            TableName: this.tables.state,
            KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
            ExpressionAttributeValues: { ':pk': pk, ...(prefix ? { ':prefix': prefix } : {}) },
            ScanIndexForward: !page.newestFirst,
            ConsistentRead: true,
            Limit: Math.min(1000, page.limit - values.length),
            ExclusiveStartKey: start,
          }),
        ),
      );
      for (const item of result.Items ?? []) values.push(item.value as T);
      start = result.LastEvaluatedKey;
    } while (start && values.length < page.limit);
    return values;
  }

  private async call<T>(what: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw new StoreError(`Could not ${what}`, { cause: error });
    }
  }
}

/** The review queue's counter moves with the lines entering and leaving it. */
function queueUpdates(table: string, changes: RecordChange[]) {
  const byFund = new Map<string, number>();
  for (const change of changes) {
    if (change.type === 'bank-queue') {
      byFund.set(change.fundId, (byFund.get(change.fundId) ?? 0) + change.delta);
    }
  }
  return [...byFund]
    .filter(([, delta]) => delta !== 0)
    .map(([fundId, delta]) => ({
      Update: {
        TableName: table,
        Key: bankQueueKey(fundId),
        UpdateExpression: 'ADD waiting :d',
        ExpressionAttributeValues: { ':d': delta },
      },
    }));
}

/**
 * What entries moved on assets:bank, per day (Vietnam time) they are dated: the ledger's bank
 * balance at the end of any day is then today's less the days after it (the tie-out).
 */
function bankDayUpdates(table: string, fundId: string, entries: Entry[]) {
  const byDay = new Map<string, number>();
  for (const entry of entries) {
    for (const posting of entry.postings) {
      if (posting.account !== ACCOUNTS.bank) continue;
      const day = vietnamDate(entry.occurredAt);
      byDay.set(day, (byDay.get(day) ?? 0) + posting.amount);
    }
  }
  return [...byDay]
    .filter(([, moved]) => moved !== 0)
    .map(([day, moved]) => ({
      Update: {
        TableName: table,
        Key: { pk: bankDaysPk(fundId), sk: day },
        UpdateExpression: 'ADD moved :m',
        ExpressionAttributeValues: { ':m': moved },
      },
    }));
}

/** What an entry is about: its pledge, else its disbursement (a reversal keeps its original's refs). */
function subjectKey(fundId: string, refs: { pledgeId?: string; disbursementId?: string }) {
  if (refs.pledgeId !== undefined) return `${fundId}#pledge#${refs.pledgeId}`;
  if (refs.disbursementId !== undefined) return `${fundId}#disbursement#${refs.disbursementId}`;
  return undefined;
}

/** A Stripe id wins over a bank reference: an entry is found by the outside object it settles. */
function externalRefKey(fundId: string, ref: { stripeId?: string; bankRef?: string }) {
  if (ref.stripeId !== undefined) return `${fundId}#stripe#${ref.stripeId}`;
  if (ref.bankRef !== undefined) return `${fundId}#bank#${ref.bankRef}`;
  return undefined;
}

function recordPut(write: RecordWrite) {
  return {
    Item: {
      ...recordKey(write),
      ...(write.listIn ? { entity: write.listIn.group, entityKey: write.listIn.sortKey } : {}),
      value: write.value,
      version: write.expectedVersion + 1,
    },
    ...(write.expectedVersion === 0
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : {
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': write.expectedVersion },
        }),
  };
}

function fundStateOf(item: Record<string, unknown>): FundState {
  const fund = item.fund as Fund;
  const head: Head = {
    fundId: fund.id,
    seq: item.seq as number,
    hash: item.hash as string,
    balances: {},
    months: {},
    counters: {},
    frontier: Array.isArray(item.frontier) ? (item.frontier as string[]) : [],
  };
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(COUNTER_PREFIX)) {
      head.counters[name.slice(COUNTER_PREFIX.length)] = value as number;
    } else if (name.startsWith(BALANCE_PREFIX)) {
      head.balances[name.slice(BALANCE_PREFIX.length)] = value as number;
    } else if (name.startsWith(MONTH_PREFIX)) {
      const rest = name.slice(MONTH_PREFIX.length);
      const month = rest.slice(0, 7);
      head.months[month] ??= {};
      head.months[month][rest.slice(8)] = value as number;
    }
  }
  return { fund, head };
}

/** The journal item is the entry itself plus its index keys. */
function itemOf(entry: Entry): Record<string, unknown> {
  const subject = subjectKey(entry.fundId, entry.refs);
  const external = externalRefKey(entry.fundId, entry.refs);
  return {
    ...entry,
    fundMonth: fundMonthKey(entry.fundId, monthOf(entry.occurredAt)),
    ...(subject ? { refKey: subject } : {}),
    ...(external ? { extRef: external } : {}),
  };
}

/** Rebuilds the entry in a fixed field order, so API output reads the same every time. */
function entryOf(item: Record<string, unknown>): Entry {
  const e = item as unknown as Entry;
  return {
    v: e.v,
    fundId: e.fundId,
    seq: e.seq,
    id: e.id,
    kind: e.kind,
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
    recordedBy: e.recordedBy,
    postings: e.postings.map(({ account, amount }) => ({ account, amount })),
    refs: e.refs,
    ...(e.donor ? { donor: e.donor } : {}),
    ...(e.payee ? { payee: e.payee } : {}),
    memo: e.memo,
    evidence: e.evidence,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

/** A role that may only read (IAM); a frontier back-fill is then left to a writer. */
function isAccessDenied(error: unknown): boolean {
  return error instanceof Error && error.name === 'AccessDeniedException';
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

function jitteredDelay(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(attempt, 10));
  return Math.floor(Math.random() * ceiling);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
