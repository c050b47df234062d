import type { OperationName } from '@soquy/ledger';

/**
 * Every HTTP route, the operation it performs and the function folder that serves it. The
 * local API Gateway emulator and the CDK stack both read this list, so a route exists in both
 * or in neither; the operation's declared access decides who may call it.
 */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'ANY';
  path: string;
  /** Folder under functions/ holding handler.ts. */
  fn: string;
  /** Behind the JWT authorizer (staff routes). */
  auth: boolean;
  /** What a user does through this route (packages/ledger/src/operations/index.ts). */
  operation: OperationName;
}

export const ROUTES: readonly RouteSpec[] = [
  { method: 'POST', path: '/funds', fn: 'create-fund', auth: true, operation: 'open-fund' },
  { method: 'GET', path: '/funds', fn: 'list-funds', auth: false, operation: 'read-fund' },
  { method: 'GET', path: '/funds/{fundId}', fn: 'get-fund', auth: false, operation: 'read-fund' },
  {
    method: 'GET',
    path: '/funds/{fundId}/ledger',
    fn: 'get-ledger',
    auth: false,
    operation: 'read-fund',
  },
  {
    method: 'GET',
    path: '/funds/{fundId}/head',
    fn: 'get-head',
    auth: false,
    operation: 'read-fund',
  },
  {
    method: 'POST',
    path: '/funds/{fundId}/pledges',
    fn: 'pledges',
    auth: false,
    operation: 'make-pledge',
  },
  {
    method: 'POST',
    path: '/funds/{fundId}/pledges/{pledgeId}/cancel',
    fn: 'pledges',
    auth: true,
    operation: 'cancel-pledge',
  },
  // A fund's cash contact and reminder schedule, for its treasurers and administrators.
  {
    method: 'GET',
    path: '/funds/{fundId}/settings',
    fn: 'fund-settings',
    auth: true,
    operation: 'update-fund-settings',
  },
  {
    method: 'POST',
    path: '/funds/{fundId}/settings',
    fn: 'fund-settings',
    auth: true,
    operation: 'update-fund-settings',
  },
  {
    method: 'POST',
    path: '/funds/{fundId}/payments',
    fn: 'bookkeeping',
    auth: true,
    operation: 'record-payment',
  },
  {
    method: 'GET',
    path: '/pledges/{pledgeId}',
    fn: 'get-pledge',
    auth: false,
    operation: 'read-pledge',
  },
  {
    method: 'POST',
    path: '/pledges/{pledgeId}/cancel',
    fn: 'pledges',
    auth: false,
    operation: 'cancel-pledge',
  },
  {
    method: 'POST',
    path: '/webhooks/stripe',
    fn: 'stripe-webhook',
    auth: false,
    operation: 'record-card-payment',
  },
  {
    method: 'GET',
    path: '/f/{fundId}/pledge',
    fn: 'pledges',
    auth: false,
    operation: 'make-pledge',
  },
  {
    method: 'POST',
    path: '/f/{fundId}/pledge',
    fn: 'pledges',
    auth: false,
    operation: 'make-pledge',
  },
  {
    method: 'GET',
    path: '/p/{pledgeId}',
    fn: 'pledges',
    auth: false,
    operation: 'read-pledge',
  },
  // Asks before cancelling: only the confirmation page's POST cancels.
  {
    method: 'GET',
    path: '/p/{pledgeId}/cancel',
    fn: 'pledges',
    auth: false,
    operation: 'read-pledge',
  },
  {
    method: 'POST',
    path: '/p/{pledgeId}/cancel',
    fn: 'pledges',
    auth: false,
    operation: 'cancel-pledge',
  },
  // "Try the card again" after backing out of Stripe Checkout: the pledge's one session.
  {
    method: 'POST',
    path: '/p/{pledgeId}/card',
    fn: 'pledges',
    auth: false,
    operation: 'read-pledge',
  },
  // The pay link a treasurer sends by Zalo/SMS: read-only, its own token (not the manage token).
  {
    method: 'GET',
    path: '/p/{pledgeId}/pay',
    fn: 'pledges',
    auth: false,
    operation: 'read-pledge-to-pay',
  },
  // "Save QR image": the VietQR code of what is outstanding, as a PNG download.
  {
    method: 'GET',
    path: '/p/{pledgeId}/qr.png',
    fn: 'pledges',
    auth: false,
    operation: 'read-pledge',
  },
  {
    method: 'GET',
    path: '/funds/{fundId}/report',
    fn: 'get-report',
    auth: false,
    operation: 'read-report',
  },
  {
    method: 'GET',
    path: '/funds/{fundId}/exports',
    fn: 'get-exports',
    auth: false,
    operation: 'read-report',
  },
  {
    method: 'GET',
    path: '/funds/{fundId}/exports/{file}',
    fn: 'get-exports',
    auth: false,
    operation: 'read-report',
  },
  { method: 'GET', path: '/', fn: 'home-page', auth: false, operation: 'read-fund' },
  { method: 'GET', path: '/f/{fundId}', fn: 'fund-page', auth: false, operation: 'read-report' },
  // The fund's Open Graph image (PNG: Facebook and Zalo show no SVG), cacheable.
  {
    method: 'GET',
    path: '/f/{fundId}/share.png',
    fn: 'fund-page',
    auth: false,
    operation: 'read-fund',
  },
  // Where a receipt's QR code leads: the receipt checked against the signed log, in the browser.
  {
    method: 'GET',
    path: '/funds/{fundId}/verify',
    fn: 'fund-page',
    auth: false,
    operation: 'read-log',
  },
  {
    method: 'GET',
    path: '/f/{fundId}/statement',
    fn: 'statement-page',
    auth: false,
    operation: 'read-report',
  },
  // The yearly public disclosure report (Decree 93/2021/NĐ-CP), printable.
  {
    method: 'GET',
    path: '/f/{fundId}/disclosure',
    fn: 'statement-page',
    auth: false,
    operation: 'read-report',
  },
  {
    method: 'POST',
    path: '/funds/{fundId}/evidence',
    fn: 'create-evidence-upload',
    auth: true,
    operation: 'upload-evidence',
  },
  {
    method: 'GET',
    path: '/funds/{fundId}/evidence/{sha256}',
    fn: 'get-evidence',
    auth: false,
    operation: 'read-evidence',
  },
  {
    method: 'POST',
    path: '/funds/{fundId}/disbursements',
    fn: 'record-disbursement',
    auth: true,
    operation: 'record-disbursement',
  },
  {
    method: 'GET',
    path: '/funds/{fundId}/disbursements',
    fn: 'list-disbursements',
    auth: true,
    operation: 'list-disbursements',
  },
  {
    method: 'POST',
    path: '/disbursements/{id}/approve',
    fn: 'bookkeeping',
    auth: true,
    operation: 'approve-disbursement',
  },
  {
    method: 'POST',
    path: '/disbursements/{id}/reject',
    fn: 'reject-disbursement',
    auth: true,
    operation: 'reject-disbursement',
  },
  {
    method: 'POST',
    path: '/disbursements/{id}/withdraw',
    fn: 'reject-disbursement',
    auth: true,
    operation: 'withdraw-disbursement',
  },
  {
    method: 'POST',
    path: '/funds/{fundId}/reversals',
    fn: 'bookkeeping',
    auth: true,
    operation: 'reverse-entry',
  },
  {
    method: 'POST',
    path: '/funds/{fundId}/bank-lines/{lineId}/decision',
    fn: 'bookkeeping',
    auth: true,
    operation: 'decide-bank-line',
  },
  {
    method: 'POST',
    path: '/funds/{fundId}/transfers',
    fn: 'bookkeeping',
    auth: true,
    operation: 'record-transfer',
  },
  {
    method: 'POST',
    path: '/webhooks/sepay',
    fn: 'bank-webhooks',
    auth: false,
    operation: 'receive-bank-notification',
  },
  {
    method: 'POST',
    path: '/webhooks/casso',
    fn: 'bank-webhooks',
    auth: false,
    operation: 'receive-bank-notification',
  },
  {
    method: 'POST',
    path: '/funds/{fundId}/statements',
    fn: 'bank-statements',
    auth: true,
    operation: 'import-statement',
  },
  {
    method: 'GET',
    path: '/funds/{fundId}/statements',
    fn: 'bank-statements',
    auth: true,
    operation: 'list-bank-queue',
  },
  {
    method: 'GET',
    path: '/statements/{statementId}',
    fn: 'bank-statements',
    auth: true,
    operation: 'read-statement',
  },
  {
    method: 'GET',
    path: '/funds/{fundId}/bank-lines',
    fn: 'bank-statements',
    auth: true,
    operation: 'list-bank-queue',
  },
  {
    method: 'GET',
    path: '/bank/unrouted',
    fn: 'bank-statements',
    auth: true,
    operation: 'list-unrouted',
  },
  // The transparency log: proofs, receipts, cosignatures, the key and the witnesses. The
  // checkpoint and tiles themselves are static files (CloudFront + S3), not routes.
  {
    method: 'GET',
    path: '/funds/{fundId}/proofs/inclusion',
    fn: 'transparency-log',
    auth: false,
    operation: 'read-log',
  },
  {
    method: 'GET',
    path: '/funds/{fundId}/proofs/consistency',
    fn: 'transparency-log',
    auth: false,
    operation: 'read-log',
  },
  {
    method: 'GET',
    path: '/funds/{fundId}/receipts/{seq}',
    fn: 'transparency-log',
    auth: false,
    operation: 'read-log',
  },
  {
    method: 'POST',
    path: '/funds/{fundId}/log/cosignatures',
    fn: 'transparency-log',
    auth: false,
    operation: 'cosign-checkpoint',
  },
  {
    method: 'GET',
    path: '/funds/{fundId}/log/cosignatures',
    fn: 'transparency-log',
    auth: false,
    operation: 'read-log',
  },
  // A witness reports a fork it caught; anyone may read the reports (a proof authenticates itself).
  {
    method: 'POST',
    path: '/funds/{fundId}/log/fork-reports',
    fn: 'transparency-log',
    auth: false,
    operation: 'report-fork',
  },
  {
    method: 'GET',
    path: '/funds/{fundId}/log/fork-reports',
    fn: 'transparency-log',
    auth: false,
    operation: 'read-fund',
  },
  {
    method: 'GET',
    path: '/.well-known/soquy/checkpoint-key',
    fn: 'transparency-log',
    auth: false,
    operation: 'read-log',
  },
  {
    method: 'GET',
    path: '/log/witnesses',
    fn: 'transparency-log',
    auth: false,
    operation: 'read-log',
  },
  {
    method: 'POST',
    path: '/log/witnesses',
    fn: 'transparency-log',
    auth: true,
    operation: 'manage-witnesses',
  },
  // Who works on a fund: an administrator appoints and removes treasurers and approvers.
  {
    method: 'GET',
    path: '/funds/{fundId}/staff',
    fn: 'staff',
    auth: true,
    operation: 'manage-staff',
  },
  {
    method: 'POST',
    path: '/funds/{fundId}/staff',
    fn: 'staff',
    auth: true,
    operation: 'manage-staff',
  },
  {
    method: 'POST',
    path: '/funds/{fundId}/staff/remove',
    fn: 'staff',
    auth: true,
    operation: 'manage-staff',
  },
  // A reminder's unsubscribe link: GET asks, POST stops (also RFC 8058 one-click from mail apps).
  {
    method: 'GET',
    path: '/u/{pledgeId}',
    fn: 'unsubscribe',
    auth: false,
    operation: 'unsubscribe-reminders',
  },
  {
    method: 'POST',
    path: '/u/{pledgeId}',
    fn: 'unsubscribe',
    auth: false,
    operation: 'unsubscribe-reminders',
  },
  // The API described (OpenAPI 3.1, from the handlers' own zod schemas), and the same as a page.
  {
    method: 'GET',
    path: '/openapi.json',
    fn: 'api-docs',
    auth: false,
    operation: 'read-api-description',
  },
  {
    method: 'GET',
    path: '/docs/api',
    fn: 'api-docs',
    auth: false,
    operation: 'read-api-description',
  },
  // The console checks its own session cookie (the JWT authorizer reads only the Authorization header).
  { method: 'ANY', path: '/console', fn: 'console', auth: false, operation: 'open-console' },
  {
    method: 'ANY',
    path: '/console/{proxy+}',
    fn: 'console',
    auth: false,
    operation: 'open-console',
  },
];

/**
 * Functions no route calls: the journal table's stream runs them (send-mail also runs on the
 * State table's stream, filtered to disbursement records).
 */
export const STREAM_FUNCTIONS: readonly string[] = ['publish-exports', 'send-mail'];

/** Functions a schedule runs: the daily pledge reminders. */
export const SCHEDULED_FUNCTIONS: readonly string[] = ['pledge-reminders'];

/** Functions an SQS queue runs: the statement import (S3 event → queue → chunks). */
export const QUEUE_FUNCTIONS: readonly string[] = ['import-statements'];

export const FUNCTION_NAMES: readonly string[] = [
  ...new Set(ROUTES.map((r) => r.fn)),
  ...STREAM_FUNCTIONS,
  ...QUEUE_FUNCTIONS,
  ...SCHEDULED_FUNCTIONS,
];
