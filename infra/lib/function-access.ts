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
  /** Published exports under exports/: read (GetObject), write (PutObject). */
  exports?: ('read' | 'write')[];
  /** Bank statement files under statements/: read (GetObject), write (PutObject). */
  statements?: ('read' | 'write')[];
  /** The transparency log's tiles and checkpoints in the log bucket: read, write. */
  log?: ('read' | 'write')[];
  /**
   * The checkpoint key in KMS: `public-key` (kms:GetPublicKey, to show or check it), or `sign`
   * (kms:Sign as well). Only publish-exports signs.
   */
  checkpointKey?: 'public-key' | 'sign';
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
  // The journal, and the fund page's filtered view: pledge references, which entries were
  // reversed (one batch read of claims), the month, reference and pledge indexes.
  'get-ledger': {
    state: { actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'] },
    journal: { actions: ['dynamodb:Query'], indexes: ['byRef', 'byExternalRef', 'byMonth'] },
  },
  // Every pledge route: the API, the form, the donor's page (receipts with their inclusion
  // proofs: the latest checkpoint, tiles, the log's key), and both ways to cancel.
  pledges: {
    journal: APPEND.journal,
    state: { actions: [...APPEND.state.actions, 'dynamodb:Query'] },
    log: ['read'],
    checkpointKey: 'public-key',
  },
  // The staff API's journal writes: payments received, approvals, reversals.
  bookkeeping: APPEND,
  'get-pledge': { state: { actions: ['dynamodb:GetItem'] } },
  // A fund's settings (cash contact, reminders): one State item per fund, never the journal.
  'fund-settings': { state: { actions: ['dynamodb:GetItem', 'dynamodb:PutItem'] } },
  'get-report': {
    state: { actions: ['dynamodb:GetItem', 'dynamodb:Query'], indexes: ['byEntity'] },
  },
  // Reads the small index of published files and redirects to them; never the journal.
  'get-exports': { state: { actions: ['dynamodb:GetItem'] }, exports: ['read'] },
  // Run by the journal's stream: reads the entries the log and the exports have not taken yet,
  // writes tiles, then signs and keeps a checkpoint (State), then writes the export files.
  'publish-exports': {
    state: { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'] },
    journal: { actions: ['dynamodb:Query'] },
    exports: ['read', 'write'],
    log: ['read', 'write'],
    checkpointKey: 'sign',
  },
  // Proofs and receipts (kept checkpoints, tiles, the entry), cosignatures, witnesses and their
  // fork reports (one conditional PutItem per proof).
  'transparency-log': {
    state: { actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'] },
    journal: { actions: ['dynamodb:Query'] },
    log: ['read'],
    checkpointKey: 'public-key',
  },
  'home-page': { state: { actions: ['dynamodb:Query'], indexes: ['byEntity'] } },
  'fund-page': {
    // BatchGetItem: which entries of a page were reversed; byMonth: the month filter.
    state: {
      actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
      indexes: ['byEntity'],
    },
    journal: { actions: ['dynamodb:Query'], indexes: ['byRef', 'byExternalRef', 'byMonth'] },
    exports: ['read'],
    // The log's key, its latest checkpoint and cosignatures, and the verification page.
    log: ['read'],
    checkpointKey: 'public-key',
  },
  // The statement and the disclosure report: the head's monthly sums, the period's months
  // (byMonth), which entries of a page were reversed (BatchGetItem of the claims) and by what
  // (byRef, byExternalRef).
  'statement-page': {
    state: {
      actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
      indexes: ['byEntity'],
    },
    journal: { actions: ['dynamodb:Query'], indexes: ['byMonth', 'byRef', 'byExternalRef'] },
    // The checkpoint the printed statement was cut at.
    log: ['read'],
    checkpointKey: 'public-key',
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
  // Marks a pending disbursement rejected, and may release a matched bank line, in one State
  // transaction; nothing reaches the Journal.
  'reject-disbursement': { state: APPEND.state },
  console: {
    journal: APPEND.journal,
    // DeleteItem: a reminder the mail service refused gives its mail-log claim back.
    state: {
      actions: [...APPEND.state.actions, 'dynamodb:Query', 'dynamodb:DeleteItem'],
      indexes: ['byEntity'],
    },
    evidence: ['read', 'write'],
    // Statement uploads, the import queue and decisions on bank lines.
    statements: ['read', 'write'],
  },
  // Run by the Journal's and the State table's streams: reads new entries, the pledges they pay
  // and waiting disbursements; claims each notice in the mail log (conditional PutItem), marks
  // it sent (UpdateItem) or gives it back when sending failed (DeleteItem). Never the Journal's
  // writes.
  'send-mail': {
    journal: { actions: ['dynamodb:Query'] },
    state: {
      actions: [
        'dynamodb:BatchGetItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ],
    },
  },
  // The daily reminders: every fund (byEntity), its settings and unpaid pledges (byEntity), the
  // mail log as send-mail writes it. A head without its tree frontier is folded from the Journal.
  'pledge-reminders': {
    journal: { actions: ['dynamodb:Query'] },
    state: {
      actions: [
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ],
      indexes: ['byEntity'],
    },
  },
  // A reminder's unsubscribe link: reads the pledge and the fund, puts the unsubscribe record.
  unsubscribe: {
    journal: { actions: ['dynamodb:Query'] },
    state: { actions: ['dynamodb:GetItem', 'dynamodb:PutItem'] },
  },
  // /openapi.json and /docs/api: built from the route table and schemas in the bundle, no data.
  'api-docs': {},
  // Staff management reads the fund (it must exist); the staff themselves live in Cognito.
  staff: { state: { actions: ['dynamodb:GetItem'] } },
  'stripe-webhook': {
    journal: { actions: ['dynamodb:PutItem', 'dynamodb:Query'], indexes: ['byExternalRef'] },
    state: APPEND.state,
  },
  // SePay and Casso notifications: appends the money received, keeps the bank lines on State.
  'bank-webhooks': {
    journal: APPEND.journal,
    state: { actions: [...APPEND.state.actions, 'dynamodb:Query'], indexes: ['byEntity'] },
  },
  // Statement records and the review queue on State; presigns statement uploads (statements/).
  'bank-statements': {
    state: {
      actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
      indexes: ['byEntity'],
    },
    statements: ['write'],
  },
  // Run by the statement queue: reads an uploaded statement, appends the lines it matches.
  'import-statements': {
    journal: APPEND.journal,
    state: { actions: [...APPEND.state.actions, 'dynamodb:Query'], indexes: ['byEntity'] },
    statements: ['read'],
  },
};

/** Functions that sign in staff through the Cognito hosted UI (cookie sessions). */
export const CONSOLE_FUNCTIONS: readonly string[] = ['console'];

/**
 * Functions that manage staff through Cognito's admin API (the user pool's id, and exactly the
 * cognito-idp actions the staff directory calls, on that pool only).
 */
export const STAFF_FUNCTIONS: readonly string[] = ['console', 'staff'];
export const STAFF_DIRECTORY_ACTIONS: readonly string[] = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:CreateGroup',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:ListUsersInGroup',
];

/** Functions that talk to Stripe and so read its keys from Secrets Manager. */
export const STRIPE_FUNCTIONS: readonly string[] = ['pledges', 'stripe-webhook'];

/**
 * Functions that derive manage-link tokens or unsubscribe tokens (the manage-link key): pledges
 * creates them and checks pay links; mail links to the donor's page and signs unsubscribe links;
 * the console mails "remind now" and signs the pay links of its Zalo/SMS texts (read-only tokens
 * under their own label: they cannot cancel); the unsubscribe page checks its token.
 */
export const PLEDGE_FUNCTIONS: readonly string[] = [
  'pledges',
  'send-mail',
  'pledge-reminders',
  'unsubscribe',
  'console',
];

/**
 * Functions that send mail through SES, only from the deployment's sender identity (context
 * `mailFrom`): receipts and approver notices, the daily reminders, the console's "remind now".
 */
export const MAIL_FUNCTIONS: readonly string[] = ['send-mail', 'pledge-reminders', 'console'];
export const MAIL_ACTIONS: readonly string[] = ['ses:SendEmail', 'ses:SendRawEmail'];

/** Functions that only read who the approvers are (cognito-idp:ListUsersInGroup). */
export const STAFF_READER_FUNCTIONS: readonly string[] = ['send-mail'];

/** Functions that draw the PDF receipt: the DejaVu fonts are copied beside their bundle. */
export const PDF_FUNCTIONS: readonly string[] = ['send-mail'];

/** Functions that check SePay's API key and Casso's checksum (the bank gateway secret). */
export const BANK_GATEWAY_FUNCTIONS: readonly string[] = ['bank-webhooks'];
