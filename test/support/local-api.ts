import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '@soquy/ledger';
import { issueDevToken, type LocalStack, startLocalStack } from '@soquy/local';
import { createDocumentClient, createDynamoClient } from '@soquy/store';
import { inject } from 'vitest';

/**
 * The local stack (API Gateway emulator + real handlers) on a free port, against the run's
 * DynamoDB Local with tables of its own. Tests talk to it over HTTP like any client.
 */
export async function startTestApi(options: { demo?: boolean } = {}) {
  process.env.LOG_LEVEL = 'silent';
  const suffix = randomUUID().slice(0, 8);
  const dataDir = mkdtempSync(join(tmpdir(), 'soquy-test-'));
  const stack: LocalStack = await startLocalStack({
    port: 0,
    dataDir,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tables: { journal: `journal-${suffix}`, state: `state-${suffix}` },
    demo: options.demo ?? false,
  });
  const doc = createDocumentClient(createDynamoClient({ endpoint: stack.dynamoEndpoint }));
  const token = (roles: Role[], user = 'tester', fund?: string, ttlSeconds?: number) =>
    issueDevToken(stack.signingKey, {
      roles,
      user,
      ...(fund ? { fund } : {}),
      ...(ttlSeconds ? { ttlSeconds } : {}),
    });
  const call = async (
    method: string,
    path: string,
    init: { body?: unknown; token?: string; raw?: string; headers?: Record<string, string> } = {},
  ) => {
    const response = await fetch(`${stack.url}${path}`, {
      method,
      headers: {
        ...(init.body !== undefined || init.raw !== undefined
          ? { 'content-type': 'application/json' }
          : {}),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.headers ?? {}),
      },
      ...(init.raw !== undefined
        ? { body: init.raw }
        : init.body !== undefined
          ? { body: JSON.stringify(init.body) }
          : {}),
    });
    const text = await response.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json, text };
  };
  /** Both tables, item by item: equal snapshots mean a request wrote nothing. */
  const snapshot = async () => {
    // The log's publisher runs after writes, as the journal's stream does in AWS, and keeps a
    // checkpoint item in State: let it finish, so a snapshot holds what the writes led to.
    await stack.flushExports();
    const all = [];
    for (const table of [stack.tables.journal, stack.tables.state]) {
      const { Items } = await doc.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
      all.push((Items ?? []).map((i) => JSON.stringify(i)).sort());
    }
    return all;
  };
  /**
   * A fund's published export in one format, all chunks in seq order, fetched the way a reader
   * does: the index, then each file through its redirect. Publishes first, so it is up to date.
   */
  const exportOf = async (fundId: string, format: 'json' | 'csv' | 'journal') => {
    await stack.flushExports();
    const index = (await call('GET', `/funds/${fundId}/exports`)).json;
    const parts: { text: string; headers: Headers }[] = [];
    for (const chunk of index.chunks) {
      const response = await fetch(`${stack.url}${chunk.files[format]}`);
      parts.push({ text: await response.text(), headers: response.headers });
    }
    return { index, parts };
  };
  return { stack, dataDir, doc, token, call, snapshot, exportOf, stop: () => stack.stop() };
}
