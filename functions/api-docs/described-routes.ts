import {
  cassoNotificationSchema,
  cassoTransactionSchema,
  sepayNotificationSchema,
} from '@soquy/bank';
import {
  addStaffInput,
  bankLineDecisionInput,
  bankLinePath,
  consistencyQuery,
  disbursementInput,
  disbursementPath,
  disbursementStatusQuery,
  evidenceInput,
  evidencePath,
  forkProofInput,
  fundPath,
  fundPledgePath,
  fundSettingsInput,
  inclusionQuery,
  manageTokenQuery,
  openFundInput,
  paymentInput,
  pledgeInput,
  pledgePath,
  rejectionInput,
  removeStaffInput,
  reversalInput,
  statementPath,
  statementUploadInput,
  transferInput,
  witnessInput,
} from '@soquy/ledger';
import { stripeEventSchema } from '@soquy/stripe';
import * as z from 'zod';
import { queueQuery } from '../bank-statements/input.ts';
import { exportPath } from '../get-exports/input.ts';
import { ledgerQuery } from '../get-ledger/input.ts';
import { reportQuery } from '../get-report/input.ts';
import { receiptPath } from '../transparency-log/input.ts';

/**
 * What /openapi.json and /docs/api say about each route of functions/routes.ts, keyed
 * "METHOD /path" as the route table writes it. The schemas are the very objects the handlers
 * validate with (imported from the same modules), so the description cannot drift from what
 * a request must be; the error codes are those the route's middleware and operation can throw.
 */

export type Text = { vi: string; en: string };

/** Who may call: the security scheme the document declares (none for `public`). */
export type Auth =
  | 'public'
  | 'bearer'
  | 'session'
  | 'manage-token'
  | 'pay-token'
  | 'unsubscribe-token'
  | 'stripe'
  | 'sepay'
  | 'casso';

export type Tag =
  | 'funds'
  | 'pledges'
  | 'bookkeeping'
  | 'disbursements'
  | 'bank'
  | 'evidence'
  | 'reports'
  | 'log'
  | 'staff'
  | 'webhooks'
  | 'pages'
  | 'console'
  | 'docs';

export type MediaType =
  | 'application/json'
  | 'text/html'
  | 'text/plain'
  | 'image/png'
  | 'application/x-www-form-urlencoded';

export interface RouteDescription {
  tag: Tag;
  summary: Text;
  auth: Auth;
  path?: z.ZodObject;
  query?: z.ZodObject;
  body?: {
    schema?: z.ZodType;
    type: MediaType;
    /** A request that passes `schema` (checked by test/api/openapi.test.ts). */
    example?: unknown;
    description?: string;
  };
  /** Requires an Idempotency-Key header. */
  idempotent?: boolean;
  success: { status: number; type?: MediaType; description: string };
  /** Stable error codes the route can answer with, beyond the ones every route shares. */
  errors: readonly string[];
}

/** Codes the HTTP layer (not the ledger) answers with, and their status. */
export const HTTP_CODES: Record<string, number> = {
  invalid_request: 400,
  idempotency_key_required: 400,
  invalid_idempotency_key: 400,
  not_found: 404,
  internal: 500,
  invalid_period: 400,
  export_too_large: 413,
  invalid_kind: 400,
  invalid_month: 400,
  query_too_long: 400,
  invalid_page: 400,
  invalid_cursor: 400,
  export_not_found: 404,
  note_too_large: 413,
  fork_proof_too_large: 413,
  invalid_signature: 400,
  signature_in_future: 400,
  invalid_stripe_event: 400,
  stripe_event_conflict: 409,
  invalid_receipt_link: 400,
  csrf: 403,
};

/** What every append to the journal can meet: a racing writer, a retried key, a bad amount. */
const APPEND_ERRORS = ['busy', 'conflict', 'invalid_amount', 'invalid_entry'] as const;
const FUND = ['fund_not_found'] as const;

const PLEDGE_EXAMPLE = {
  donor: { name: 'Hiệu vàng Kim Tín', kind: 'business', showName: true, phone: '0912345678' },
  amount: 2_000_000,
  method: 'transfer',
  dueDate: '2026-12-31',
  message: 'Chung tay vì khu phố an toàn',
};

/** The Casso v2 notification as documented: the envelope with its transaction. */
const cassoDocumented = cassoNotificationSchema.extend({ data: cassoTransactionSchema });

