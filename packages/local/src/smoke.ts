import { randomUUID } from 'node:crypto';
import {
  type ExpectedHead,
  logKeyOf,
  openSignedCheckpoint,
  type VerifyReport,
  verifyJournal,
} from '@soquy/ledger';
import { escapeHtml, formatVnd } from '@soquy/web';
import {
  fetchEntries,
  fetchHead,
  type JournalPart,
  JournalReadError,
  joinParts,
  journalPartOf,
  parseJournalJson,
} from './published.ts';

/**
 * `npm run smoke`: checks a deployed stack from the outside, the way a donor, a witness and a
 * treasurer reach it. Read-only unless given a token, and then it writes only to `smoke-*` funds.
 */
export interface SmokeOptions {
  /** The stack's public URL (CloudFront, a custom domain, or the local stack). */
  url: string;
  /** A staff JWT (Cognito access token): runs the write test. */
  token?: string;
  /** The fund to check; with a token, the `smoke-*` fund to write to. */
  fund?: string;
  /** The clock, for the new fund's name `smoke-<yyyymmdd-hhmm>` (UTC). */
  now?: () => Date;
  /** How long to wait for a write to show (CloudFront caches public GETs for a few seconds). */
  waitSeconds?: number;
  /** Each check's line as soon as it is known. */
  print?: (line: string) => void;
}

export interface SmokeCheck {
  name: string;
  status: 'passed' | 'failed' | 'warning';
  ms: number;
  /** What was seen (passed), or why it failed. */
  detail: string;
}

export interface SmokeResult {
  ok: boolean;
  checks: SmokeCheck[];
  /** The fund the write test wrote to, when it ran. */
  smokeFund?: string;
}

/** A check did not hold: the message is the reason printed after ✗. */
export class SmokeCheckError extends Error {
  override name = 'SmokeCheckError';
}

/** The write test was refused before anything was sent (a fund not named smoke-*, no admin). */
export class SmokeRefusedError extends Error {
  override name = 'SmokeRefusedError';
}

/** The log has not signed a checkpoint of the latest writes yet: worth asking again shortly. */
export class SmokeLagError extends SmokeCheckError {
  override name = 'SmokeLagError';
}

/** A check that passed but wants attention (e.g. /openapi.json not deployed yet). */
class Warning {
  constructor(readonly detail: string) {}
}

const OPEN_A_FUND = 'README, "Deploying to AWS", step 8';

