import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { FUNCTION_NAMES } from '../../functions/routes.ts';
import { SoquyStack } from '../lib/soquy-stack.ts';

/**
 * The data each function may touch, written out by hand. It is deliberately NOT derived from
 * infra/lib/function-access.ts: it is the list a reviewer reads and signs off, and the test
 * fails when the synthesized roles grant one DynamoDB or S3 action more, or one less, than this.
 *
 * Resources, by readable name:
 *   journal                the Journal table (append-only: never UpdateItem, DeleteItem,
 *                          BatchWriteItem or PartiQL, checked below)
 *   journal/index/<name>   one of the Journal's GSIs
 *   state                  the State table (fund heads, idempotency keys, records, aggregates)
 *   state/index/<name>     one of the State's GSIs
 *   evidence/objects       objects under evidence/* in the evidence bucket
 *   evidence/bucket        the evidence bucket itself (s3:ListBucket, limited to evidence/*,
 *                          exports/* or statements/*, checked below)
 *   exports/objects        published export files under exports/* in the same bucket
 *   statements/objects     uploaded bank statement files under statements/* in the same bucket
 *   journal/stream         the Journal's DynamoDB stream (read by publish-exports and send-mail)
 *   state/stream           the State table's stream, keys only (read by send-mail only)
 *   log/objects            the transparency log's tiles and checkpoints, funds/* in the log
 *                          bucket (public through CloudFront; written by publish-exports only)
 *   log/bucket             the log bucket itself (s3:ListBucket, limited to funds/*)
 *   checkpoint-key         the KMS key that signs checkpoints (kms:Sign: publish-exports only)
 *
 * "Appends" below means the store's write path: BatchGetItem of the fund head and the
 * idempotency key on State, then one TransactWriteItems that puts the new entries on the Journal
 * (PutItem) and moves the head, records the key and upserts records and aggregates on State
 * (PutItem, UpdateItem). A replayed request reads its entries back with Query on the Journal.
 *
 * Actions are granted per statement on the table and the indexes it lists together, which is
 * why some indexes below carry GetItem or write actions: on an index ARN those authorise nothing.
 */
type DataResource =
  | 'journal'
  | `journal/index/${string}`
  | 'state'
  | `state/index/${string}`
  | 'evidence/objects'
  | 'evidence/bucket'
  | 'exports/objects'
  | 'statements/objects'
  | 'journal/stream'
  | 'state/stream'
  | 'log/objects'
  | 'log/bucket'
  | 'checkpoint-key'
  | '*';

type AllowList = Record<string, Partial<Record<DataResource, readonly string[]>>>;

