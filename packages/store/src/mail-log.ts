import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { MailLog } from '@soquy/ledger';
import { StoreError } from './errors.ts';
import { expiresAfter, MAIL_NOTICE_TTL_DAYS, STATE_TTL_ATTRIBUTE } from './schema.ts';

/** Where the mail log lives in the State table: one item per notice, one per unsubscribe. */
const noticeKey = (key: string) => ({ pk: `mail#${key}`, sk: 'mail' });
const unsubscribeKey = (pledgeId: string) => ({
  pk: `unsubscribed#${pledgeId}`,
  sk: 'unsubscribed',
});

const isConditionFailure = (error: unknown) =>
  (error as { name?: string })?.name === 'ConditionalCheckFailedException';

/**
 * The mail log in DynamoDB. A notice is claimed with a conditional put before it is sent, so
 * two runs (a retried stream batch, two reminder runs) cannot both send it; the claim turns
 * into "sent" after, or is deleted when the send failed.
 */
export class DynamoMailLog implements MailLog {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async claim(key: string, at: Date, staleAfterMs: number): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...noticeKey(key),
            status: 'sending',
            claimedAt: at.toISOString(),
            [STATE_TTL_ATTRIBUTE]: expiresAfter(at, MAIL_NOTICE_TTL_DAYS),
          },
          ConditionExpression:
            'attribute_not_exists(pk) OR (#status = :sending AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':stale': new Date(at.getTime() - staleAfterMs).toISOString(),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw new StoreError(`Could not claim the notice ${key}`, { cause: error });
    }
  }

  async sent(key: string, at: Date): Promise<void> {
    await this.call(`note the notice ${key} as sent`, () =>
      this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: noticeKey(key),
          UpdateExpression: 'SET #status = :sent, sentAt = :at',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sent': 'sent', ':at': at.toISOString() },
        }),
      ),
    );
  }

  async release(key: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.table,
          Key: noticeKey(key),
          ConditionExpression: '#status = :sending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending' },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return;
      throw new StoreError(`Could not release the notice ${key}`, { cause: error });
    }
  }

  async sentAt(key: string): Promise<string | undefined> {
    const { Item } = await this.call(`read the notice ${key}`, () =>
      this.db.send(
        new GetCommand({ TableName: this.table, Key: noticeKey(key), ConsistentRead: true }),
      ),
    );
    return Item?.status === 'sent' ? (Item.sentAt as string) : undefined;
  }

  async unsubscribe(pledgeId: string, at: Date): Promise<void> {
    await this.call(`unsubscribe ${pledgeId}`, () =>
      this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...unsubscribeKey(pledgeId), at: at.toISOString() },
        }),
      ),
    );
  }

  async isUnsubscribed(pledgeId: string): Promise<boolean> {
    const { Item } = await this.call(`read unsubscribe of ${pledgeId}`, () =>
      this.db.send(
        new GetCommand({
          TableName: this.table,
          Key: unsubscribeKey(pledgeId),
          ConsistentRead: true,
        }),
      ),
    );
    return Item !== undefined;
  }

  private async call<T>(what: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw new StoreError(`Could not ${what}`, { cause: error });
    }
  }
}