export const SMOKE_FUND_PATTERN = /^smoke-[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** `smoke-20261123-2010`: UTC, so two operators in different zones name the same minute alike. */
export function smokeFundId(at: Date): string {
  const iso = at.toISOString();
  return `smoke-${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 16).replace(':', '')}`;
}

const MARKS = { passed: '✓', failed: '✗', warning: '⚠' } as const;

export function formatCheck(check: SmokeCheck): string {
  return `${MARKS[check.status]} ${check.name} (${check.ms} ms)${check.status === 'passed' ? ' ' : ': '}${check.detail}`;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  url: string;
}

/** The groups a Cognito (or dev) token carries; the server verifies it, this only reads it. */
export function tokenGroups(token: string): string[] {
  const payload = token.split('.')[1];
  if (!payload) throw new SmokeRefusedError('--token is not a JWT (three dot-separated parts).');
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch (error) {
    throw new SmokeRefusedError('--token is not a JWT: its payload is not JSON.', {
      cause: error,
    });
  }
  const groups = (claims as Record<string, unknown>)['cognito:groups'];
  return Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [];
}

/** The log's signed checkpoint key, as `/.well-known/soquy/checkpoint-key` publishes it. */
async function servedLogKey(base: string, get: (path: string) => Promise<Answer>) {
  const answer = await get('/.well-known/soquy/checkpoint-key');
  if (answer.status !== 200) {
    throw new SmokeCheckError(`GET ${answer.url} answered ${answer.status}`);
  }
  const text = answer.text.trim();
  const key = logKeyOf(text);
  if (typeof key === 'string') throw new SmokeCheckError(`the key ${base} serves: ${key}`);
  return text;
}

/** What verifying a fund's public journal found. */
export interface JournalVerdict {
  report: VerifyReport;
  /** Signed checkpoints checked: the exports' heads and the log's latest. */
  checkpoints: number;
}

const problemOf = (report: VerifyReport, what: string) => {
  const problem = report.problem;
  return problem
    ? `${what}: first bad seq ${problem.seq} (${problem.reason}): ${problem.message}`
    : undefined;
};

/**
 * The fund's journal as anyone can read it, checked with the verifier `npm run verify` uses: the
 * export files (each chunk's head signed), the entries published after them, the live head; and
 * the log's latest signed checkpoint, whose root must be the Merkle root of the entries it counts.
 * Every checkpoint must be signed by the key the deployment publishes.
 */
export async function verifyPublishedJournal(
  base: string,
  fundId: string,
  logKey: string,
): Promise<JournalVerdict> {
  const fundPath = `${base}/funds/${encodeURIComponent(fundId)}`;
  try {
    const index = parseJournalJson(await bytesOf(`${fundPath}/exports`), `GET ${fundPath}/exports`);
    const chunks = (index as { chunks?: { files?: { json?: unknown } }[] }).chunks;
    if (!Array.isArray(chunks)) throw new SmokeCheckError(`GET ${fundPath}/exports has no chunks`);
    const parts: JournalPart[] = [];
    for (const chunk of chunks) {
      const file = new URL(String(chunk.files?.json), `${base}/`).href;
      parts.push(journalPartOf(parseJournalJson(await bytesOf(file), file), file, fundId));
    }
    const { entries, partHeads } = joinParts(parts);
    // The head is read last, so the exports and the checkpoint are not ahead of it, unless the
    // edge served a head it cached (up to 5 s): then the caller asks again.
    const note = await reach(`${fundPath}/log/checkpoint`);
    const noteText = note.status === 200 ? await note.text() : undefined;
    const live = await fetchHead(base, fundId);
    const lastSeq = (entries.at(-1) as { seq?: number } | undefined)?.seq ?? 0;
    if (lastSeq > live.seq) {
      throw new SmokeLagError(
        `the head served is at seq ${live.seq}, behind the exports (seq ${lastSeq}): a cached head, or entries hidden`,
      );
    }
    const tail = lastSeq < live.seq ? await fetchEntries(base, fundId, lastSeq, live.seq) : [];
    const all = [...entries, ...tail];
    const report = verifyJournal(fundId, all, live, { partHeads, logKey });
    const broken = problemOf(report, 'the journal');
    if (broken) throw new SmokeCheckError(broken);
    let checkpoints = report.checkpoints.length;
    if (noteText === undefined) {
      if (live.seq > 0) {
        throw new SmokeLagError(
          `GET ${fundPath}/log/checkpoint answered ${note.status}: the log signs no checkpoint of this fund`,
        );
      }
    } else {
      checkpoints += 1;
      const logCheckpoint = checkLogCheckpoint(fundId, all, noteText, logKey);
      if (logCheckpoint) throw new SmokeCheckError(logCheckpoint);
    }
    if (live.seq > 0 && checkpoints === 0) {
      throw new SmokeCheckError('no signed checkpoint covers this journal');
    }
    return { report, checkpoints };
  } catch (error) {
    if (error instanceof JournalReadError)
      throw new SmokeCheckError(error.message, { cause: error });
    throw error;
  }
}

/** The log's latest checkpoint against the entries it counts: size, origin, totals, root. */
function checkLogCheckpoint(
  fundId: string,
  entries: readonly unknown[],
  note: string,
  logKey: string,
): string | undefined {
  const key = logKeyOf(logKey);
  if (typeof key === 'string') return `the log key: ${key}`;
  const opened = openSignedCheckpoint(note, key);
  if (!opened.ok) return `the log's checkpoint: ${opened.problem}`;
  const size = opened.checkpoint.size;
  if (size > entries.length) {
    throw new SmokeLagError(
      `the log's checkpoint signs ${size} entries, the head served ends at seq ${entries.length}: a cached head, or entries ${entries.length + 1}–${size} hidden`,
    );
  }
  const last = entries[size - 1] as { hash?: string } | undefined;
  const head: ExpectedHead = {
    seq: size,
    hash: last?.hash ?? '',
    checkpoint: { note, logKey },
  };
  if (size === 0) return undefined;
  const report = verifyJournal(fundId, entries.slice(0, size), head, { logKey });
  return problemOf(report, "the log's latest checkpoint");
}

/** fetch, failing with the URL and the reason (refused, reset, DNS) when it cannot be reached. */
async function reach(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw new SmokeCheckError(
      `${init.method ?? 'GET'} ${url} failed: ${cause ?? (error as Error).message}`,
      { cause: error },
    );
  }
}

