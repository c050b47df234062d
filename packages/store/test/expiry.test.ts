import { donationDraft, fingerprint } from '@soquy/ledger';
import { describe, expect, it } from 'vitest';
import { freshTables } from '../../../test/support/dynamo.ts';
import { puTrangFund } from '../../../test/support/funds.ts';
import { DynamoMailLog } from '../src/mail-log.ts';
import { IDEMPOTENCY_TTL_DAYS, MAIL_NOTICE_TTL_DAYS, STATE_TTL_ATTRIBUTE } from '../src/schema.ts';

const DAY_SECONDS = 86_400;
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('what DynamoDB lets expire in the State table', () => {
  it('gives an idempotency record an expiry IDEMPOTENCY_TTL_DAYS ahead, and no journal entry one', async () => {
    // Prepare
    const { store, scan, tables } = await freshTables();
    await store.createFund(puTrangFund());
    const at = new Date().toISOString();
    const before = nowSeconds();
    // Act
    await store.append('pu-trang', {
      idempotencyKey: 'gift-1',
      requestHash: fingerprint({ amount: 200_000 }),
      prepare: () => ({
        drafts: [
          donationDraft(
            { id: 'gift-1', occurredAt: at, recordedAt: at, recordedBy: 'thuquy' },
            { donor: { id: 'd-1', displayName: 'Ẩn danh' }, amount: 200_000, method: 'cash' },
          ),
        ],
      }),
    });
    const after = nowSeconds();
    // Assess
    const state = await scan(tables.state);
    const idempotency = state.filter((item) => String(item.sk).startsWith('IDEM#'));
    expect(idempotency).toHaveLength(1);
    const expiresAt = idempotency[0]?.[STATE_TTL_ATTRIBUTE] as number;
    expect(Number.isInteger(expiresAt)).toBe(true);
    expect(expiresAt).toBeGreaterThanOrEqual(before + IDEMPOTENCY_TTL_DAYS * DAY_SECONDS);
    expect(expiresAt).toBeLessThanOrEqual(after + IDEMPOTENCY_TTL_DAYS * DAY_SECONDS);
    expect(IDEMPOTENCY_TTL_DAYS).toBe(30);
    // The fund, its head and the journal entry are kept for ever.
    const others = state.filter((item) => !String(item.sk).startsWith('IDEM#'));
    expect(others.length).toBeGreaterThan(0);
    expect(others.filter((item) => STATE_TTL_ATTRIBUTE in item)).toEqual([]);
    const journal = await scan(tables.journal);
    expect(journal).toHaveLength(1);
    expect(journal.filter((item) => STATE_TTL_ATTRIBUTE in item)).toEqual([]);
  });

  it('lets a mail-log notice expire MAIL_NOTICE_TTL_DAYS after its claim, never an unsubscribe', async () => {
    // Prepare
    const { doc, scan, tables } = await freshTables();
    const mailLog = new DynamoMailLog(doc, tables.state);
    const at = new Date('2026-11-20T03:00:00.000Z');
    // Act
    expect(await mailLog.claim('receipt:pu-trang:7', at, 600_000)).toBe(true);
    await mailLog.sent('receipt:pu-trang:7', at);
    await mailLog.unsubscribe('pledge-1', at);
    // Assess
    const items = await scan(tables.state);
    const notice = items.find((item) => item.pk === 'mail#receipt:pu-trang:7');
    expect(notice).toMatchObject({
      status: 'sent',
      [STATE_TTL_ATTRIBUTE]: Date.parse('2026-11-20T03:00:00.000Z') / 1000 + 90 * DAY_SECONDS,
    });
    expect(MAIL_NOTICE_TTL_DAYS).toBe(90);
    // The notice still counts as sent until it expires: a retried batch does not mail twice.
    expect(await mailLog.claim('receipt:pu-trang:7', at, 600_000)).toBe(false);
    const unsubscribed = items.find((item) => item.pk === 'unsubscribed#pledge-1');
    expect(unsubscribed).toBeDefined();
    expect(unsubscribed?.[STATE_TTL_ATTRIBUTE]).toBeUndefined();
  });
});
