import {
  type Actor,
  approveDisbursement,
  createPledge,
  type DonorKind,
  type EvidenceDeps,
  type FundInput,
  groupFor,
  openFund,
  PUBLIC,
  recordDisbursement,
  recordPayment,
  type StatementDeps,
  staff,
} from '@soquy/ledger';
import { loadDemoStatement } from './demo-statements.ts';

/**
 * Demo funds from the programmes soquy was made for, with believable entries. Idempotency keys
 * are fixed, so loading twice changes nothing.
 */
type DemoKind = DonorKind;
interface DemoGift {
  donor: string;
  kind: DemoKind;
  amount: number;
  method: 'cash' | 'transfer';
  /** Given as a pledge first, then paid (in part if `paid` is less than `amount`). */
  pledged?: boolean;
  paid?: number;
  day: string;
  showName?: boolean;
}
interface DemoSpend {
  payee: string;
  category: string;
  amount: number;
  memo: string;
  day: string;
  method: 'cash' | 'transfer';
}
interface DemoFund {
  fund: FundInput;
  gifts: DemoGift[];
  spending: DemoSpend[];
}

const window = { opensAt: '2026-01-01T00:00:00.000Z', closesAt: '2027-12-31T17:00:00.000Z' };

export const DEMO_FUNDS: DemoFund[] = [
  {
    fund: {
      id: 'duc-pho',
      name: 'Vì quê hương Đức Phổ bình yên',
      description:
        'Quỹ khen thưởng, hỗ trợ người và đơn vị có thành tích đấu tranh phòng, chống tội phạm, và phong trào toàn dân bảo vệ an ninh Tổ quốc.',
      owner: 'Công an thị xã Đức Phổ',
      currency: 'VND',
      goal: 500_000_000,
      bankAccount: {
        bin: '970405',
        accountNumber: '4300201009999',
        accountName: 'CONG AN THI XA DUC PHO',
      },
      categories: [
        { id: 'rewards', name: 'Khen thưởng' },
        { id: 'support', name: 'Hỗ trợ người bị hại' },
        { id: 'movement', name: 'Phong trào toàn dân bảo vệ ANTQ' },
      ],
      ...window,
    },
    gifts: [
      {
        donor: 'Công ty TNHH Thủy sản Sa Huỳnh',
        kind: 'business',
        amount: 120_000_000,
        method: 'transfer',
        pledged: true,
        day: '2026-03-02',
      },
      {
        donor: 'Ngân hàng Nông nghiệp chi nhánh Đức Phổ',
        kind: 'organisation',
        amount: 100_000_000,
        method: 'transfer',
        pledged: true,
        day: '2026-03-05',
      },
      {
        donor: 'Công ty CP Xây dựng Phổ Thạnh',
        kind: 'business',
        amount: 80_000_000,
        method: 'transfer',
        pledged: true,
        paid: 50_000_000,
        day: '2026-03-09',
      },
      {
        donor: 'Doanh nghiệp tư nhân Vàng bạc Kim Long',
        kind: 'business',
        amount: 60_000_000,
        method: 'transfer',
        pledged: true,
        day: '2026-03-12',
      },
      {
        donor: 'Hội Doanh nhân trẻ Đức Phổ',
        kind: 'organisation',
        amount: 50_000_000,
        method: 'transfer',
        day: '2026-03-15',
      },
      {
        donor: 'Ông Nguyễn Văn Thành',
        kind: 'individual',
        amount: 30_000_000,
        method: 'cash',
        day: '2026-03-20',
      },
      {
        donor: 'Nhà hàng Biển Xanh',
        kind: 'business',
        amount: 25_000_000,
        method: 'transfer',
        day: '2026-04-02',
      },
      {
        donor: 'Hộ kinh doanh Trần Thị Mai',
        kind: 'household',
        amount: 10_000_000,
        method: 'cash',
        day: '2026-04-10',
        showName: false,
      },
      {
        donor: 'Bà Lê Thị Hoa',
        kind: 'individual',
        amount: 9_500_000,
        method: 'cash',
        day: '2026-04-18',
      },
      {
        donor: 'Các cơ quan, đơn vị thị xã Đức Phổ',
        kind: 'organisation',
        amount: 30_000_000,
        method: 'transfer',
        day: '2026-05-02',
      },
    ],
    spending: [
      {
        payee: 'Tổ công tác Công an phường Phổ Văn',
        category: 'rewards',
        amount: 45_000_000,
        memo: 'Khen thưởng tổ công tác bắt giữ nhóm trộm cắp tài sản',
        day: '2026-04-20',
        method: 'transfer',
      },
      {
        payee: 'Hội Chữ thập đỏ thị xã Đức Phổ',
        category: 'support',
        amount: 30_000_000,
        memo: 'Hỗ trợ gia đình người bị thương khi truy bắt tội phạm',
        day: '2026-05-06',
        method: 'cash',
      },
      {
        payee: 'Công ty TNHH Thiết bị An ninh Miền Trung',
        category: 'movement',
        amount: 62_500_000,
        memo: 'Trang phục, đèn pin, bộ đàm cho tổ an ninh tự quản',
        day: '2026-06-01',
        method: 'transfer',
      },
    ],
  },
  {
    fund: {
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
      ...window,
    },
    gifts: [
      {
        donor: 'Hiệu vàng Kim Tín',
        kind: 'business',
        amount: 3_000_000,
        method: 'transfer',
        pledged: true,
        day: '2026-08-03',
      },
      {
        donor: 'Cửa hàng điện máy Hùng Cường',
        kind: 'business',
        amount: 2_000_000,
        method: 'transfer',
        pledged: true,
        day: '2026-08-04',
      },
      {
        donor: 'Nhà nghỉ Bình An',
        kind: 'business',
        amount: 1_500_000,
        method: 'transfer',
        pledged: true,
        day: '2026-08-05',
      },
      {
        donor: 'Hộ kinh doanh tạp hóa',
        kind: 'household',
        amount: 1_500_000,
        method: 'cash',
        day: '2026-08-06',
        showName: false,
      },
      {
        donor: 'Tạp hóa Thu Hà',
        kind: 'business',
        amount: 1_000_000,
        method: 'transfer',
        day: '2026-08-07',
      },
      {
        donor: 'Quán phở Lan',
        kind: 'business',
        amount: 500_000,
        method: 'cash',
        day: '2026-08-08',
      },
    ],
    spending: [
      {
        payee: 'Công ty TNHH Công nghệ An Phát',
        category: 'cameras',
        amount: 7_200_000,
        memo: '4 camera ngoài trời 4MP kèm đầu ghi',
        day: '2026-08-20',
        method: 'transfer',
      },
      {
        payee: 'Tổ kỹ thuật điện Hùng Cường',
        category: 'installation',
        amount: 2_000_000,
        memo: 'Công lắp đặt tại 4 điểm',
        day: '2026-08-22',
        method: 'cash',
      },
      {
        payee: 'Cửa hàng điện nước Thành Công',
        category: 'installation',
        amount: 300_000,
        memo: 'Dây cáp và bộ nguồn',
        day: '2026-08-22',
        method: 'transfer',
      },
    ],
  },
  {
    fund: {
      id: 'trung-tam',
      name: 'Camera an ninh phường Trung Tâm',
      description: '24 camera tại 24 điểm trong 14 tổ dân phố, do cộng đồng dân cư đóng góp.',
      owner: 'Công an phường Trung Tâm',
      currency: 'VND',
      goal: 72_000_000,
      bankAccount: {
        bin: '970415',
        accountNumber: '0011001932418',
        accountName: 'CONG AN PHUONG TRUNG TAM',
      },
      categories: [
        { id: 'cameras', name: 'Camera an ninh' },
        { id: 'installation', name: 'Lắp đặt' },
      ],
      ...window,
    },
    gifts: Array.from({ length: 14 }, (_, i) => ({
      donor: `Tổ dân phố ${i + 1}`,
      kind: 'organisation' as const,
      amount: i < 13 ? 5_000_000 : 7_000_000,
      method: 'transfer' as const,
      day: `2026-09-${String(i + 1).padStart(2, '0')}`,
    })),
    spending: [
      {
        payee: 'Công ty CP Viễn thông Nghĩa Lộ',
        category: 'cameras',
        amount: 60_000_000,
        memo: '24 camera an ninh, 2.500.000 đ mỗi chiếc',
        day: '2026-09-25',
        method: 'transfer',
      },
      {
        payee: 'Công ty CP Viễn thông Nghĩa Lộ',
        category: 'installation',
        amount: 12_000_000,
        memo: 'Lắp đặt tại 24 điểm của 14 tổ dân phố',
        day: '2026-09-28',
        method: 'transfer',
      },
    ],
  },
];

