/**
 * Logs, metrics and their flushing, with Powertools for AWS Lambda: one Logger and EMF metrics
 * for the whole process. In Lambda every line is JSON (CloudWatch Logs reads the EMF lines as
 * metrics); in a terminal (`npm start`) the same lines are printed short and readable. Tracing
 * lives with the AWS clients (functions/shared/tracing.ts), so this module never loads X-Ray.
 */
import { Logger, type LogItem } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { toHttpError } from './errors.ts';
import type { ApiResult, Middleware } from './middlewares.ts';

/** CloudWatch namespace and the `service` dimension every soquy metric carries. */
export const METRICS_NAMESPACE = 'Soquy';
export const SERVICE_NAME = 'soquy';

/** LOG_LEVEL: `silent` (the tests) prints neither logs nor metrics. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

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

const serviceName = () => process.env.POWERTOOLS_SERVICE_NAME || SERVICE_NAME;
const namespace = () => process.env.POWERTOOLS_METRICS_NAMESPACE || METRICS_NAMESPACE;
const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
const levelOf = (value: string | undefined): LogLevel =>
  LEVELS.find((l) => l === value?.toLowerCase()) ?? 'info';

/** A person's terminal, not Lambda or a pipe: one short line per record instead of JSON. */
const pretty = process.stdout.isTTY === true && !process.env.AWS_LAMBDA_FUNCTION_NAME;

/** Keys every JSON line carries that a terminal reader does not need. */
const QUIET_KEYS = new Set([
  'level',
  'message',
  'timestamp',
  'service',
  'sampling_rate',
  'cold_start',
  'function_arn',
  'function_memory_size',
  'function_name',
  'function_request_id',
  'xray_trace_id',
  'error',
  // A request's line says them in its message.
  'route',
  'status',
]);
const COLOURS: Record<string, string> = { DEBUG: '90', INFO: '36', WARN: '33', ERROR: '31' };
const paint = (colour: string | undefined, text: string) =>
  colour ? `\u001b[${colour}m${text}\u001b[0m` : text;
