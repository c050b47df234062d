/**
 * The ledger core. `primitives/` holds money, accounts, entries, canonical bytes, the one head
 * fold and the verifier; `ports/` what the core needs from storage and the outside; `access/`
 * who may do what; `operations/<name>/` one folder per business operation with its input, its
 * access, its decision and its tests. See docs/architecture.md.
 */
export * from './access/access.ts';
export * from './errors.ts';
export * from './operations/card-payment/access.ts';
export * from './operations/card-payment/record-card-payment.ts';
export * from './operations/common/read.ts';
export * from './operations/disbursement/access.ts';
export * from './operations/disbursement/decide-disbursement.ts';
export * from './operations/disbursement/input.ts';
export * from './operations/disbursement/list-disbursements.ts';
export * from './operations/disbursement/record-disbursement.ts';
export * from './operations/evidence/access.ts';
export * from './operations/evidence/input.ts';
export * from './operations/evidence/read-evidence.ts';
export * from './operations/evidence/upload-evidence.ts';
export * from './operations/fund/access.ts';
export * from './operations/fund/input.ts';
export * from './operations/fund/open-fund.ts';
export * from './operations/fund/read-fund.ts';
export * from './operations/index.ts';
export * from './operations/payment/access.ts';
export * from './operations/payment/input.ts';
export * from './operations/payment/record-payment.ts';
export * from './operations/pledge/access.ts';
export * from './operations/pledge/cancel-pledge.ts';
export * from './operations/pledge/create-pledge.ts';
export * from './operations/pledge/get-pledge.ts';
export * from './operations/pledge/input.ts';
export * from './operations/pledge/manage-token.ts';
export * from './operations/report/access.ts';
export * from './operations/report/exports.ts';
export * from './operations/report/get-report.ts';
export * from './operations/report/publish-exports.ts';
export * from './operations/reversal/access.ts';
export * from './operations/reversal/input.ts';
export * from './operations/reversal/reverse-entry.ts';
export type * from './ports/card-checkout.ts';
export type * from './ports/evidence-files.ts';
export type * from './ports/export-files.ts';
export type * from './ports/ledger-store.ts';
export * from './ports/random-ids.ts';
export * from './primitives/accounts.ts';
export * from './primitives/aggregates.ts';
export * from './primitives/canonical.ts';
export * from './primitives/drafts.ts';
export * from './primitives/entry.ts';
export * from './primitives/fields.ts';
export * from './primitives/fund.ts';
export * from './primitives/head.ts';
export * from './primitives/money.ts';
export * from './primitives/occurred.ts';
export * from './primitives/pledges.ts';
export type * from './primitives/records.ts';
export * from './primitives/rules.ts';
export * from './primitives/text.ts';
export * from './primitives/totals.ts';
export * from './primitives/verify.ts';
export * from './primitives/vietnam-time.ts';