const at = (day: string, hour: number) => `${day}T${String(hour).padStart(2, '0')}:00:00.000Z`;

/** The demo's staff, with the roles the API would demand of them. */
const demoStaff = (username: string, groups: string[]): Actor =>
  staff({ userId: `demo-${username}`, username, groups });
const ADMIN = demoStaff('demo-admin', [groupFor('admin')]);
const TREASURER = demoStaff(
  'demo-thuquy',
  DEMO_FUNDS.map((d) => groupFor('treasurer', d.fund.id)),
);
const APPROVER = demoStaff(
  'demo-pheduyet',
  DEMO_FUNDS.map((d) => groupFor('approver', d.fund.id)),
);

/** The same adapters with the clock set to a moment of the demo's story. */
const on = (deps: EvidenceDeps, instant: string): EvidenceDeps => ({
  ...deps,
  clock: () => new Date(instant),
});

/**
 * Writes one demo fund through the operations the API calls (open the fund, pledge, record
 * payments, record and approve spending), so the demo cannot hold what the API would refuse.
 */
async function loadDemoFund(deps: EvidenceDeps, demo: DemoFund): Promise<number> {
  const fundId = demo.fund.id;
  let written = 0;
  await openFund(on(deps, demo.fund.opensAt), demo.fund, ADMIN);
  for (const [i, gift] of demo.gifts.entries()) {
    const n = i + 1;
    const money = {
      amount: gift.paid ?? gift.amount,
      method: gift.method,
      receivedAt: at(gift.day, 4),
      ...(gift.method === 'transfer'
        ? { bankRef: `FT26${String(1000 + i)}${fundId.length}` }
        : { receiptNo: `BN-${String(n).padStart(4, '0')}` }),
    };
    const donor = { name: gift.donor, kind: gift.kind, showName: gift.showName !== false };
    if (gift.pledged) {
      const pledge = await createPledge(
        on(deps, at(gift.day, 1)),
        fundId,
        { donor, amount: gift.amount, method: gift.method },
        PUBLIC,
        `demo-${fundId}-pledge-${n}`,
      );
      const paid = await recordPayment(
        on(deps, at(gift.day, 5)),
        fundId,
        { pledgeId: pledge.pledgeId, ...money },
        TREASURER,
        `demo-${fundId}-payment-${n}`,
      );
      written += 1 + paid.entries.length;
    } else {
      const paid = await recordPayment(
        on(deps, at(gift.day, 5)),
        fundId,
        { donor, ...money },
        TREASURER,
        `demo-${fundId}-gift-${n}`,
      );
      written += paid.entries.length;
    }
  }
  for (const [i, spend] of demo.spending.entries()) {
    const recorded = await recordDisbursement(
      on(deps, at(spend.day, 3)),
      fundId,
      {
        amount: spend.amount,
        category: spend.category,
        payee: {
          name: spend.payee,
          kind: /^(Tổ|Hội)/.test(spend.payee) ? 'organisation' : 'business',
        },
        purpose: spend.memo,
        paidAt: at(spend.day, 3),
        method: spend.method,
        evidence: [],
      },
      TREASURER,
      `demo-${fundId}-spend-${i + 1}`,
    );
    await approveDisbursement(on(deps, at(spend.day, 6)), recorded.id, APPROVER);
    written += 1;
  }
  return written;
}

