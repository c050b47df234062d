import { EXPORT_FILE_NAME, fundPath } from '@soquy/ledger';
import * as z from 'zod';

/**
 * GET /funds/{fundId}/exports[/{file}]: validated by the handler, described by /openapi.json.
 * `file` is absent on the index route.
 */
export const exportPath = fundPath.extend({
  file: z
    .string()
    .regex(EXPORT_FILE_NAME, 'is not an export file: see GET /funds/{fundId}/exports')
    .optional(),
});
