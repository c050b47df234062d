/**
 * Every HTTP route and the function folder that serves it. The local API Gateway emulator and
 * the CDK stack both read this list, so a route exists in both or in neither.
 */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'ANY';
  path: string;
  /** Folder under functions/ holding handler.ts. */
  fn: string;
  /** Behind the JWT authorizer (staff routes). */
  auth: boolean;
}

export const ROUTES: readonly RouteSpec[] = [
  { method: 'POST', path: '/funds', fn: 'create-fund', auth: true },
  { method: 'GET', path: '/funds', fn: 'list-funds', auth: false },
  { method: 'GET', path: '/funds/{fundId}', fn: 'get-fund', auth: false },
  { method: 'GET', path: '/funds/{fundId}/ledger', fn: 'get-ledger', auth: false },
  { method: 'GET', path: '/funds/{fundId}/head', fn: 'get-head', auth: false },
  { method: 'POST', path: '/funds/{fundId}/pledges', fn: 'create-pledge', auth: false },
  {
    method: 'POST',
    path: '/funds/{fundId}/pledges/{pledgeId}/cancel',
    fn: 'treasurer-cancel-pledge',
    auth: true,
  },
  { method: 'POST', path: '/funds/{fundId}/payments', fn: 'record-payment', auth: true },
  { method: 'GET', path: '/pledges/{pledgeId}', fn: 'get-pledge', auth: false },
  { method: 'POST', path: '/pledges/{pledgeId}/cancel', fn: 'cancel-pledge', auth: false },
  { method: 'POST', path: '/webhooks/stripe', fn: 'stripe-webhook', auth: false },
  { method: 'GET', path: '/f/{fundId}/pledge', fn: 'pledge-form', auth: false },
  { method: 'POST', path: '/f/{fundId}/pledge', fn: 'pledge-form', auth: false },
  { method: 'GET', path: '/p/{pledgeId}', fn: 'pledge-page', auth: false },
  { method: 'POST', path: '/p/{pledgeId}/cancel', fn: 'pledge-page', auth: false },
  { method: 'GET', path: '/funds/{fundId}/report', fn: 'get-report', auth: false },
  { method: 'GET', path: '/funds/{fundId}/export.json', fn: 'export-journal', auth: false },
  { method: 'GET', path: '/funds/{fundId}/export.csv', fn: 'export-journal', auth: false },
  { method: 'GET', path: '/funds/{fundId}/export.journal', fn: 'export-journal', auth: false },
  { method: 'GET', path: '/', fn: 'home-page', auth: false },
  { method: 'GET', path: '/f/{fundId}', fn: 'fund-page', auth: false },
  { method: 'GET', path: '/f/{fundId}/statement', fn: 'statement-page', auth: false },
  { method: 'POST', path: '/funds/{fundId}/evidence', fn: 'create-evidence-upload', auth: true },
  { method: 'GET', path: '/funds/{fundId}/evidence/{sha256}', fn: 'get-evidence', auth: false },
  { method: 'POST', path: '/funds/{fundId}/disbursements', fn: 'record-disbursement', auth: true },
  { method: 'GET', path: '/funds/{fundId}/disbursements', fn: 'list-disbursements', auth: true },
  { method: 'POST', path: '/disbursements/{id}/approve', fn: 'approve-disbursement', auth: true },
  { method: 'POST', path: '/disbursements/{id}/reject', fn: 'reject-disbursement', auth: true },
  { method: 'POST', path: '/funds/{fundId}/reversals', fn: 'reverse-entry', auth: true },
  // The console checks its own session cookie (the JWT authorizer reads only the Authorization header).
  { method: 'ANY', path: '/console', fn: 'console', auth: false },
  { method: 'ANY', path: '/console/{proxy+}', fn: 'console', auth: false },
];

export const FUNCTION_NAMES: readonly string[] = [...new Set(ROUTES.map((r) => r.fn))];