const ALLOWED: AllowList = {
  // ---- Public pages and reads: no writes anywhere ----

  // Reads one fund's head.
  'get-fund': { state: ['dynamodb:GetItem'] },
  // The API's description: built from what is bundled, so no data at all.
  'api-docs': {},
  // Reads one fund's head (seq + hash).
  'get-head': { state: ['dynamodb:GetItem'] },
  // Reads a pledge record.
  'get-pledge': { state: ['dynamodb:GetItem'] },
  // Staff management: reads the fund's head (it must exist); the staff live in Cognito.
  staff: { state: ['dynamodb:GetItem'] },
  // A fund's settings (cash contact, reminders): reads and replaces one State item.
  'fund-settings': { state: ['dynamodb:GetItem', 'dynamodb:PutItem'] },
  // Lists funds through the byEntity index.
  'list-funds': {
    state: ['dynamodb:Query'],
    'state/index/byEntity': ['dynamodb:Query'],
  },
  // Home page: lists funds through the byEntity index.
  'home-page': {
    state: ['dynamodb:Query'],
    'state/index/byEntity': ['dynamodb:Query'],
  },
  // Reads the fund head and pages through its Journal; filtered like the fund page: a month
  // (byMonth), a reference (a pledge reference on State, byRef, byExternalRef), which entries
  // were reversed (BatchGetItem of their claims on State).
  'get-ledger': {
    journal: ['dynamodb:Query'],
    'journal/index/byRef': ['dynamodb:Query'],
    'journal/index/byExternalRef': ['dynamodb:Query'],
    'journal/index/byMonth': ['dynamodb:Query'],
    state: ['dynamodb:BatchGetItem', 'dynamodb:GetItem'],
  },
  // Reads the fund head and the small index of published export files; redirects to them.
  'get-exports': {
    state: ['dynamodb:GetItem'],
    'exports/objects': ['s3:GetObject'],
    'evidence/bucket': ['s3:ListBucket'],
  },
  // Run by the Journal's stream: reads the head and the entries the log and the exports have not
  // taken yet; writes tiles, signs a checkpoint with the KMS key and keeps it on State (PutItem;
  // Query for the latest one), then writes the export files. Reads the Journal, never writes it.
  'publish-exports': {
    journal: ['dynamodb:Query'],
    'journal/stream': [
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
    ],
    // ListStreams takes no resource in IAM; it names streams and reads no data.
    '*': ['dynamodb:ListStreams'],
    state: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
    'exports/objects': ['s3:GetObject', 's3:PutObject'],
    'evidence/bucket': ['s3:ListBucket'],
    'log/objects': ['s3:GetObject', 's3:PutObject'],
    'log/bucket': ['s3:ListBucket'],
    'checkpoint-key': ['kms:GetPublicKey', 'kms:Sign'],
  },
  // Mail, run by the Journal's stream (receipts) and the State table's (waiting disbursements):
  // reads entries, pledges, disbursements; the mail log's claim (PutItem), sent mark
  // (UpdateItem) and release (DeleteItem). It appends nothing.
  'send-mail': {
    journal: ['dynamodb:Query'],
    'journal/stream': [
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
    ],
    'state/stream': ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
    '*': ['dynamodb:ListStreams'],
    state: [
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ],
  },
  // The daily reminders: funds and unpaid pledges (byEntity), settings, the mail log.
  'pledge-reminders': {
    journal: ['dynamodb:Query'],
    state: [
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ],
    'state/index/byEntity': [
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ],
  },
  // The unsubscribe link: reads the pledge and fund, puts the unsubscribe record.
  unsubscribe: {
    journal: ['dynamodb:Query'],
    state: ['dynamodb:GetItem', 'dynamodb:PutItem'],
  },
  // Proofs and receipts (kept checkpoints, hash tiles, the entry), the log's key, witnesses,
  // their cosignatures and witnesses' fork reports (conditional PutItem on State: its only writes).
  'transparency-log': {
    journal: ['dynamodb:Query'],
    state: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
    'log/objects': ['s3:GetObject'],
    'log/bucket': ['s3:ListBucket'],
    'checkpoint-key': ['kms:GetPublicKey'],
  },
  // Totals from the head and the aggregates (byEntity).
  'get-report': {
    state: ['dynamodb:GetItem', 'dynamodb:Query'],
    'state/index/byEntity': ['dynamodb:GetItem', 'dynamodb:Query'],
  },
  // Report plus the latest entries and find-my-donation (byRef, byExternalRef), and the
  // export index for the download links.
  'fund-page': {
    journal: ['dynamodb:Query'],
    'journal/index/byRef': ['dynamodb:Query'],
    'journal/index/byExternalRef': ['dynamodb:Query'],
    // The journal section's month filter; which entries of a page were reversed (BatchGetItem).
    'journal/index/byMonth': ['dynamodb:Query'],
    state: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'],
    'state/index/byEntity': ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'],
    'exports/objects': ['s3:GetObject'],
    'evidence/bucket': ['s3:ListBucket'],
    // The log's key, latest checkpoint, cosignatures and proofs for the verification page.
    'log/objects': ['s3:GetObject'],
    'log/bucket': ['s3:ListBucket'],
    'checkpoint-key': ['kms:GetPublicKey'],
  },
  // Statement: report plus one month of the Journal (byMonth), or the Journal a page at a time,
  // and the checkpoint the statement was cut at.
  'statement-page': {
    journal: ['dynamodb:Query'],
    'journal/index/byMonth': ['dynamodb:Query'],
    // The disclosure report's period; which entries were reversed, and by what.
    'journal/index/byRef': ['dynamodb:Query'],
    'journal/index/byExternalRef': ['dynamodb:Query'],
    state: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'],
    'state/index/byEntity': ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'],
    'log/objects': ['s3:GetObject'],
    'log/bucket': ['s3:ListBucket'],
    'checkpoint-key': ['kms:GetPublicKey'],
  },

  // ---- Functions that append to the Journal ----

  // Every pledge route (API, form, donor page, donor and treasurer cancels): appends the pledge
  // or its cancellation, writes the pledge record and aggregates to State. The donor's page
  // shows receipts with inclusion proofs: the latest checkpoint (Query), tiles, the log's key.
  pledges: {
    journal: ['dynamodb:PutItem', 'dynamodb:Query'],
    state: [
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:Query',
    ],
    'log/objects': ['s3:GetObject'],
    'log/bucket': ['s3:ListBucket'],
    'checkpoint-key': ['kms:GetPublicKey'],
  },
  // The staff API's journal writes: a payment received (pledge record and aggregates), an
  // approval (the spending entry; closes the disbursement record), a reversing entry.
  bookkeeping: {
    journal: ['dynamodb:PutItem', 'dynamodb:Query'],
    state: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  },
  // Card payments: appends the payment; finds an earlier one by Stripe id (byExternalRef).
  'stripe-webhook': {
    journal: ['dynamodb:PutItem', 'dynamodb:Query'],
    'journal/index/byExternalRef': ['dynamodb:PutItem', 'dynamodb:Query'],
    state: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  },
  // Staff console: every staff action (payments, disbursements, reversals) appends; lists
  // through byEntity; uploads and shows receipts.
  console: {
    journal: ['dynamodb:PutItem', 'dynamodb:Query'],
    // DeleteItem: only a reminder's mail-log claim, given back when the mail service refused.
    state: [
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:Query',
      'dynamodb:DeleteItem',
    ],
    'state/index/byEntity': [
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:Query',
      'dynamodb:DeleteItem',
    ],
    'evidence/objects': ['s3:GetObject', 's3:PutObject'],
    // Statement uploads through the form, and the import's progress.
    'statements/objects': ['s3:GetObject', 's3:PutObject'],
    'evidence/bucket': ['s3:ListBucket'],
  },
  // SePay and Casso notifications: appends the money received on a fund's account, keeps the
  // bank line and finds earlier ones (delivery ids, the review queue) through byEntity.
  'bank-webhooks': {
    journal: ['dynamodb:PutItem', 'dynamodb:Query'],
    state: [
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:Query',
    ],
    'state/index/byEntity': [
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:Query',
    ],
  },
  // Run by the statement queue: reads an uploaded statement file, appends the lines it matches,
  // keeps the others on State for review and saves its place between chunks.
  'import-statements': {
    journal: ['dynamodb:PutItem', 'dynamodb:Query'],
    state: [
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:Query',
    ],
    'state/index/byEntity': [
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:Query',
    ],
    'statements/objects': ['s3:GetObject'],
    'evidence/bucket': ['s3:ListBucket'],
  },

  // ---- Functions that write State only ----

  // Creates the fund's head item on State (conditional PutItem).
  'create-fund': { state: ['dynamodb:PutItem'] },
  // Records a PENDING disbursement on State only (drafts: []); it never writes the Journal, so
  // no PutItem there. Checks the receipts it cites exist (GetObject, ListBucket for 404s).
  'record-disbursement': {
    journal: ['dynamodb:Query'],
    state: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    'evidence/objects': ['s3:GetObject'],
    'evidence/bucket': ['s3:ListBucket'],
  },
  // Marks a pending disbursement rejected and may release the bank line matched to it, in one
  // State transaction (nothing reaches the Journal).
  'reject-disbursement': {
    state: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  },
  // Lists pending disbursements through byEntity.
  'list-disbursements': {
    state: ['dynamodb:Query'],
    'state/index/byEntity': ['dynamodb:Query'],
  },
  // Declares a statement on State and presigns its upload (s3:PutObject under statements/ only);
  // lists statements, the review queue and unrouted notifications through byEntity.
  'bank-statements': {
    state: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
    'state/index/byEntity': [
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
    ],
    'statements/objects': ['s3:PutObject'],
    'evidence/bucket': ['s3:ListBucket'],
  },

  // ---- Evidence (receipts) ----

  // Declares a receipt on State (PutItem) and presigns its upload, which needs s3:PutObject.
  'create-evidence-upload': {
    state: ['dynamodb:GetItem', 'dynamodb:PutItem'],
    'evidence/objects': ['s3:PutObject'],
    'evidence/bucket': ['s3:ListBucket'],
  },
  // Reads a receipt's declaration and presigns its download.
  'get-evidence': {
    state: ['dynamodb:GetItem'],
    'evidence/objects': ['s3:GetObject'],
    'evidence/bucket': ['s3:ListBucket'],
  },
};

