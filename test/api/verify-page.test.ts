import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import {
  COSIGNATURE_V1,
  cosignatureLine,
  cosignatureMessage,
  encodeVerifierKey,
} from '@soquy/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFund, payPledge, pledge, type TestApi } from '../behaviours/helpers.ts';
import { startTestApi } from '../support/local-api.ts';

/**
 * The receipt verification page as a reader without JavaScript gets it: the entry, the proof,
 * the signed checkpoint, the log key, the four checks explained with the server's results; and
 * the receipt printed on the donor's page, the log on the fund page and the printed statement.
 * The proof on the page is checked here by an implementation of its own (not the one that built it).
 */
let api: TestApi;
const FUND = 'kiem-chung';
let pledgeId: string;
let manageToken: string;
let receipt: { seq: number; hash: string };

const sha256 = (...parts: (Uint8Array | string)[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
};
const jcs = (v: unknown): string =>
  v === null || typeof v !== 'object'
    ? JSON.stringify(v)
    : Array.isArray(v)
      ? `[${v.map(jcs).join(',')}]`
      : `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${jcs((v as Record<string, unknown>)[k])}`)
          .join(',')}}`;

/** RFC 9162 §2.1.3.2, written again for the test. */
function rootFromProof(leaf: Uint8Array, index: number, size: number, proof: Uint8Array[]) {
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (fn % 2 === 1 || fn === sn) {
      r = sha256(new Uint8Array([1]), p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = sha256(new Uint8Array([1]), r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? Buffer.from(r).toString('base64') : undefined;
}

const decode = (text: string) =>
  text.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'");
const stateOf = (page: string, check: string) =>
  new RegExp(`id="check-${check}" data-state="(\\w+)"`).exec(page)?.[1];
const receiptData = (page: string) =>
  JSON.parse(
    /<script type="application\/json" id="receipt-data">([\s\S]*?)<\/script>/.exec(page)?.[1] ??
      'null',
  );

/** The verification link the donor's page prints for the payment. */
async function verifyLinkOf(lang = '') {
  const page = await api.call('GET', `/p/${pledgeId}?t=${encodeURIComponent(manageToken)}${lang}`);
  expect(page.status).toBe(200);
  const href = /class="verify-link" href="([^"]+)"/.exec(page.text)?.[1];
  expect(href).toBeDefined();
  return { page: page.text, url: new URL(decode(href as string)) };
}

beforeAll(async () => {
  api = await startTestApi();
  await openFund(api, FUND, 'Quỹ kiểm chứng');
  const lan = await api.token(['treasurer'], 'lan', FUND);
  // A few entries first, so the proof has hashes in it.
  for (const name of ['Hộ ông Tư', 'Hộ bà Năm']) {
    await pledge(api, FUND, { donor: { name, kind: 'household', showName: true }, amount: 50_000 });
  }
  const made = await pledge(api, FUND, {
    donor: { name: 'Cửa hàng Minh Phát', kind: 'business', showName: true },
    amount: 1_000_000,
  });
  pledgeId = made.pledgeId;
  manageToken = made.manageToken;
  await payPledge(api, FUND, lan, {
    pledgeId,
    amount: 1_000_000,
    receivedAt: '2026-11-20T17:30:00.000Z',
  });
  await api.stack.flushExports();
  const view = (await api.call('GET', `/pledges/${pledgeId}?t=${encodeURIComponent(manageToken)}`))
    .json;
  receipt = { seq: view.payments[0].seq, hash: view.payments[0].hash };
}, 120_000);
afterAll(() => api.stop());

describe("the donor's receipt", () => {
  it('prints the checkpoint, the proof and a QR code of the verification link', async () => {
    // Act
    const { page, url } = await verifyLinkOf();
    const checkpoint = (await api.call('GET', `/funds/${FUND}/log/checkpoint`)).text;
    // Assess
    const [, size = '', root = ''] = checkpoint.split('\n');
    expect(url.pathname).toBe(`/funds/${FUND}/verify`);
    expect(url.searchParams.get('seq')).toBe(String(receipt.seq));
    expect(url.searchParams.get('hash')).toBe(receipt.hash);
    expect(url.searchParams.get('size')).toBe(size);
    expect(
      Buffer.from(url.searchParams.get('root') as string, 'base64url').toString('base64'),
    ).toBe(root);
    expect(page).toContain(`data-size="${size}" data-root="${root}"`);
    expect(page).toContain(`cây ${size} bút toán, gốc ${root.slice(0, 12)}…`);
    expect(page).toMatch(/<details class="proof-hashes"><summary>Bằng chứng Merkle \(\d+ mã băm\)/);
    expect(page).toMatch(/aria-label="Mã QR mở trang kiểm chứng biên nhận này"><svg/);
    expect(page).toContain(`href="/funds/${FUND}/receipts/${receipt.seq}"`);
  });
});

describe('GET /funds/{fundId}/verify without JavaScript', () => {
  it('shows the entry, the proof, the checkpoint and the key, and every check passing', async () => {
    // Prepare
    const { url } = await verifyLinkOf();
    // Act
    const res = await api.call('GET', `${url.pathname}${url.search}`);
    // Assess: what a reader sees
    expect(res.status).toBe(200);
    expect(res.text).toContain('Kiểm chứng biên nhận');
    expect(res.text).toContain('Cửa hàng Minh Phát');
    expect(res.text).toContain('1.000.000\u00a0₫');
    expect(res.text).toContain('21/11/2026 00:30'); // Vietnam time, the day after in UTC+7
    expect(res.text).toContain('Thanh toán cam kết');
    for (const check of ['hash', 'inclusion', 'signature', 'checkpoint']) {
      expect(stateOf(res.text, check), check).toBe('ok');
    }
    expect(res.text).toContain('Máy chủ kiểm tra: mọi bước đạt.');
    expect(res.text).toContain('SHA-256(0x00 ‖ JCS(bút toán))');
    expect(res.text).toContain('khóa công khai của quỹ (Ed25519');
    expect(res.text).toContain(`<code class="vkey" id="log-key">${api.stack.logKey}</code>`);
    // The data the script checks is the receipt itself, and it proves itself here too.
    const data = receiptData(res.text);
    expect(data.entry).toMatchObject({ seq: receipt.seq, hash: receipt.hash });
    expect(data.logKey).toBe(api.stack.logKey);
    const [origin, size, root] = data.checkpoint.split('\n');
    expect(origin).toBe(`soquy.local/funds/${FUND}`);
    const leaf = sha256(new Uint8Array([0]), jcs(data.entry));
    const proof = data.proof.map((p: string) => new Uint8Array(Buffer.from(p, 'base64')));
    expect(rootFromProof(leaf, receipt.seq - 1, Number(size), proof)).toBe(root);
    for (const hash of data.proof) expect(res.text).toContain(`<li>${hash}</li>`);
    expect(res.text).toContain(data.checkpoint.split('\n\n')[0]);
  });

  it('lets exactly its own inline script run: the CSP names its hash, nothing else inline', async () => {
    // Prepare
    const { url } = await verifyLinkOf();
    // Act
    const res = await api.call('GET', `${url.pathname}${url.search}`);
    // Assess
    const csp = res.headers.get('content-security-policy') ?? '';
    const scripts = [...res.text.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(scripts).toHaveLength(1);
    const hash = createHash('sha256')
      .update(scripts[0] as string)
      .digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(Buffer.byteLength(scripts[0] as string)).toBeLessThan(6 * 1024);
  });

  it('shows the hash check failing for a receipt whose hash was changed', async () => {
    // Prepare
    const { url } = await verifyLinkOf();
    const forged = `${receipt.hash.slice(0, 63)}${receipt.hash.endsWith('0') ? '1' : '0'}`;
    url.searchParams.set('hash', forged);
    // Act
    const res = await api.call('GET', `${url.pathname}${url.search}`);
    // Assess
    expect(res.status).toBe(200);
    expect(stateOf(res.text, 'hash')).toBe('fail');
    expect(res.text).toContain(`biên nhận ghi ${forged}`);
    expect(stateOf(res.text, 'inclusion')).toBe('ok');
    expect(res.text).toContain('Máy chủ kiểm tra: có bước không đạt.');
  });

  it('fails the comparison for a size or a root the receipt did not print, in English too', async () => {
    // Prepare
    const { url } = await verifyLinkOf();
    const otherRoot = new URL(url);
    otherRoot.searchParams.set('root', Buffer.alloc(32, 7).toString('base64url'));
    otherRoot.searchParams.set('lang', 'en');
    const neverSigned = new URL(url);
    neverSigned.searchParams.set('size', '999');
    // Act
    const byRoot = await api.call('GET', `${otherRoot.pathname}${otherRoot.search}`);
    const bySize = await api.call('GET', `${neverSigned.pathname}${neverSigned.search}`);
    // Assess
    expect(stateOf(byRoot.text, 'checkpoint')).toBe('fail');
    expect(stateOf(byRoot.text, 'signature')).toBe('ok');
    expect(byRoot.text).toContain('It matches what the receipt printed');
    expect(byRoot.text).toContain('Does not match: the receipt says tree');
    expect(bySize.status).toBe(200);
    expect(stateOf(bySize.text, 'checkpoint')).toBe('fail');
    expect(bySize.text).toContain('biên nhận ghi cây 999');
  });

  it('checks a receipt printed before its checkpoint against the latest one', async () => {
    // Act
    const res = await api.call(
      'GET',
      `/funds/${FUND}/verify?seq=${receipt.seq}&hash=${receipt.hash}`,
    );
    // Assess
    expect(res.status).toBe(200);
    expect(stateOf(res.text, 'checkpoint')).toBe('none');
    expect(stateOf(res.text, 'inclusion')).toBe('ok');
    expect(res.text).toContain('Biên nhận chưa in điểm kiểm tra');
  });

  it('refuses a link that is not a receipt with a 400 page, and writes nothing', async () => {
    // Prepare
    const before = await api.snapshot();
    // Act
    const answers = await Promise.all(
      [
        `seq=abc&hash=${receipt.hash}`,
        `seq=0&hash=${receipt.hash}`,
        `seq=${receipt.seq}&hash=1234`,
        `seq=${receipt.seq}&hash=${receipt.hash}&size=-1`,
        `seq=${receipt.seq}&hash=${receipt.hash}&size=5&root=not-a-root`,
      ].map((q) => api.call('GET', `/funds/${FUND}/verify?${q}`)),
    );
    const unknown = await api.call('GET', `/funds/${FUND}/verify?seq=999&hash=${receipt.hash}`);
    // Assess
    for (const res of answers) {
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.text).toContain('Đường dẫn kiểm chứng không đúng');
    }
    expect(unknown.status).toBe(404);
    expect(await api.snapshot()).toEqual(before);
  });
});

describe('the log on the fund page and the printed statement', () => {
  it('shows the log key, the latest checkpoint, where tlog clients read, and how to run a witness', async () => {
    // Act
    const page = await api.call('GET', `/f/${FUND}`);
    const checkpoint = (await api.call('GET', `/funds/${FUND}/log/checkpoint`)).text;
    // Assess
    const [, size = '', root = ''] = checkpoint.split('\n');
    expect(page.text).toContain('Sổ công khai có thể kiểm chứng');
    expect(page.text).toContain(`<code class="vkey" id="log-key">${api.stack.logKey}</code>`);
    expect(page.text).toContain(`id="log-checkpoint" data-size="${size}" data-root="${root}"`);
    expect(page.text).toContain(`${api.stack.url}/funds/${FUND}/log/`);
    expect(page.text).toContain(`npm run witness -- --url ${api.stack.url} --fund ${FUND}`);
    expect(page.text).toContain('Chưa có nhân chứng nào ký xác nhận.');
  });

  it('names the witness that co-signed the checkpoint, and the size it co-signed', async () => {
    // Prepare: a witness registered by an admin, co-signing the published checkpoint
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(-32));
    const vkey = encodeVerifierKey('bao-tuoi-tre.example', COSIGNATURE_V1, raw);
    const admin = await api.token(['admin'], 'admin');
    const added = await api.call('POST', '/log/witnesses', {
      token: admin,
      body: { vkey, label: 'Báo Tuổi Trẻ' },
    });
    expect(added.status).toBe(201);
    const note = (await api.call('GET', `/funds/${FUND}/log/checkpoint`)).text;
    const text = note.slice(0, note.lastIndexOf('\n\n') + 1);
    const time = Math.floor(Date.now() / 1000);
    const signature = new Uint8Array(sign(null, cosignatureMessage(text, time), privateKey));
    const posted = await api.call('POST', `/funds/${FUND}/log/cosignatures`, {
      raw: `${note}${cosignatureLine('bao-tuoi-tre.example', raw, time, signature)}`,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
    expect(posted.status).toBe(201);
    // Act
    const page = await api.call('GET', `/f/${FUND}`);
    // Assess
    const size = note.split('\n')[1];
    expect(page.text).toMatch(
      new RegExp(
        `<li data-size="${size}">Báo Tuổi Trẻ \\(bao-tuoi-tre\\.example\\): cây ${size} bút toán, lúc \\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d</li>`,
      ),
    );
    expect(page.text).not.toContain('Chưa có nhân chứng nào ký xác nhận.');
  });

  it('prints the checkpoint the statement was cut at, with a QR code', async () => {
    // Act
    const sheet = await api.call('GET', `/f/${FUND}/statement?month=all`);
    const checkpoint = (await api.call('GET', `/funds/${FUND}/log/checkpoint`)).text;
    // Assess
    const [, size = '', root = ''] = checkpoint.split('\n');
    expect(sheet.status).toBe(200);
    expect(sheet.text).toContain(
      `id="statement-checkpoint" data-size="${size}" data-root="${root}"`,
    );
    expect(sheet.text).toContain(
      `Cắt tại điểm kiểm tra: cây ${size} bút toán, gốc ${root.slice(0, 12)}…`,
    );
    expect(sheet.text).toMatch(/aria-label="Mã QR dẫn tới điểm kiểm tra đã ký của sổ"><svg/);
  });
});
