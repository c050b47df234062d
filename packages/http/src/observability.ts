/**
 * CONTRACT STUB (issue 14, lead): the "obs" helper replaces this body with Powertools Logger,
 * Metrics (EMF) and Tracer. Other helpers may import and call these signatures now.
 */
import type { Middleware } from './middlewares.ts';

/** CloudWatch namespace and the `service` dimension every soquy metric carries. */
export const METRICS_NAMESPACE = 'Soquy';
export const SERVICE_NAME = 'soquy';

/**
 * Metrics soquy emits (namespace Soquy, dimension service=soquy on every one):
 * - Appends: journal entries written (service only)
 * - Rejections: 4xx answers, with dimension `code` (plus a service-only total)
 * - WebhookDeliveries: with dimensions `source` (stripe|sepay|casso), `outcome` (accepted|duplicate|rejected|failed)
 * - WebhookFailures: deliveries rejected or failed (service only; alarmed)
 * - ImportLines (Count) and ImportLinesPerSecond (Count/Second): per import chunk (service only)
 * - ForkReported: a witness proved a fork (service only; alarmed)
 */
export type MetricName =
  | 'Appends'
  | 'Rejections'
  | 'WebhookDeliveries'
  | 'WebhookFailures'
  | 'ImportLines'
  | 'ImportLinesPerSecond'
  | 'ForkReported';

export function countMetric(
  _name: MetricName,
  _value = 1,
  _dimensions: Record<string, string> = {},
  _unit: 'Count' | 'Count/Second' = 'Count',
): void {}

/** Logs one line per request (request id, fund id, route, status), flushes metrics. */
export function observe(_functionName: string): Middleware {
  return {};
}
