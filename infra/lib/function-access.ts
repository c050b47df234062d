/**
 * What each function may do to each table: exact actions, on the table and only the indexes it
 * queries. The Journal never appears with UpdateItem or DeleteItem: that is what makes it
 * append-only in AWS, and the infra test checks it.
 */
export interface Grant {
  actions: string[];
  /** GSIs the function queries by name. */
  indexes?: string[];
}

export interface TableAccess {
  journal?: Grant;
  state?: Grant;
  /** Evidence objects: read (GetObject/HeadObject), write (PutObject). */
  evidence?: ('read' | 'write')[];
}

/** What a function that appends entries needs: BatchGet of head + key, then one transaction. */
const APPEND: { journal: Grant; state: Grant } = {
  journal: { actions: ['dynamodb:PutItem', 'dynamodb:Query'] },
  state: {
    actions: [
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ],
  },
};

export const FUNCTION_ACCESS: Record<string, TableAccess> = {
  'create-fund': { state: { actions: ['dynamodb:PutItem'] } },
  'list-funds': { state: { actions: ['dynamodb:Query'], indexes: ['byEntity'] } },
  'get-fund': { state: { actions: ['dynamodb:GetItem'] } },
  'get-head': { state: { actions: ['dynamodb:GetItem'] } },
  'get-ledger': {
    state: { actions: ['dynamodb:GetItem'] },
    journal: { actions: ['dynamodb:Query'] },
  },
  'create-pledge': APPEND,
  'pledge-form': APPEND,
  'record-payment': APPEND,
  'cancel-pledge': APPEND,
  'treasurer-cancel-pledge': APPEND,
  'pledge-page': APPEND,
  'get-pledge': { state: { actions: ['dynamodb:GetItem'] } },
  'get-report': {
    state: { actions: ['dynamodb:GetItem', 'dynamodb:Query'], indexes: ['byEntity'] },
  },
  'export-journal': {
    state: { actions: ['dynamodb:GetItem'] },
    journal: { actions: ['dynamodb:Query'] },
  },
  'home-page': { state: { actions: ['dynamodb:Query'], indexes: ['byEntity'] } },
  'fund-page': {
    state: { actions: ['dynamodb:GetItem', 'dynamodb:Query'], indexes: ['byEntity'] },
    journal: { actions: ['dynamodb:Query'], indexes: ['byRef', 'byExternalRef'] },
  },
  'statement-page': {
    state: { actions: ['dynamodb:GetItem', 'dynamodb:Query'], indexes: ['byEntity'] },
    journal: { actions: ['dynamodb:Query'] },
  },
  'create-evidence-upload': {
    state: { actions: ['dynamodb:GetItem', 'dynamodb:PutItem'] },
    evidence: ['write'],
  },
  'get-evidence': { state: { actions: ['dynamodb:GetItem'] }, evidence: ['read'] },
  // Records a pending disbursement in State only; the journal entry comes with its approval.
  'record-disbursement': {
    journal: { actions: ['dynamodb:Query'] },
    state: APPEND.state,
    evidence: ['read'],
  },
  'list-disbursements': { state: { actions: ['dynamodb:Query'], indexes: ['byEntity'] } },
  'approve-disbursement': APPEND,
  'reject-disbursement': { state: { actions: ['dynamodb:GetItem', 'dynamodb:PutItem'] } },
  'reverse-entry': APPEND,
  console: {
    journal: APPEND.journal,
    state: { actions: [...APPEND.state.actions, 'dynamodb:Query'], indexes: ['byEntity'] },
    evidence: ['read', 'write'],
  },
  'stripe-webhook': {
    journal: { actions: ['dynamodb:PutItem', 'dynamodb:Query'], indexes: ['byExternalRef'] },
    state: APPEND.state,
  },
};

/** Functions that sign in staff through the Cognito hosted UI (cookie sessions). */
export const CONSOLE_FUNCTIONS: readonly string[] = ['console'];

/** Functions that talk to Stripe and so read its keys from Secrets Manager. */
export const STRIPE_FUNCTIONS: readonly string[] = [
  'create-pledge',
  'pledge-form',
  'stripe-webhook',
];