const shown = (value: unknown) =>
  typeof value === 'string' && !/[\s"=]/.test(value) ? value : JSON.stringify(value);

/** A log record as one terminal line (the stack of an error below it). */
export function prettyLine(attributes: Record<string, unknown>): string {
  const level = String(attributes.level ?? 'INFO');
  const time = String(attributes.timestamp ?? new Date().toISOString()).slice(11, 23);
  const fields = Object.entries(attributes)
    .filter(([key, value]) => !QUIET_KEYS.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${shown(value)}`);
  const error = attributes.error as { stack?: string; message?: string } | undefined;
  const stack = error ? `\n${error.stack ?? error.message}` : '';
  return `${paint('90', time)} ${paint(COLOURS[level], level.padEnd(5))} ${attributes.message} ${fields.join(' ')}${stack}\n`;
}

/** Powertools' Logger, printing short lines in a terminal. */
class SoquyLogger extends Logger {
  protected override printLog(logLevel: number, log: LogItem): void {
    if (!pretty) {
      super.printLog(logLevel, log);
      return;
    }
    log.prepareForPrint();
    process.stdout.write(prettyLine(log.getAttributes()));
  }
}

/** The process's logger: request id and fund id on every line of a request. */
export const logger = new SoquyLogger({
  serviceName: serviceName(),
  logLevel: levelOf(process.env.LOG_LEVEL).toUpperCase() as 'INFO',
});
let level = levelOf(process.env.LOG_LEVEL);

/** Powertools' Metrics, printing a short line in a terminal instead of the EMF blob. */
class SoquyMetrics extends Metrics {
  flush() {
    if (!this.hasStoredMetrics()) return;
    if (!pretty) {
      this.publishStoredMetrics();
      return;
    }
    const emf = this.serializeMetrics() as unknown as Record<string, unknown> & {
      _aws: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] };
    };
    this.clearMetrics();
    if (this.isDisabled()) return;
    const names = emf._aws.CloudWatchMetrics.flatMap((m) => m.Metrics.map((x) => x.Name));
    const values = names.map((name) => `${name}=${shown(emf[name])}`);
    const dims = Object.entries(emf)
      .filter(([key]) => key !== '_aws' && key !== 'service' && !names.includes(key))
      .map(([key, value]) => `${key}=${shown(value)}`);
    const time = new Date().toISOString().slice(11, 23);
    process.stdout.write(
      `${paint('90', time)} ${paint('35', 'METRIC')} ${[...values, ...dims].join(' ')}\n`,
    );
  }
}

/**
 * One buffer per set of dimensions: Powertools puts every metric of one EMF record under the
 * same dimensions, and a buffer holds only its own, so concurrent requests (the local stack runs
 * every function in one process) never mix their dimensions.
 */
const buffers = new Map<string, SoquyMetrics>();

/**
 * Counts `value` of metric `name` under `dimensions` (service=soquy is always added), printed
 * when the invocation ends. Call it from functions/ or packages/http, never from the ledger core.
 */
export function countMetric(
  name: MetricName,
  value = 1,
  dimensions: Record<string, string> = {},
  unit: 'Count' | 'Count/Second' = 'Count',
): void {
  if (level === 'silent') return;
  const key = JSON.stringify(Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b)));
  let buffer = buffers.get(key);
  if (!buffer) {
    buffer = new SoquyMetrics({
      namespace: namespace(),
      serviceName: serviceName(),
      defaultDimensions: dimensions,
    });
    buffers.set(key, buffer);
  }
  buffer.addMetric(name, unit === 'Count' ? MetricUnit.Count : MetricUnit.CountPerSecond, value);
}

/** Prints every metric counted so far (at the end of each invocation). */
export function flushMetrics(): void {
  for (const buffer of buffers.values()) buffer.flush();
}

export type WebhookSource = 'stripe' | 'sepay' | 'casso';
export type WebhookOutcome = 'accepted' | 'duplicate' | 'rejected' | 'failed';

/** One delivery from a payment gateway; rejected and failed ones also count as failures. */
export function countWebhookDelivery(source: WebhookSource, outcome: WebhookOutcome): void {
  countMetric('WebhookDeliveries', 1, { source, outcome });
  if (outcome === 'rejected' || outcome === 'failed') countMetric('WebhookFailures');
}

/**
 * Runs one delivery and counts its outcome: what `outcomeOf` says of an answer, `rejected` for
 * an error that is the sender's (4xx), `failed` for ours (5xx: the gateway will retry).
 */
export async function countedDelivery<T>(
  source: WebhookSource,
  deliver: () => Promise<T>,
  outcomeOf: (answer: T) => 'accepted' | 'duplicate',
): Promise<T> {
  let answer: T;
  try {
    answer = await deliver();
  } catch (error) {
    countWebhookDelivery(source, toHttpError(error).status < 500 ? 'rejected' : 'failed');
    throw error;
  }
  countWebhookDelivery(source, outcomeOf(answer));
  return answer;
}

/** The level a handler was configured with (the environment's when none), for logs and metrics. */
function startInvocation(
  functionName: string,
  configured: LogLevel | undefined,
  context?: Context,
) {
  const wanted = configured ?? levelOf(process.env.LOG_LEVEL);
  if (wanted !== level) {
    level = wanted;
    logger.setLogLevel(wanted.toUpperCase() as 'INFO');
  }
  // Locally a stream or schedule run has no context: none, rather than the last request's.
  logger.addContext(context ?? ({} as Context));
  logger.resetKeys();
  logger.appendKeys({ fn: functionName });
}

/**
 * Work to finish before each invocation's own code runs, e.g. loading the X-Ray tracer on the
 * first one (functions/shared/tracing.ts): added by the function, awaited by `observe` and
 * `observeInvocation`, so packages/http never loads it itself.
 */
const beforeInvocation: (() => Promise<void> | void)[] = [];
export function addBeforeInvocation(work: () => Promise<void> | void): void {
  beforeInvocation.push(work);
}
const runBeforeInvocation = async () => {
  for (const work of beforeInvocation) await work();
};

function endInvocation() {
  flushMetrics();
  logger.resetKeys();
}

/** A 4xx answer's `code`: from a JSON body when it can be read, else from its status. */
function codeOfAnswer(response: ApiResult): string {
  if (!response.isBase64Encoded && typeof response.body === 'string') {
    try {
      const code = (JSON.parse(response.body) as { code?: unknown }).code;
      if (typeof code === 'string') return code;
    } catch {
      // An HTML page or plain text: its status says enough.
    }
  }
  return `http_${response.statusCode}`;
}

/**
 * The outermost middleware of every API and page handler: Powertools' Logger with the request
 * id (API Gateway's, the one a 5xx body quotes) and the fund id on every line, one line per
 * request (route, status, duration, error code; never bodies or tokens), `Rejections` counted by
 * code for every 4xx, and the invocation's metrics flushed at its end.
 */
export function observe(functionName: string, logLevel?: LogLevel): Middleware {
  const started = new WeakMap<object, number>();
  const finish = (request: Parameters<NonNullable<Middleware['after']>>[0], error?: unknown) => {
    const failure = error === undefined ? undefined : toHttpError(error);
    const status = request.response?.statusCode ?? failure?.status ?? 500;
    const route = request.event.routeKey;
    const line = {
      route,
      status,
      ms: Math.round(performance.now() - (started.get(request.event) ?? performance.now())),
      // Said again here: concurrent requests in one process (the local stack) share the keys.
      requestId: request.event.requestContext?.requestId,
      fundId: request.event.pathParameters?.fundId,
    };
    if (status >= 500) {
      logger.error(`${route} ${status}`, {
        ...line,
        code: failure?.code ?? 'internal_error',
        error: error instanceof Error ? error : new Error(String(error)),
      });
    } else if (status >= 400) {
      const code = failure?.code ?? (request.response ? codeOfAnswer(request.response) : 'unknown');
      countMetric('Rejections', 1, { code });
      countMetric('Rejections');
      logger.info(`${route} ${status}`, { ...line, code });
    } else {
      logger.info(`${route} ${status}`, line);
    }
    endInvocation();
  };
  return {
    before: async (request) => {
      await runBeforeInvocation();
      startInvocation(functionName, logLevel, request.context);
      started.set(request.event, performance.now());
      logger.appendKeys({
        requestId: request.event.requestContext?.requestId,
        fundId: request.event.pathParameters?.fundId,
      });
    },
    after: (request) => finish(request),
    onError: (request) => finish(request, request.error),
  };
}

/**
 * The same for a function no HTTP request reaches (a stream, a queue, a schedule): its lines
 * name it, an error is logged with its stack before it is thrown on (so the source retries),
 * and its metrics are flushed when it ends.
 */
export function observeInvocation<E, R>(
  functionName: string,
  handler: (event: E, context: Context) => Promise<R>,
  logLevel?: LogLevel,
): (event: E, context?: Context) => Promise<R> {
  return async (event, context) => {
    await runBeforeInvocation();
    startInvocation(functionName, logLevel, context);
    try {
      // Lambda always passes a context; the local stack's stream and schedule runners do not.
      return await handler(event, context as Context);
    } catch (error) {
      logger.error('invocation failed', error instanceof Error ? error : new Error(String(error)));
      throw error;
    } finally {
      endInvocation();
    }
  };
}