/** Never on the Journal or its indexes: they would make the append-only Journal editable. */
const FORBIDDEN_ON_JOURNAL = [
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQLInsert',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
  'dynamodb:PartiQLSelect',
];
/** Never anywhere: batch writes skip the conditions the store relies on; PartiQL bypasses it. */
const FORBIDDEN_EVERYWHERE = FORBIDDEN_ON_JOURNAL.filter(
  (a) => a === 'dynamodb:BatchWriteItem' || a.startsWith('dynamodb:PartiQL'),
);

// ---------------------------------------------------------------------------------------------
// Reading the synthesized template.

const ACCOUNT = '111111111111';
const REGION = 'ap-southeast-1';

/** Synthesises without bundling, as infra/test/soquy-stack.test.ts does. */
const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
const stack = new SoquyStack(app, 'Soquy', { env: { account: ACCOUNT, region: REGION } });
const template = Template.fromStack(stack).toJSON() as {
  Resources: Record<string, { Type: string; Properties?: any }>;
};
const resourcesOf = (type: string) =>
  Object.entries(template.Resources).filter(([, r]) => r.Type === type);
const logicalIdOf = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);

const journalId = logicalIdOf(stack.journal);
const stateId = logicalIdOf(stack.state);
const evidenceId = logicalIdOf(stack.evidence);
const logBucketId = logicalIdOf(stack.logBucket);
const checkpointKeyId = logicalIdOf(stack.checkpointKey);

