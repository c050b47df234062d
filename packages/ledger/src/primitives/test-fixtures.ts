import {
  advanceHead,
  chartOfAccounts,
  disbursementDraft,
  donationDraft,
  type Entry,
  type EntryDraft,
  genesisHead,
  type Head,
  paymentDraft,
  pledgeDraft,
  sealEntry,
} from '../index.ts';

export const chart = chartOfAccounts(['cameras', 'rewards']);

export const base = (id: string) => ({
  id,
  occurredAt: '2026-11-20T03:00:00.000Z',
  recordedAt: '2026-11-20T03:05:00.000Z',
  recordedBy: 'thuquy-lan',
});

export const business = {
  id: 'donor-1',
  displayName: 'Cửa hàng Minh Phát',
  kind: 'business' as const,
};

/** Seals drafts one after another from genesis, as the store would. */
export function chain(fundId: string, drafts: EntryDraft[]): { entries: Entry[]; head: Head } {
  let head = genesisHead(fundId);
  const entries: Entry[] = [];
  for (const draft of drafts) {
    const entry = sealEntry(head, draft, chart);
    entries.push(entry);
    head = advanceHead(head, entry);
  }
  return { entries, head };
}

/** A small, realistic journal: a pledge paid in part, a gift, a camera bought. */
export function sampleDrafts(): EntryDraft[] {
  return [
    pledgeDraft(base('e1'), {
      pledgeId: 'p1',
      reference: 'PT7K2Q',
      donor: business,
      amount: 5_000_000,
    }),
    paymentDraft(base('e2'), {
      pledgeId: 'p1',
      reference: 'PT7K2Q',
      donor: business,
      amount: 3_000_000,
      method: 'transfer',
      bankRef: 'FT2632401234',
    }),
    donationDraft(base('e3'), {
      donor: { id: 'donor-2', displayName: 'Ẩn danh', kind: 'household' },
      amount: 1_500_000,
      method: 'cash',
      receiptNo: 'BN-0001',
    }),
    disbursementDraft(base('e4'), {
      disbursementId: 'd1',
      category: 'cameras',
      amount: 2_400_000,
      method: 'transfer',
    }),
  ];
}
