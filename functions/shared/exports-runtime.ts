import { createExportFiles } from '@soquy/evidence';
import type { ExportDeps } from '@soquy/ledger';
import { part } from './config.ts';
import type { FunctionRuntime } from './runtime.ts';
import { traced } from './tracing.ts';

/** The journal plus where published exports live (S3 in AWS, disk locally). */
export function exportDeps(runtime: FunctionRuntime): ExportDeps {
  return {
    store: runtime.deps.store,
    exports: createExportFiles(part(runtime.config, 'exports'), traced),
  };
}