interface Statement {
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : ([] as T[]).concat(value);

const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': REGION,
  'AWS::AccountId': ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com',
};

/** A CloudFormation value as a string: `<Id.Arn>` for GetAtt, `<Id>` for Ref, joins joined. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, any>;
  if (typeof v?.Ref === 'string') return PSEUDO[v.Ref] ?? `<${v.Ref}>`;
  if (Array.isArray(v?.['Fn::GetAtt'])) return `<${v['Fn::GetAtt'].join('.')}>`;
  if (Array.isArray(v?.['Fn::Join'])) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(render).join(separator);
  }
  return JSON.stringify(value);
}

/** The readable name of a resource ARN; anything not recognised keeps its rendered ARN. */
function nameOf(resource: unknown): string {
  const arn = render(resource);
  if (arn === `<${journalId}.StreamArn>`) return 'journal/stream';
  if (arn === `<${stateId}.StreamArn>`) return 'state/stream';
  for (const [name, id] of [
    ['journal', journalId],
    ['state', stateId],
  ] as const) {
    for (const base of [`<${id}.Arn>`, `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/<${id}>`]) {
      if (arn === base) return name;
      // journal/index/byRef, state/index/byEntity, journal/index/* ...
      if (arn.startsWith(`${base}/`)) return `${name}${arn.slice(base.length)}`;
    }
  }
  if (arn === `<${checkpointKeyId}.Arn>`) return 'checkpoint-key';
  for (const base of [`<${logBucketId}.Arn>`, `arn:aws:s3:::<${logBucketId}>`]) {
    if (arn === base) return 'log/bucket';
    if (arn === `${base}/funds/*`) return 'log/objects';
    if (arn.startsWith(`${base}/`)) return `log:${arn.slice(base.length + 1)}`;
  }
  for (const base of [`<${evidenceId}.Arn>`, `arn:aws:s3:::<${evidenceId}>`]) {
    if (arn === base) return 'evidence/bucket';
    if (arn === `${base}/evidence/*`) return 'evidence/objects';
    if (arn === `${base}/exports/*`) return 'exports/objects';
    if (arn === `${base}/statements/*`) return 'statements/objects';
    // Any other key pattern, e.g. `evidence:*` for every object in the bucket.
    if (arn.startsWith(`${base}/`)) return `evidence:${arn.slice(base.length + 1)}`;
  }
  return arn;
}

