import {
  advanceHead,
  chartOfAccounts,
  disbursementDraft,
  donationDraft,
  type Entry,
  type EntryDraft,
  type Fund,
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

/** The value a test expects to be there; fails the test, not the type checker, when it is not. */
export function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

/** test/fixtures/fund-pu-trang.json, as the store keeps it. */
export const puTrangFund: Fund = {
  id: 'pu-trang',
  name: 'Camera an ninh phường Pú Trạng',
  description: 'Các hộ kinh doanh trên địa bàn phường góp tiền lắp đặt camera an ninh.',
  owner: 'Công an phường Pú Trạng',
  currency: 'VND',
  goal: 9_500_000,
  bankAccount: {
    bin: '970436',
    accountNumber: '1234567890',
    accountName: 'CONG AN PHUONG PU TRANG',
  },
  categories: [
    { id: 'cameras', name: 'Camera an ninh' },
    { id: 'installation', name: 'Lắp đặt' },
  ],
  opensAt: '2026-01-01T00:00:00.000Z',
  closesAt: '2027-12-31T17:00:00.000Z',
  createdAt: '2025-12-20T02:00:00.000Z',
  createdBy: 'quantri-hoa',
};