async function bytesOf(url: string): Promise<Uint8Array> {
  const response = await reach(url);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!response.ok) {
    throw new SmokeCheckError(
      `GET ${url} answered ${response.status}: ${new TextDecoder().decode(bytes).slice(0, 200)}`,
    );
  }
  return bytes;
}

/** The headers every page must carry (docs: HTTPS only, no sniffing, no framing, a CSP). */
function missingSecurityHeaders(headers: Headers): string[] {
  const missing: string[] = [];
  if (!/max-age=\d+/.test(headers.get('strict-transport-security') ?? '')) {
    missing.push('strict-transport-security');
  }
  if ((headers.get('x-content-type-options') ?? '').toLowerCase() !== 'nosniff') {
    missing.push('x-content-type-options: nosniff');
  }
  const csp = headers.get('content-security-policy') ?? '';
  if (!csp) missing.push('content-security-policy');
  if (!/frame-ancestors 'none'/.test(csp) && !headers.get('x-frame-options')) {
    missing.push("x-frame-options or CSP frame-ancestors 'none'");
  }
  if (!headers.get('referrer-policy')) missing.push('referrer-policy');
  return missing;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs every check, printing each as it ends; never throws for a failed check. */
export async function runSmoke(options: SmokeOptions): Promise<SmokeResult> {
  const base = options.url.replace(/\/+$/, '');
  const now = options.now ?? (() => new Date());
  const waitMs = (options.waitSeconds ?? 60) * 1000;
  const print = options.print ?? (() => {});
  const checks: SmokeCheck[] = [];
  const groups = options.token !== undefined ? tokenGroups(options.token) : [];
  // Refuse before the first request: a write test never touches a fund not named smoke-*.
  if (options.token !== undefined) {
    if (options.fund !== undefined && !SMOKE_FUND_PATTERN.test(options.fund)) {
      throw new SmokeRefusedError(
        `--fund ${options.fund}: the write test only writes to a fund named smoke-… (e.g. ${smokeFundId(now())}); nothing was written.`,
      );
    }
    if (options.fund === undefined && !groups.includes('admin')) {
      throw new SmokeRefusedError(
        "The token is not an admin's, so it cannot open a smoke fund: give --fund smoke-… naming a fund an admin opened for smoke tests; nothing was written.",
      );
    }
  }

  const get = async (path: string, headers: Record<string, string> = {}): Promise<Answer> => {
    const url = `${base}${path}`;
    const response = await reach(url, { headers });
    return { status: response.status, headers: response.headers, text: await response.text(), url };
  };
  const send = async (path: string, body: unknown) => {
    const url = `${base}${path}`;
    const response = await reach(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${options.token}`,
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text);
    } catch {
      // a non-JSON answer is reported by its status and text below
    }
    return { status: response.status, json, text, url };
  };
  const jsonOf = (answer: Answer): Record<string, unknown> => {
    if (answer.status !== 200) {
      throw new SmokeCheckError(
        `GET ${answer.url} answered ${answer.status}: ${answer.text.slice(0, 200)}`,
      );
    }
    if (!(answer.headers.get('content-type') ?? '').startsWith('application/json')) {
      throw new SmokeCheckError(
        `GET ${answer.url} answered ${answer.headers.get('content-type')}, not application/json`,
      );
    }
    try {
      return JSON.parse(answer.text);
    } catch (error) {
      throw new SmokeCheckError(`GET ${answer.url} is not JSON`, { cause: error });
    }
  };
  const check = async <T>(
    name: string,
    run: () => Promise<T>,
    describe: (value: T) => string = (value) => (typeof value === 'string' ? value : ''),
  ): Promise<T | undefined> => {
    const started = performance.now();
    let status: SmokeCheck['status'] = 'passed';
    let detail: string;
    let value: T | undefined;
    try {
      value = await run();
      if (value instanceof Warning) {
        status = 'warning';
        detail = value.detail;
      } else {
        detail = describe(value);
      }
    } catch (error) {
      // TypeError: fetch could not reach the server; JournalReadError: an unreadable answer.
      if (
        !(error instanceof SmokeCheckError) &&
        !(error instanceof JournalReadError) &&
        !(error instanceof TypeError)
      ) {
        throw error;
      }
      status = 'failed';
      detail = error.message;
    }
    const done: SmokeCheck = { name, status, ms: Math.round(performance.now() - started), detail };
    checks.push(done);
    print(formatCheck(done));
    return status === 'failed' ? undefined : value;
  };
  const result = (smokeFund?: string): SmokeResult => ({
    ok: checks.every((c) => c.status !== 'failed'),
    checks,
    ...(smokeFund ? { smokeFund } : {}),
  });

  // Read-only: what anyone can read.
  let funds: { id: string; name: string }[] = [];
  const listed = await check('GET /funds lists funds', async () => {
    const body = jsonOf(await get('/funds'));
    if (!Array.isArray(body.funds)) throw new SmokeCheckError('the answer has no funds array');
    funds = body.funds as typeof funds;
    return `${funds.length} fund(s)${funds.length ? `: ${funds.map((f) => f.id).join(', ')}` : ''}`;
  });
  const logKey = await check('checkpoint key', async () => {
    const key = await servedLogKey(base, get);
    return key;
  });
  await check('GET /openapi.json', async () => {
    const answer = await get('/openapi.json');
    if (answer.status === 404) {
      return new Warning('404: this deployment does not describe its API yet (skipped)');
    }
    const document = jsonOf(answer);
    if (typeof document.openapi !== 'string' || typeof document.paths !== 'object') {
      throw new SmokeCheckError(
        'the answer is JSON but not an OpenAPI document (no openapi, paths)',
      );
    }
    return `OpenAPI ${document.openapi}, ${Object.keys(document.paths ?? {}).length} paths`;
  });

  let smokeFund: string | undefined;
  if (options.token !== undefined) {
    smokeFund = await check('smoke fund', async () => {
      if (options.fund !== undefined) {
        const answer = await get(`/funds/${options.fund}`);
        if (answer.status !== 200) {
          throw new SmokeCheckError(
            `GET ${answer.url} answered ${answer.status}: open the fund ${options.fund} first (${OPEN_A_FUND}) or run with an admin's token`,
          );
        }
        return options.fund;
      }
      return openSmokeFund(smokeFundId(now()));
    });
  }

  const target = options.fund ?? funds[0]?.id ?? smokeFund;
  if (target === undefined) {
    await check('a fund to check', async () => {
      throw new SmokeCheckError(
        listed === undefined
          ? 'GET /funds failed: give --fund to check one anyway'
          : `GET /funds lists no fund: open one (${OPEN_A_FUND}), or give an admin's --token to open a smoke-* fund`,
      );
    });
    return result();
  }
  await checkFund(target);
  if (smokeFund === undefined) return result();

  await writeTest(smokeFund);
  return result(smokeFund);

  async function checkFund(fundId: string) {
    const path = encodeURIComponent(fundId);
    let name = funds.find((f) => f.id === fundId)?.name;
    await check(`GET /funds/${fundId}/report`, async () => {
      const report = jsonOf(await get(`/funds/${path}/report`));
      if (report.fundId !== fundId) {
        throw new SmokeCheckError(`the report is of fund ${JSON.stringify(report.fundId)}`);
      }
      name = String(report.name);
      return `${name}`;
    });
    let page: Answer | undefined;
    await check(`fund page /f/${fundId}`, async () => {
      page = await get(`/f/${path}`);
      if (page.status !== 200) throw new SmokeCheckError(`answered ${page.status}`);
      const type = page.headers.get('content-type') ?? '';
      if (!type.startsWith('text/html'))
        throw new SmokeCheckError(`answered ${type}, not text/html`);
      if (name !== undefined && !page.text.includes(escapeHtml(name))) {
        throw new SmokeCheckError(`the page does not show the fund's name "${name}"`);
      }
      return `200 text/html, ${page.text.length} characters, shows "${name}"`;
    });
    await check('security headers', async () => {
      if (!page) throw new SmokeCheckError('no page to check');
      const missing = missingSecurityHeaders(page.headers);
      if (missing.length > 0) throw new SmokeCheckError(`missing: ${missing.join(', ')}`);
      return 'HSTS, nosniff, CSP, frame protection, referrer-policy';
    });
    await check('compressed when asked', async () => {
      // fetch decompresses, but keeps the header the server (or CloudFront) sent.
      const answer = await get(`/f/${path}`, { 'accept-encoding': 'br, gzip' });
      const encoding = answer.headers.get('content-encoding');
      if (encoding !== 'br' && encoding !== 'gzip') {
        throw new SmokeCheckError(
          `asked with Accept-Encoding: br, gzip, the page came ${encoding ? `as ${encoding}` : 'uncompressed'}`,
        );
      }
      return `content-encoding: ${encoding}`;
    });
    await check(`head of ${fundId} verifies`, async () => {
      if (logKey === undefined) throw new SmokeCheckError('no checkpoint key to check against');
      const { report, checkpoints } = await verifiedWithin(fundId, logKey, Date.now() + waitMs);
      return `seq ${report.head.seq} ${report.head.hash.slice(0, 12)}…: chain, totals and ${checkpoints} signed checkpoint(s) by ${logKey.split('+')[0]}`;
    });
  }

  /** The journal verified, asking again while the log has yet to sign the latest writes. */
  async function verifiedWithin(fundId: string, key: string, deadline: number) {
    for (;;) {
      try {
        return await verifyPublishedJournal(base, fundId, key);
      } catch (error) {
        if (!(error instanceof SmokeLagError)) throw error;
        if (Date.now() >= deadline) {
          throw new SmokeCheckError(`${error.message} (still so after ${waitMs / 1000} s)`, {
            cause: error,
          });
        }
        await sleep(1000);
      }
    }
  }

  async function openSmokeFund(id: string): Promise<string> {
    const at = now();
    const answer = await send('/funds', {
      id,
      // Dated with slashes: a run of 9+ digits would read as a phone number and be refused.
      name: `Smoke test ${at.toISOString().slice(0, 10).split('-').reverse().join('/')} ${at.toISOString().slice(11, 16)} UTC`,
      description: 'Opened by npm run smoke to check a deployment; not a real fund.',
      owner: 'soquy smoke test',
      currency: 'VND',
      goal: 0,
      bankAccount: { bin: '970436', accountNumber: '0000000000', accountName: 'SMOKE TEST' },
      categories: [{ id: 'smoke', name: 'Smoke test' }],
      opensAt: new Date(at.getTime() - 3_600_000).toISOString(),
      closesAt: new Date(at.getTime() + 30 * 86_400_000).toISOString(),
    });
    // Run twice in one minute: the fund is already there, and it is a smoke fund.
    if (answer.status === 201 || answer.status === 409) return id;
    throw new SmokeCheckError(
      `POST ${answer.url} answered ${answer.status}: ${answer.text.slice(0, 300)}`,
    );
  }

  async function writeTest(fundId: string) {
    const path = encodeURIComponent(fundId);
    const before = await check(
      `head of ${fundId} before writing`,
      () => fetchHead(base, fundId),
      (head) => `seq ${head.seq}`,
    );
    if (!before) return;
    const donor = `Smoke ${randomUUID().slice(0, 8)}`;
    const amount = 10_000;
    let writes = 0;
    const pledgeId = await check(`pledge ${formatVnd(amount)} to ${fundId}`, async () => {
      const answer = await send(`/funds/${path}/pledges`, {
        donor: { name: donor, kind: 'individual', showName: true },
        amount,
        method: 'cash',
      });
      if (answer.status !== 201 || typeof answer.json.pledgeId !== 'string') {
        throw new SmokeCheckError(
          `POST ${answer.url} answered ${answer.status}: ${answer.text.slice(0, 300)}`,
        );
      }
      writes += 1;
      return answer.json.pledgeId;
    });
    if (pledgeId === undefined) return;
    await check('record the payment as treasurer', async () => {
      if (!groups.includes(`treasurer:${fundId}`)) {
        return new Warning(
          `skipped: the token is not a treasurer of ${fundId} (group treasurer:${fundId})`,
        );
      }
      const answer = await send(`/funds/${path}/payments`, {
        pledgeId,
        amount,
        method: 'cash',
        receivedAt: now().toISOString(),
        receiptNo: `SMOKE-${donor.slice(6)}`,
      });
      if (answer.status !== 201) {
        throw new SmokeCheckError(
          `POST ${answer.url} answered ${answer.status}: ${answer.text.slice(0, 300)}`,
        );
      }
      writes += 1;
      return `${formatVnd(amount)} received on pledge ${pledgeId}`;
    });
    const expected = before.seq + writes;
    const after = await check(`head of ${fundId} advanced and verifies`, async () => {
      const deadline = Date.now() + waitMs;
      let head = await fetchHead(base, fundId);
      // CloudFront may serve the old head for a few seconds: ask again until it moved.
      while (head.seq < expected && Date.now() < deadline) {
        await sleep(1000);
        head = await fetchHead(base, fundId);
      }
      if (head.seq < expected) {
        throw new SmokeCheckError(
          `the head stayed at seq ${head.seq} for ${waitMs / 1000} s; ${writes} write(s) after seq ${before.seq} should have made it ${expected}`,
        );
      }
      if (logKey === undefined) throw new SmokeCheckError('no checkpoint key to check against');
      const { report, checkpoints } = await verifiedWithin(fundId, logKey, deadline);
      return `seq ${before.seq} → ${report.head.seq}, chain, totals and ${checkpoints} signed checkpoint(s) verify`;
    });
    if (after === undefined) return;
    await check(`the entries show on /f/${fundId}`, async () => {
      const deadline = Date.now() + waitMs;
      let page = await get(`/f/${path}`);
      while (!page.text.includes(escapeHtml(donor)) && Date.now() < deadline) {
        await sleep(1000);
        page = await get(`/f/${path}`);
      }
      if (!page.text.includes(escapeHtml(donor))) {
        throw new SmokeCheckError(
          `after ${waitMs / 1000} s the page still does not show the donor "${donor}"`,
        );
      }
      return `shows "${donor}"`;
    });
  }
}