const isDataAction = (action: string) => action === '*' || /^(dynamodb|s3|kms):/i.test(action);

/** Whether an IAM action pattern (`*`, `dynamodb:Put*`) covers a concrete action. */
function covers(pattern: string, action: string): boolean {
  const regex = pattern
    .split('*')
    .map((part) => part.replace(/[.?+^$()[\]{}|\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${regex}$`, 'i').test(action);
}

const roleRefs = (roles: unknown) => list(roles as unknown[]).map(render);

/** Every identity-policy statement in the template, with where it comes from. */
function allIdentityStatements(): { where: string; statement: Statement }[] {
  const found: { where: string; statement: Statement }[] = [];
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const [id, policy] of resourcesOf(type)) {
      for (const statement of list<Statement>(policy.Properties.PolicyDocument.Statement)) {
        found.push({ where: id, statement });
      }
    }
  }
  for (const [id, role] of resourcesOf('AWS::IAM::Role')) {
    for (const inline of list<any>(role.Properties.Policies)) {
      for (const statement of list<Statement>(inline.PolicyDocument.Statement)) {
        found.push({ where: `${id} (inline ${inline.PolicyName})`, statement });
      }
    }
  }
  return found;
}

/** The logical id of the execution role of the function in functions/<fn>. */
function roleOf(fn: string): string {
  const handler = stack.functions[fn];
  if (!handler) throw new Error(`the stack has no function for functions/${fn}`);
  const resource = template.Resources[logicalIdOf(handler)];
  const role = resource?.Properties.Role?.['Fn::GetAtt']?.[0];
  if (typeof role !== 'string') throw new Error(`functions/${fn} has no role in the template`);
  return role;
}

/** Every statement attached to the role: AWS::IAM::Policy, managed policies, inline policies. */
function statementsOf(role: string): Statement[] {
  const statements: Statement[] = [];
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const [, policy] of resourcesOf(type)) {
      if (!roleRefs(policy.Properties.Roles).includes(`<${role}>`)) continue;
      statements.push(...list<Statement>(policy.Properties.PolicyDocument.Statement));
    }
  }
  for (const inline of list<any>(template.Resources[role]?.Properties.Policies)) {
    statements.push(...list<Statement>(inline.PolicyDocument.Statement));
  }
  return statements;
}

/** `action on resource` for every DynamoDB and S3 action the role is allowed. */
function grantedPairs(fn: string): Set<string> {
  const pairs = new Set<string>();
  for (const statement of statementsOf(roleOf(fn))) {
    if (statement.Effect !== 'Allow') continue;
    if (statement.NotAction !== undefined || statement.NotResource !== undefined) {
      // Allow with NotAction/NotResource grants everything else: never on the list.
      pairs.add(`NotAction/NotResource statement ${JSON.stringify(statement)}`);
      continue;
    }
    for (const action of list(statement.Action).filter(isDataAction)) {
      for (const resource of list(statement.Resource))
        pairs.add(`${action} on ${nameOf(resource)}`);
    }
  }
  return pairs;
}

function allowedPairs(fn: string): Set<string> {
  const pairs = new Set<string>();
  for (const [resource, actions] of Object.entries(ALLOWED[fn] ?? {})) {
    for (const action of actions ?? []) pairs.add(`${action} on ${resource}`);
  }
  return pairs;
}

// ---------------------------------------------------------------------------------------------

describe('IAM allow-list', () => {
  it('has one entry per function folder, and no entry for a function that does not exist', () => {
    expect(Object.keys(ALLOWED).sort()).toEqual([...FUNCTION_NAMES].sort());
    expect(Object.keys(stack.functions).sort()).toEqual([...FUNCTION_NAMES].sort());
  });

  it.each([...FUNCTION_NAMES])(
    '%s holds exactly the DynamoDB and S3 actions on its allow-list',
    (fn) => {
      const granted = grantedPairs(fn);
      const allowed = allowedPairs(fn);
      const notAllowed = [...granted]
        .filter((pair) => !allowed.has(pair))
        .map((pair) => `${fn}: ${pair} is granted but not on the allow-list`);
      const missing = [...allowed]
        .filter((pair) => !granted.has(pair))
        .map((pair) => `${fn}: ${pair} is on the allow-list but not granted`);
      expect({ notAllowed, missing }).toEqual({ notAllowed: [], missing: [] });
    },
  );

  it.each([...FUNCTION_NAMES])(
    '%s can neither update, delete, batch-write nor PartiQL the Journal or its indexes',
    (fn) => {
      const violations: string[] = [];
      for (const statement of statementsOf(roleOf(fn))) {
        if (statement.Effect !== 'Allow') continue;
        const onJournal = list(statement.Resource)
          .map(nameOf)
          .filter((name) => name === '*' || name === 'journal' || name.startsWith('journal/'));
        for (const pattern of list(statement.Action)) {
          for (const forbidden of FORBIDDEN_ON_JOURNAL) {
            if (!covers(pattern, forbidden)) continue;
            for (const name of onJournal) violations.push(`${fn}: ${pattern} on ${name}`);
          }
        }
      }
      expect(violations).toEqual([]);
    },
  );

  it('lets only six functions write the Journal: pledges, bookkeeping, the console, Stripe and the two bank feeds', () => {
    // IAM cannot restrict PutItem to new items, so every writer could overwrite a seq; keep
    // them few (README, "What keeps it append-only", says how an overwrite is detected).
    const writers = FUNCTION_NAMES.filter((fn) =>
      statementsOf(roleOf(fn)).some(
        (statement) =>
          list(statement.Resource).map(nameOf).includes('journal') &&
          list(statement.Action).some((a) => covers(a, 'dynamodb:PutItem')),
      ),
    ).sort();
    expect(writers).toEqual([
      'bank-webhooks',
      'bookkeeping',
      'console',
      'import-statements',
      'pledges',
      'stripe-webhook',
    ]);
  });

  it('grants dynamodb:BatchWriteItem and PartiQL to no one, on anything', () => {
    const violations = allIdentityStatements()
      .filter(({ statement }) => statement.Effect === 'Allow')
      .flatMap(({ where, statement }) =>
        list(statement.Action)
          .filter((pattern) => FORBIDDEN_EVERYWHERE.some((forbidden) => covers(pattern, forbidden)))
          .map((pattern) => `${where}: ${pattern}`),
      );
    expect(violations).toEqual([]);
  });

  it('grants no wildcard action, no NotAction/NotResource, and no "*" resource on data', () => {
    const violations: string[] = [];
    for (const { where, statement } of allIdentityStatements()) {
      if (statement.Effect !== 'Allow') continue;
      if (statement.NotAction !== undefined) violations.push(`${where}: NotAction`);
      if (statement.NotResource !== undefined) violations.push(`${where}: NotResource`);
      const actions = list(statement.Action);
      for (const action of actions) {
        if (['*', 'dynamodb:*', 's3:*', 'kms:*'].includes(action.toLowerCase())) {
          violations.push(`${where}: Action ${action}`);
        }
      }
      // dynamodb:ListStreams has no resource-level permission: IAM only accepts "*" for it, and
      // it lists stream ARNs, not data. It is the one action allowed on "*".
      if (!actions.some((a) => isDataAction(a) && a !== 'dynamodb:ListStreams')) continue;
      for (const resource of list(statement.Resource).map(render)) {
        if (resource === '*') violations.push(`${where}: Resource * with ${actions.join(', ')}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('lets only publish-exports sign checkpoints, by IAM and by the key policy itself', () => {
    const signers = FUNCTION_NAMES.filter((fn) =>
      statementsOf(roleOf(fn)).some(
        (statement) =>
          statement.Effect === 'Allow' && list(statement.Action).some((a) => covers(a, 'kms:Sign')),
      ),
    );
    expect(signers).toEqual(['publish-exports']);
    // No other identity policy in the stack (CDK's own helpers included) may sign either.
    const holders = new Set<string>();
    for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
      for (const [id, policy] of resourcesOf(type)) {
        const signs = list<Statement>(policy.Properties.PolicyDocument.Statement).some(
          (statement) =>
            statement.Effect === 'Allow' &&
            list(statement.Action).some((a) => covers(a, 'kms:Sign')),
        );
        if (!signs) continue;
        const roles = roleRefs(policy.Properties.Roles);
        if (roles.length === 0) holders.add(id);
        for (const role of roles) holders.add(role);
      }
    }
    expect([...holders]).toEqual([`<${roleOf('publish-exports')}>`]);
    const key = template.Resources[checkpointKeyId]?.Properties;
    const deny = list<Statement & { Principal?: unknown }>(key.KeyPolicy.Statement).filter(
      (statement) => statement.Effect === 'Deny',
    );
    expect(deny).toEqual([
      expect.objectContaining({
        Action: 'kms:Sign',
        Principal: { AWS: '*' },
        Condition: {
          ArnNotEquals: {
            'aws:PrincipalArn': [{ 'Fn::GetAtt': [roleOf('publish-exports'), 'Arn'] }],
          },
        },
      }),
    ]);
  });

  it('limits every ListBucket on the log bucket to funds/*', () => {
    for (const fn of FUNCTION_NAMES) {
      for (const statement of statementsOf(roleOf(fn))) {
        if (!list(statement.Resource).map(nameOf).includes('log/bucket')) continue;
        expect(statement.Condition, fn).toEqual({ StringLike: { 's3:prefix': ['funds/*'] } });
      }
    }
  });

  it('limits every ListBucket on the bucket to the evidence/, exports/ or statements/ prefix', () => {
    for (const fn of FUNCTION_NAMES) {
      for (const statement of statementsOf(roleOf(fn))) {
        if (!list(statement.Resource).map(nameOf).includes('evidence/bucket')) continue;
        expect(
          [
            { StringLike: { 's3:prefix': ['evidence/*'] } },
            { StringLike: { 's3:prefix': ['exports/*'] } },
            { StringLike: { 's3:prefix': ['statements/*'] } },
          ],
          `${fn}: ${JSON.stringify(statement.Action)}`,
        ).toContainEqual(statement.Condition);
      }
    }
  });

  it('gives every function only the basic execution managed policy (logs, no data)', () => {
    for (const fn of FUNCTION_NAMES) {
      const role = template.Resources[roleOf(fn)];
      expect(list(role?.Properties.ManagedPolicyArns).map(render), fn).toEqual([
        'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
      ]);
    }
  });

  it('lets no resource policy on the data allow anything (only the TLS-only Deny)', () => {
    for (const [id, table] of resourcesOf('AWS::DynamoDB::Table')) {
      expect(table.Properties.ResourcePolicy, id).toBeUndefined();
    }
    const evidencePolicies = resourcesOf('AWS::S3::BucketPolicy').filter(
      ([, p]) => render(p.Properties.Bucket) === `<${evidenceId}>`,
    );
    expect(evidencePolicies).toHaveLength(1);
    for (const [id, policy] of evidencePolicies) {
      for (const statement of list<Statement>(policy.Properties.PolicyDocument.Statement)) {
        expect(statement.Effect, `${id}: ${JSON.stringify(statement)}`).toBe('Deny');
      }
    }
  });
});