export const DESCRIBED_ROUTES: Record<string, RouteDescription> = {
  'POST /funds': {
    tag: 'funds',
    summary: { vi: 'Mở một quỹ mới (quản trị viên)', en: 'Open a fund (administrator)' },
    auth: 'bearer',
    body: {
      schema: openFundInput,
      type: 'application/json',
      example: {
        id: 'camera-to-dan-pho-5',
        name: 'Quỹ camera an ninh tổ dân phố 5',
        description: 'Lắp 8 camera ở các ngõ của tổ dân phố 5.',
        owner: 'Ban công tác Mặt trận tổ dân phố 5',
        currency: 'VND',
        goal: 120_000_000,
        bankAccount: {
          bin: '970436',
          accountNumber: '0011004455667',
          accountName: 'NGUYEN THI LAN',
        },
        categories: [
          { id: 'cameras', name: 'Camera và lắp đặt' },
          { id: 'upkeep', name: 'Bảo trì' },
        ],
        opensAt: '2026-11-01T00:00:00+07:00',
        closesAt: '2027-02-28T23:59:59+07:00',
      },
    },
    success: { status: 201, description: 'The fund, as opened (Location: /funds/{id}).' },
    errors: ['fund_exists', 'invalid_fund', 'date_out_of_range'],
  },
  'GET /funds': {
    tag: 'funds',
    summary: { vi: 'Danh sách các quỹ', en: 'List the funds' },
    auth: 'public',
    success: { status: 200, description: 'Every fund with its goal and totals.' },
    errors: [],
  },
  'GET /funds/{fundId}': {
    tag: 'funds',
    summary: { vi: 'Một quỹ và số tổng', en: "A fund's details and totals" },
    auth: 'public',
    path: fundPath,
    success: { status: 200, description: 'The fund and its totals, from its head.' },
    errors: FUND,
  },
  'GET /funds/{fundId}/ledger': {
    tag: 'funds',
    summary: { vi: 'Sổ quỹ: các bút toán công khai', en: 'The journal: public entries' },
    auth: 'public',
    path: fundPath,
    query: ledgerQuery,
    success: { status: 200, description: 'Entries in order with their hashes, or a page.' },
    errors: [
      ...FUND,
      'invalid_kind',
      'invalid_month',
      'query_too_long',
      'invalid_page',
      'invalid_cursor',
    ],
  },
  'GET /funds/{fundId}/head': {
    tag: 'funds',
    summary: { vi: 'Đầu chuỗi băm của sổ quỹ', en: "The journal's head (hash chain)" },
    auth: 'public',
    path: fundPath,
    success: { status: 200, description: 'The latest seq, hash and balances.' },
    errors: FUND,
  },
  'POST /funds/{fundId}/pledges': {
    tag: 'pledges',
    summary: { vi: 'Đăng ký ủng hộ', en: 'Make a pledge' },
    auth: 'public',
    path: fundPath,
    idempotent: true,
    body: { schema: pledgeInput, type: 'application/json', example: PLEDGE_EXAMPLE },
    success: {
      status: 201,
      description: 'The pledge, its manage link token and how to pay (200 on a retry).',
    },
    errors: [...FUND, ...APPEND_ERRORS, 'fund_not_receiving', 'card_amount_too_large'],
  },
  'POST /funds/{fundId}/pledges/{pledgeId}/cancel': {
    tag: 'pledges',
    summary: { vi: 'Thủ quỹ huỷ một đăng ký', en: 'A treasurer cancels a pledge' },
    auth: 'bearer',
    path: fundPledgePath,
    success: { status: 200, description: 'The cancelled pledge.' },
    errors: [...FUND, ...APPEND_ERRORS, 'pledge_not_found', 'pledge_closed'],
  },
  'GET /funds/{fundId}/settings': {
    tag: 'funds',
    summary: { vi: 'Cài đặt của quỹ', en: "A fund's settings" },
    auth: 'bearer',
    path: fundPath,
    success: { status: 200, description: 'Cash contact and reminder schedule (or defaults).' },
    errors: FUND,
  },
  'POST /funds/{fundId}/settings': {
    tag: 'funds',
    summary: { vi: 'Lưu cài đặt của quỹ', en: "Save a fund's settings" },
    auth: 'bearer',
    path: fundPath,
    body: {
      schema: fundSettingsInput,
      type: 'application/json',
      example: {
        cashContact: {
          name: 'Nguyễn Thị Lan',
          phone: '0912345678',
          place: 'Nhà văn hoá tổ dân phố 5, số 12 ngõ 34',
          hours: 'Tối thứ Hai đến thứ Sáu, 18:30–20:30',
        },
        reminders: { onDueDate: true, everyDays: 7 },
      },
    },
    success: { status: 200, description: 'The settings as saved.' },
    errors: [...FUND, 'invalid_fund'],
  },
  'POST /funds/{fundId}/payments': {
    tag: 'bookkeeping',
    summary: { vi: 'Ghi nhận tiền đã nhận', en: 'Record money received' },
    auth: 'bearer',
    path: fundPath,
    idempotent: true,
    body: {
      schema: paymentInput,
      type: 'application/json',
      example: {
        reference: 'KT8F2Q',
        amount: 2_000_000,
        method: 'cash',
        receivedAt: '2026-11-20T10:15:00+07:00',
        receiptNo: 'PT-0042',
      },
    },
    success: { status: 201, description: 'The receipt entry (200 on a retry).' },
    errors: [
      ...FUND,
      ...APPEND_ERRORS,
      'pledge_not_found',
      'pledge_closed',
      'bank_line_exists',
      'future_date',
      'date_out_of_range',
      'idempotency_conflict',
    ],
  },
  'GET /pledges/{pledgeId}': {
    tag: 'pledges',
    summary: { vi: 'Xem đăng ký của mình (liên kết quản lý)', en: 'Read my pledge (manage link)' },
    auth: 'manage-token',
    path: pledgePath,
    query: manageTokenQuery,
    success: { status: 200, description: 'The pledge and what was paid.' },
    errors: ['pledge_not_found', 'forbidden'],
  },
  'POST /pledges/{pledgeId}/cancel': {
    tag: 'pledges',
    summary: { vi: 'Người ủng hộ huỷ đăng ký', en: 'A donor cancels their pledge' },
    auth: 'manage-token',
    path: pledgePath,
    query: manageTokenQuery,
    success: { status: 200, description: 'The cancelled pledge.' },
    errors: [...APPEND_ERRORS, 'pledge_not_found', 'pledge_closed', 'forbidden'],
  },
  'POST /webhooks/stripe': {
    tag: 'webhooks',
    summary: { vi: 'Webhook của Stripe (thẻ)', en: "Stripe's webhook (cards)" },
    auth: 'stripe',
    body: {
      schema: stripeEventSchema,
      type: 'application/json',
      description:
        'A Stripe event, signed in the Stripe-Signature header (t=<unix s>,v1=HMAC-SHA256 of "t.body" with the webhook secret, at most 300 s old). Recorded: checkout.session.completed, checkout.session.async_payment_succeeded, checkout.session.async_payment_failed, charge.refunded; other types are answered 200 and left alone.',
      example: {
        id: 'evt_1QexAmple0001',
        type: 'checkout.session.completed',
        created: 1_795_000_000,
        data: {
          object: {
            id: 'cs_test_a1B2c3',
            object: 'checkout.session',
            payment_status: 'paid',
            currency: 'vnd',
            amount_total: 500_000,
            payment_intent: 'pi_3QexAmple0001',
            metadata: { fundId: 'camera-to-dan-pho-5', pledgeId: 'pl_k8f2qx7m9a' },
          },
        },
      },
    },
    success: { status: 200, description: '{received: true, type, …outcome}' },
    errors: [
      'invalid_signature',
      'signature_in_future',
      'invalid_stripe_event',
      'stripe_event_conflict',
      ...APPEND_ERRORS,
    ],
  },
  'GET /f/{fundId}/pledge': {
    tag: 'pages',
    summary: { vi: 'Trang đăng ký ủng hộ', en: 'The pledge form' },
    auth: 'public',
    path: fundPath,
    success: { status: 200, type: 'text/html', description: 'The form.' },
    errors: FUND,
  },
  'POST /f/{fundId}/pledge': {
    tag: 'pages',
    summary: { vi: 'Gửi trang đăng ký ủng hộ', en: 'Submit the pledge form' },
    auth: 'public',
    path: fundPath,
    body: {
      type: 'application/x-www-form-urlencoded',
      description:
        'The form fields, turned into the JSON body of POST /funds/{fundId}/pledges and checked by the same schema; a refused form is shown again with its messages.',
    },
    success: {
      status: 303,
      type: 'text/html',
      description: "Redirect to the pledge's page (or to card checkout).",
    },
    errors: [...FUND, 'fund_not_receiving', 'card_amount_too_large', 'busy'],
  },
  'GET /p/{pledgeId}': {
    tag: 'pages',
    summary: { vi: 'Trang đăng ký của người ủng hộ', en: "The donor's pledge page" },
    auth: 'manage-token',
    path: pledgePath,
    success: { status: 200, type: 'text/html', description: 'The pledge, how to pay, receipts.' },
    errors: ['pledge_not_found'],
  },
  'GET /p/{pledgeId}/cancel': {
    tag: 'pages',
    summary: { vi: 'Hỏi lại trước khi huỷ đăng ký', en: 'Confirm before cancelling a pledge' },
    auth: 'manage-token',
    path: pledgePath,
    success: { status: 200, type: 'text/html', description: 'The confirmation page.' },
    errors: ['pledge_not_found'],
  },
  'POST /p/{pledgeId}/cancel': {
    tag: 'pages',
    summary: { vi: 'Huỷ đăng ký (từ trang)', en: 'Cancel a pledge (from the page)' },
    auth: 'manage-token',
    path: pledgePath,
    body: { type: 'application/x-www-form-urlencoded', description: 'Field t: the manage token.' },
    success: { status: 303, type: 'text/html', description: "Redirect to the pledge's page." },
    errors: ['pledge_not_found', 'pledge_closed', 'busy'],
  },
  'POST /p/{pledgeId}/card': {
    tag: 'pages',
    summary: { vi: 'Thử lại thanh toán thẻ', en: 'Try the card payment again' },
    auth: 'manage-token',
    path: pledgePath,
    body: { type: 'application/x-www-form-urlencoded', description: 'Field t: the manage token.' },
    success: { status: 303, type: 'text/html', description: 'Redirect to Stripe Checkout.' },
    errors: ['pledge_not_found'],
  },
  'GET /p/{pledgeId}/pay': {
    tag: 'pages',
    summary: { vi: 'Liên kết thanh toán (chỉ xem)', en: 'The pay link (read-only)' },
    auth: 'pay-token',
    path: pledgePath,
    success: { status: 200, type: 'text/html', description: 'What is outstanding, with its QR.' },
    errors: ['pledge_not_found'],
  },
  'GET /p/{pledgeId}/qr.png': {
    tag: 'pages',
    summary: { vi: 'Tải ảnh mã QR chuyển khoản', en: 'Download the VietQR code' },
    auth: 'manage-token',
    path: pledgePath,
    success: { status: 200, type: 'image/png', description: 'The VietQR code of what is due.' },
    errors: ['pledge_not_found'],
  },
  'GET /funds/{fundId}/report': {
    tag: 'reports',
    summary: { vi: 'Báo cáo thu chi', en: 'The report: income and spending' },
    auth: 'public',
    path: fundPath,
    query: reportQuery,
    success: { status: 200, description: 'Totals, breakdowns, donors and payees; a period.' },
    errors: [...FUND, 'invalid_period'],
  },
  'GET /funds/{fundId}/exports': {
    tag: 'reports',
    summary: { vi: 'Danh mục tệp xuất bản', en: 'The index of published exports' },
    auth: 'public',
    path: exportPath,
    success: { status: 200, description: 'The export files (JSON, CSV, hledger) with links.' },
    errors: FUND,
  },
  'GET /funds/{fundId}/exports/{file}': {
    tag: 'reports',
    summary: { vi: 'Tải một tệp xuất bản', en: 'Download an export file' },
    auth: 'public',
    path: exportPath.required({ file: true }),
    success: { status: 302, description: 'Redirect to the file.' },
    errors: [...FUND, 'export_not_found'],
  },
  'GET /': {
    tag: 'pages',
    summary: { vi: 'Trang chủ: các quỹ', en: 'Home: the funds' },
    auth: 'public',
    success: { status: 200, type: 'text/html', description: 'Every fund with its goal bar.' },
    errors: [],
  },
  'GET /f/{fundId}': {
    tag: 'pages',
    summary: { vi: 'Trang công khai của quỹ', en: "A fund's public page" },
    auth: 'public',
    path: fundPath,
    success: { status: 200, type: 'text/html', description: 'Totals, journal, receipts.' },
    errors: [
      ...FUND,
      'invalid_kind',
      'invalid_month',
      'query_too_long',
      'invalid_page',
      'invalid_cursor',
    ],
  },
  'GET /f/{fundId}/share.png': {
    tag: 'pages',
    summary: { vi: 'Ảnh chia sẻ của quỹ', en: "A fund's share image" },
    auth: 'public',
    path: fundPath,
    success: { status: 200, type: 'image/png', description: 'The Open Graph image.' },
    errors: FUND,
  },
  'GET /funds/{fundId}/verify': {
    tag: 'pages',
    summary: { vi: 'Kiểm tra một biên nhận', en: 'Check a receipt' },
    auth: 'public',
    path: fundPath,
    success: {
      status: 200,
      type: 'text/html',
      description: 'The receipt checked against the signed log.',
    },
    errors: [...FUND, 'invalid_receipt_link', 'entry_not_found'],
  },
  'GET /f/{fundId}/statement': {
    tag: 'pages',
    summary: { vi: 'Bảng kê thu chi in được', en: 'The printable statement' },
    auth: 'public',
    path: fundPath,
    success: { status: 200, type: 'text/html', description: 'The statement of a period.' },
    errors: [...FUND, 'invalid_period', 'export_too_large'],
  },
  'GET /f/{fundId}/disclosure': {
    tag: 'pages',
    summary: { vi: 'Báo cáo công khai hằng năm', en: 'The yearly disclosure report' },
    auth: 'public',
    path: fundPath,
    success: { status: 200, type: 'text/html', description: 'Decree 93/2021 disclosure.' },
    errors: [...FUND, 'invalid_period', 'export_too_large'],
  },
  'POST /funds/{fundId}/evidence': {
    tag: 'evidence',
    summary: { vi: 'Khai báo một chứng từ trước khi tải lên', en: 'Declare evidence to upload' },
    auth: 'bearer',
    path: fundPath,
    body: {
      schema: evidenceInput,
      type: 'application/json',
      example: {
        sha256: 'a3f5c0e1b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a6',
        contentType: 'image/jpeg',
        size: 482_113,
        visibility: 'public',
        fileName: 'hoa-don-camera.jpg',
      },
    },
    success: { status: 201, description: 'The file and where to PUT it (a presigned URL).' },
    errors: [...FUND, 'invalid_entry'],
  },
  'GET /funds/{fundId}/evidence/{sha256}': {
    tag: 'evidence',
    summary: { vi: 'Tải một chứng từ công khai', en: 'Download public evidence' },
    auth: 'public',
    path: evidencePath,
    success: { status: 302, description: 'Redirect to the file (a presigned URL).' },
    errors: [...FUND, 'not_found'],
  },
  'POST /funds/{fundId}/disbursements': {
    tag: 'disbursements',
    summary: { vi: 'Đề nghị chi', en: 'Request a disbursement' },
    auth: 'bearer',
    path: fundPath,
    idempotent: true,
    body: {
      schema: disbursementInput,
      type: 'application/json',
      example: {
        amount: 18_500_000,
        category: 'cameras',
        payee: { name: 'Công ty TNHH Công nghệ An Phát', kind: 'business' },
        purpose: 'Mua và lắp 4 camera ngõ 12, 14',
        paidAt: '2026-11-21T09:00:00+07:00',
        method: 'transfer',
        evidence: ['a3f5c0e1b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a6'],
        bankRef: 'FT26325123456',
      },
    },
    success: { status: 201, description: 'The disbursement, pending approval (200 on a retry).' },
    errors: [
      ...FUND,
      'evidence_missing',
      'invalid_entry',
      'future_date',
      'date_out_of_range',
      'idempotency_conflict',
      'busy',
    ],
  },
  'GET /funds/{fundId}/disbursements': {
    tag: 'disbursements',
    summary: { vi: 'Các khoản chi theo trạng thái', en: 'Disbursements by status' },
    auth: 'bearer',
    path: fundPath,
    query: disbursementStatusQuery,
    success: { status: 200, description: 'The disbursements with that status.' },
    errors: FUND,
  },
  'POST /disbursements/{id}/approve': {
    tag: 'disbursements',
    summary: { vi: 'Duyệt chi (người duyệt)', en: 'Approve a disbursement (approver)' },
    auth: 'bearer',
    path: disbursementPath,
    success: { status: 201, description: 'The journal entry of the spending.' },
    errors: [
      'disbursement_not_found',
      'self_approval',
      'already_decided',
      'insufficient_funds',
      ...APPEND_ERRORS,
    ],
  },
  'POST /disbursements/{id}/reject': {
    tag: 'disbursements',
    summary: { vi: 'Từ chối khoản chi', en: 'Reject a disbursement' },
    auth: 'bearer',
    path: disbursementPath,
    body: {
      schema: rejectionInput,
      type: 'application/json',
      example: { reason: 'Thiếu hoá đơn đỏ, đề nghị bổ sung.' },
    },
    success: { status: 200, description: 'The rejected disbursement.' },
    errors: ['disbursement_not_found', 'self_approval', 'already_decided', 'conflict', 'busy'],
  },
  'POST /disbursements/{id}/withdraw': {
    tag: 'disbursements',
    summary: { vi: 'Rút lại đề nghị chi của mình', en: 'Withdraw my own request' },
    auth: 'bearer',
    path: disbursementPath,
    success: { status: 200, description: 'The withdrawn disbursement.' },
    errors: ['disbursement_not_found', 'not_withdrawable', 'conflict', 'busy'],
  },
  'POST /funds/{fundId}/reversals': {
    tag: 'bookkeeping',
    summary: { vi: 'Đảo một bút toán sai', en: 'Reverse a wrong entry' },
    auth: 'bearer',
    path: fundPath,
    body: {
      schema: reversalInput,
      type: 'application/json',
      example: { seq: 42, reason: 'Ghi nhầm số tiền: 200.000 đ thay vì 2.000.000 đ.' },
    },
    success: { status: 201, description: 'The reversing entry.' },
    errors: [
      ...FUND,
      ...APPEND_ERRORS,
      'entry_not_found',
      'entry_not_reversible',
      'already_decided',
      'insufficient_funds',
    ],
  },
  'POST /funds/{fundId}/bank-lines/{lineId}/decision': {
    tag: 'bank',
    summary: { vi: 'Quyết định một dòng sao kê chờ', en: 'Decide a waiting bank line' },
    auth: 'bearer',
    path: bankLinePath,
    body: {
      schema: bankLineDecisionInput,
      type: 'application/json',
      example: { action: 'gift', donorName: 'Trần Văn Minh', showName: true },
    },
    success: { status: 201, description: 'The decision and its entry (200 on a repeat).' },
    errors: [
      ...FUND,
      ...APPEND_ERRORS,
      'bank_line_not_found',
      'invalid_decision',
      'already_decided',
      'pledge_not_found',
      'pledge_closed',
      'disbursement_not_found',
      'insufficient_funds',
    ],
  },
  'POST /funds/{fundId}/transfers': {
    tag: 'bank',
    summary: { vi: 'Nộp tiền mặt vào / rút ra ngân hàng', en: 'Move cash to or from the bank' },
    auth: 'bearer',
    path: fundPath,
    idempotent: true,
    body: {
      schema: transferInput,
      type: 'application/json',
      example: {
        direction: 'cash-to-bank',
        amount: 5_000_000,
        occurredAt: '2026-11-22T15:30:00+07:00',
        memo: 'Nộp tiền mặt thu tuần 3',
      },
    },
    success: { status: 201, description: 'The transfer entry (200 on a retry).' },
    errors: [
      ...FUND,
      ...APPEND_ERRORS,
      'insufficient_funds',
      'future_date',
      'date_out_of_range',
      'idempotency_conflict',
    ],
  },
  'POST /webhooks/sepay': {
    tag: 'webhooks',
    summary: { vi: 'Webhook của SePay (chuyển khoản)', en: "SePay's webhook (bank transfers)" },
    auth: 'sepay',
    body: {
      schema: sepayNotificationSchema,
      type: 'application/json',
      description:
        'One bank transaction per POST, authenticated by "Authorization: Apikey <key>" (the key given to SePay). Retries repeat id, so a delivery is booked once.',
      example: {
        id: 92704,
        gateway: 'Vietcombank',
        transactionDate: '2026-11-20 14:02:37',
        accountNumber: '0011004455667',
        code: null,
        content: 'KT8F2Q ung ho camera',
        transferType: 'in',
        transferAmount: 2_000_000,
        accumulated: 19_077_000,
        subAccount: null,
        referenceCode: 'MBVCB.3278907687',
        description: '',
      },
    },
    success: { status: 200, description: '{success: true, …} for every authenticated delivery.' },
    errors: ['unauthorized', 'invalid_notification', ...APPEND_ERRORS],
  },
  'POST /webhooks/casso': {
    tag: 'webhooks',
    summary: { vi: 'Webhook của Casso (chuyển khoản)', en: "Casso's webhook (bank transfers)" },
    auth: 'casso',
    body: {
      schema: cassoDocumented,
      type: 'application/json',
      description:
        'Casso webhook v2, signed in X-Casso-Signature: t=<unix ms>,v1=HMAC-SHA512(checksum key, t + "." + the body with keys sorted deep), at most 5 minutes from our clock.',
      example: {
        error: 0,
        data: {
          id: 1_045_021,
          reference: 'FT26325987654',
          description: 'KT8F2Q ung ho camera',
          amount: 500_000,
          runningBalance: 19_577_000,
          transactionDateTime: '2026-11-20 15:06:37',
          accountNumber: '0011004455667',
          bankName: 'Vietcombank',
          bankAbbreviation: 'VCB',
          virtualAccountNumber: '',
          virtualAccountName: '',
          counterAccountName: 'TRAN VAN MINH',
          counterAccountNumber: '1903123456789',
          counterAccountBankId: '970407',
          counterAccountBankName: 'Techcombank',
        },
      },
    },
    success: { status: 200, description: '{success: true, …} for every authenticated delivery.' },
    errors: ['unauthorized', 'invalid_notification', ...APPEND_ERRORS],
  },
  'POST /funds/{fundId}/statements': {
    tag: 'bank',
    summary: { vi: 'Khai báo một sao kê ngân hàng', en: 'Declare a bank statement' },
    auth: 'bearer',
    path: fundPath,
    body: {
      schema: statementUploadInput,
      type: 'application/json',
      example: {
        sha256: '5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592',
        size: 1_048_576,
        fileName: 'sao-ke-thang-11.csv',
      },
    },
    success: { status: 201, description: 'The statement and where to PUT it (200 if known).' },
    errors: [...FUND, 'statement_already_imported'],
  },
  'GET /funds/{fundId}/statements': {
    tag: 'bank',
    summary: { vi: 'Các sao kê của quỹ', en: "A fund's statements" },
    auth: 'bearer',
    path: fundPath,
    success: { status: 200, description: 'The statements and their import status.' },
    errors: FUND,
  },
  'GET /statements/{statementId}': {
    tag: 'bank',
    summary: { vi: 'Tiến độ nhập một sao kê', en: "A statement's import progress" },
    auth: 'bearer',
    path: statementPath,
    success: { status: 200, description: 'Progress and, once done, the tie-out.' },
    errors: [
      'statement_not_found',
      'statement_wrong_account',
      'statement_unrecognised',
      'statement_malformed',
      'statement_unbalanced',
    ],
  },
  'GET /funds/{fundId}/bank-lines': {
    tag: 'bank',
    summary: { vi: 'Hàng chờ các dòng sao kê', en: 'The queue of waiting bank lines' },
    auth: 'bearer',
    path: fundPath,
    query: queueQuery,
    success: { status: 200, description: 'Waiting lines, oldest first, and a cursor.' },
    errors: FUND,
  },
  'GET /bank/unrouted': {
    tag: 'bank',
    summary: { vi: 'Giao dịch của tài khoản không thuộc quỹ nào', en: 'Unrouted notifications' },
    auth: 'bearer',
    success: { status: 200, description: 'Notifications for accounts no fund owns.' },
    errors: [],
  },
  'GET /funds/{fundId}/proofs/inclusion': {
    tag: 'log',
    summary: { vi: 'Bằng chứng một bút toán nằm trong cây', en: 'Inclusion proof of an entry' },
    auth: 'public',
    path: fundPath,
    query: inclusionQuery,
    success: { status: 200, description: 'The audit path (cacheable: it never changes).' },
    errors: [...FUND, 'seq_beyond_tree', 'checkpoint_not_found', 'log_integrity'],
  },
  'GET /funds/{fundId}/proofs/consistency': {
    tag: 'log',
    summary: { vi: 'Bằng chứng nhất quán giữa hai điểm', en: 'Consistency proof of two trees' },
    auth: 'public',
    path: fundPath,
    query: consistencyQuery,
    success: { status: 200, description: 'The consistency proof.' },
    errors: [...FUND, 'tree_sizes_out_of_order', 'checkpoint_not_found', 'log_integrity'],
  },
  'GET /funds/{fundId}/receipts/{seq}': {
    tag: 'log',
    summary: { vi: 'Biên nhận kèm bằng chứng của một bút toán', en: 'A receipt with its proof' },
    auth: 'public',
    path: receiptPath,
    success: { status: 200, description: 'The entry with its proof under the latest checkpoint.' },
    errors: [...FUND, 'receipt_not_ready', 'entry_not_found', 'seq_beyond_tree'],
  },
  'POST /funds/{fundId}/log/cosignatures': {
    tag: 'log',
    summary: { vi: 'Gửi chữ ký đồng xác nhận (nhân chứng)', en: 'Post a cosignature (witness)' },
    auth: 'public',
    path: fundPath,
    body: {
      type: 'text/plain',
      description:
        'The checkpoint note the log signed, with one or more witness cosignature lines appended (at most 64 KiB). Kept only when a registered witness signed it.',
    },
    success: { status: 201, description: 'The cosignatures kept.' },
    errors: [
      ...FUND,
      'bad_cosignature',
      'unknown_witness',
      'stale_cosignature',
      'checkpoint_not_found',
      'note_too_large',
    ],
  },
  'GET /funds/{fundId}/log/cosignatures': {
    tag: 'log',
    summary: { vi: 'Các chữ ký đồng xác nhận mới nhất', en: 'The latest cosignatures' },
    auth: 'public',
    path: fundPath,
    success: { status: 200, description: "Each witness's latest cosignature." },
    errors: FUND,
  },
  'POST /funds/{fundId}/log/fork-reports': {
    tag: 'log',
    summary: { vi: 'Báo cáo sổ bị rẽ nhánh (nhân chứng)', en: 'Report a fork (witness)' },
    auth: 'public',
    path: fundPath,
    body: {
      schema: forkProofInput,
      type: 'application/json',
      description:
        'The soquy-fork-proof/1 file a witness writes; a proven fork authenticates itself (two notes signed by the log key).',
    },
    success: { status: 201, description: 'The report kept (200 and the same one on a repeat).' },
    errors: [...FUND, 'bad_fork_proof', 'not_a_fork', 'fork_proof_too_large'],
  },
  'GET /funds/{fundId}/log/fork-reports': {
    tag: 'log',
    summary: { vi: 'Các báo cáo rẽ nhánh của quỹ', en: "A fund's fork reports" },
    auth: 'public',
    path: fundPath,
    success: { status: 200, description: 'Every report kept for the fund, proven first.' },
    errors: FUND,
  },
  'GET /.well-known/soquy/checkpoint-key': {
    tag: 'log',
    summary: { vi: 'Khoá công khai ký các điểm kiểm tra', en: "The log's checkpoint key" },
    auth: 'public',
    success: { status: 200, type: 'text/plain', description: 'The note verifier key, one line.' },
    errors: [],
  },
  'GET /log/witnesses': {
    tag: 'log',
    summary: { vi: 'Các nhân chứng đã đăng ký', en: 'The registered witnesses' },
    auth: 'public',
    success: { status: 200, description: 'The witnesses whose cosignatures are kept.' },
    errors: [],
  },
  'POST /log/witnesses': {
    tag: 'log',
    summary: { vi: 'Đăng ký một nhân chứng (quản trị viên)', en: 'Register a witness (admin)' },
    auth: 'bearer',
    body: {
      schema: witnessInput,
      type: 'application/json',
      example: {
        vkey: 'baotuoitre.vn/soquy+1a2b3c4d+AV8mC2dS9fR5rQ1hKcJx0cPj3cN0Qz7lBzC6oXx4jYsA',
        label: 'Báo Tuổi Trẻ',
      },
    },
    success: { status: 201, description: 'The witness, registered.' },
    errors: ['invalid_witness'],
  },
  'GET /funds/{fundId}/staff': {
    tag: 'staff',
    summary: { vi: 'Thủ quỹ và người duyệt của quỹ', en: "A fund's treasurers and approvers" },
    auth: 'bearer',
    path: fundPath,
    success: { status: 200, description: 'The staff and their roles.' },
    errors: FUND,
  },
  'POST /funds/{fundId}/staff': {
    tag: 'staff',
    summary: { vi: 'Bổ nhiệm thủ quỹ hoặc người duyệt', en: 'Appoint a treasurer or approver' },
    auth: 'bearer',
    path: fundPath,
    body: {
      schema: addStaffInput,
      type: 'application/json',
      example: { email: 'lan.nguyen@example.vn', role: 'treasurer' },
    },
    success: { status: 201, description: 'The staff member and their role.' },
    errors: [...FUND, 'invalid_staff'],
  },
  'POST /funds/{fundId}/staff/remove': {
    tag: 'staff',
    summary: { vi: 'Bãi nhiệm một vai trò', en: 'Remove a role' },
    auth: 'bearer',
    path: fundPath,
    body: {
      schema: removeStaffInput,
      type: 'application/json',
      example: { username: 'lan.nguyen@example.vn', role: 'approver' },
    },
    success: { status: 200, description: 'The staff list after the removal.' },
    errors: [...FUND, 'staff_not_found', 'last_approver', 'invalid_staff'],
  },
  'GET /u/{pledgeId}': {
    tag: 'pages',
    summary: { vi: 'Hỏi trước khi ngừng nhắc', en: 'Ask before stopping reminders' },
    auth: 'unsubscribe-token',
    path: pledgePath,
    success: { status: 200, type: 'text/html', description: 'The confirmation page.' },
    errors: ['pledge_not_found'],
  },
  'POST /u/{pledgeId}': {
    tag: 'pages',
    summary: { vi: 'Ngừng nhận thư nhắc', en: 'Stop reminders (one-click)' },
    auth: 'unsubscribe-token',
    path: pledgePath,
    body: {
      type: 'application/x-www-form-urlencoded',
      description:
        'Field t: the unsubscribe token (RFC 8058 one-click sends List-Unsubscribe=One-Click).',
    },
    success: { status: 200, type: 'text/html', description: 'Reminders stopped.' },
    errors: ['pledge_not_found'],
  },
  'ANY /console': {
    tag: 'console',
    summary: { vi: 'Bảng điều khiển của cán bộ', en: "The staff's console" },
    auth: 'session',
    success: { status: 200, type: 'text/html', description: 'The console (or sign-in).' },
    errors: ['csrf'],
  },
  'ANY /console/{proxy+}': {
    tag: 'console',
    summary: {
      vi: 'Các trang và biểu mẫu của bảng điều khiển',
      en: "The console's pages and forms",
    },
    auth: 'session',
    path: z.object({ proxy: z.string() }),
    success: { status: 200, type: 'text/html', description: 'A console page, form or CSV.' },
    errors: ['csrf', 'fund_not_found'],
  },
  'GET /openapi.json': {
    tag: 'docs',
    summary: { vi: 'Mô tả API (OpenAPI 3.1)', en: 'The API description (OpenAPI 3.1)' },
    auth: 'public',
    success: { status: 200, description: 'This document.' },
    errors: [],
  },
  'GET /docs/api': {
    tag: 'docs',
    summary: { vi: 'Trang mô tả API', en: 'The API page' },
    auth: 'public',
    success: { status: 200, type: 'text/html', description: 'This description as a page.' },
    errors: [],
  },
};
