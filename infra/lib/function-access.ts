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
}

export const FUNCTION_ACCESS: Record<string, TableAccess> = {
  'create-fund': { state: { actions: ['dynamodb:PutItem'] } },
  'list-funds': { state: { actions: ['dynamodb:Query'], indexes: ['byEntity'] } },
  'get-fund': { state: { actions: ['dynamodb:GetItem'] } },
  'get-head': { state: { actions: ['dynamodb:GetItem'] } },
  'get-ledger': {
    state: { actions: ['dynamodb:GetItem'] },
    journal: { actions: ['dynamodb:Query'] },
  },
};

/** What a function that appends entries needs: BatchGet of head + key, then one transaction. */
export const APPEND_ACCESS: TableAccess = {
  journal: { actions: ['dynamodb:PutItem', 'dynamodb:GetItem'] },
  state: {
    actions: [
      'dynamodb:BatchGetItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ],
  },
};