/** One disbursement waiting in Đức Phổ's approval queue, so an approver has something to decide. */
async function loadPendingDisbursement(deps: EvidenceDeps) {
  await recordDisbursement(
    on(deps, '2026-11-15T04:00:00.000Z'),
    'duc-pho',
    {
      amount: 15_000_000,
      category: 'rewards',
      payee: { name: 'Tổ tuần tra nhân dân phường Nguyễn Nghiêm', kind: 'organisation' },
      purpose: 'Khen thưởng tổ tuần tra bắt quả tang vụ trộm xe máy',
      paidAt: '2026-11-15T03:00:00.000Z',
      method: 'cash',
      evidence: [],
    },
    TREASURER,
    'demo-duc-pho-pending-1',
  );
}

/** Loads the demo funds when the store has no fund yet. Returns how many entries were written. */
export async function loadDemoData(
  deps: EvidenceDeps,
  statements?: StatementDeps,
): Promise<number> {
  if ((await deps.store.listFunds()).length > 0) return 0;
  let written = 0;
  for (const demo of DEMO_FUNDS) written += await loadDemoFund(deps, demo);
  await loadPendingDisbursement(deps);
  if (statements) {
    for (const demo of DEMO_FUNDS) await loadDemoStatement(statements, demo.fund);
  }
  return written;
}
