import { HttpError } from '@soquy/http';
import { exportPaths, readExportIndex, readReportAccess, requireFund } from '@soquy/ledger';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { exportDeps } from '../shared/exports-runtime.ts';
import { startFunction } from '../shared/runtime.ts';
import { exportPath } from './input.ts';

const runtime = startFunction(['exports']);
const deps = exportDeps(runtime);

/**
 * GET /funds/{fundId}/exports: the small index of the fund's published export files (JSON, CSV,
 * hledger), chunk by chunk, with links. GET /funds/{fundId}/exports/{file}: a redirect to the
 * file itself, so the bytes never pass through a Lambda response.
 */
export const handler = runtime
  .api({ name: 'get-exports', operation: readReportAccess, input: { path: exportPath } })
  .handler(async (event): Promise<APIGatewayProxyStructuredResultV2> => {
    const { fundId, file } = event.input.path;
    const { head } = await requireFund(deps, fundId);
    if (file) {
      const exists =
        file === 'index.json' ||
        (await readExportIndex(deps, fundId)).chunks.some((c) =>
          Object.values(c.files).includes(file),
        );
      if (!exists)
        throw new HttpError(404, 'export_not_found', `There is no export file "${file}" yet.`);
      return {
        statusCode: 302,
        headers: { location: await deps.exports.linkTo(fundId, file), 'cache-control': 'no-store' },
        body: '',
      };
    }
    const index = await readExportIndex(deps, fundId);
    return {
      statusCode: 200,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'public, max-age=5',
      },
      body: JSON.stringify({
        format: index.format,
        fundId,
        chunkEntries: index.chunkEntries,
        head: { seq: head.seq, hash: head.hash },
        published: index.published,
        chunks: index.chunks.map((c) => ({
          first: c.first,
          last: c.last,
          hash: c.hash,
          closed: c.closed,
          files: exportPaths(fundId, c),
        })),
      }),
    };
  });
