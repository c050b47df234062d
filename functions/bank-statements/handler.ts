import { json } from '@soquy/http';
import {
  declareStatement,
  fundPath,
  importStatementAccess,
  listBankQueue,
  listBankQueueAccess,
  listStatements,
  listUnrouted,
  listUnroutedAccess,
  readStatement,
  readStatementAccess,
  statementPath,
  statementUploadInput,
} from '@soquy/ledger';
import { statementDeps } from '../shared/bank-runtime.ts';
import { byRoute } from '../shared/by-route.ts';
import { startFunction } from '../shared/runtime.ts';
import { queueQuery } from './input.ts';

const runtime = startFunction(['statements']);
const deps = statementDeps(runtime);

/** POST /funds/{fundId}/statements (treasurer): declares the file; answers where to PUT it. */
const declare = runtime
  .api({
    name: 'declare-statement',
    operation: importStatementAccess,
    input: { path: fundPath, body: statementUploadInput },
  })
  .handler(async (event) => {
    const { statement, upload } = await declareStatement(
      deps,
      event.input.path.fundId,
      event.input.body,
      event.actor,
    );
    return json(upload ? 201 : 200, { ...statement, ...(upload ? { upload } : {}) });
  });

/** GET /statements/{statementId}: the import's progress and, once done, its tie-out. */
const progress = runtime
  .api({
    name: 'read-statement',
    operation: readStatementAccess,
    input: { path: statementPath },
    recordFacts: async (event) => {
      const statement = await deps.store.bank.getStatement(event.pathParameters?.statementId ?? '');
      return { fundId: statement?.value.fundId };
    },
  })
  .handler(async (event) =>
    json(200, await readStatement(deps, event.input.path.statementId, event.actor)),
  );

const list = runtime
  .api({ name: 'list-statements', operation: listBankQueueAccess, input: { path: fundPath } })
  .handler(async (event) =>
    json(200, {
      statements: await listStatements(deps, event.input.path.fundId, event.actor),
    }),
  );

/** GET /funds/{fundId}/bank-lines: the review queue, oldest first. */
const queue = runtime
  .api({
    name: 'list-bank-queue',
    operation: listBankQueueAccess,
    input: { path: fundPath, query: queueQuery },
  })
  .handler(async (event) => {
    const { direction, limit, after } = event.input.query;
    return json(
      200,
      await listBankQueue(deps, event.input.path.fundId, event.actor, {
        limit,
        ...(direction ? { direction } : {}),
        ...(after ? { after } : {}),
      }),
    );
  });

/** GET /bank/unrouted (admin): notifications for accounts no fund owns. */
const unrouted = runtime
  .api({ name: 'list-unrouted', operation: listUnroutedAccess })
  .handler(async (event) => json(200, { notifications: await listUnrouted(deps, event.actor) }));

export const handler = byRoute({
  'POST /funds/{fundId}/statements': declare,
  'GET /funds/{fundId}/statements': list,
  'GET /statements/{statementId}': progress,
  'GET /funds/{fundId}/bank-lines': queue,
  'GET /bank/unrouted': unrouted,
});
