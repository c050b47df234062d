import { readFileSync } from 'node:fs';

/** A JSON fixture of packages/bank/test/fixtures/gateways, parsed afresh for every call. */
export function gatewayFixture(name: string): Record<string, unknown> {
  const url = new URL(`../../test/fixtures/gateways/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
}
