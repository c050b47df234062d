import { generateKeyPairSync } from 'node:crypto';
import { COSIGNATURE_V1, encodeVerifierKey, NOTE_ED25519 } from '@soquy/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../support/local-api.ts';
import { consoleClient, type TestApi } from './helpers.ts';

/**
 * Registering witnesses from the staff console (issue 12): an administrator pastes the key a
 * witness operator printed, and from then on the log keeps that witness's cosignatures. Anyone
 * else, a malformed key and a form posted from another site are refused, writing nothing.
 */
let api: TestApi;
let web: ReturnType<typeof consoleClient>;

beforeAll(async () => {
  api = await startTestApi();
  web = consoleClient(api);
});
afterAll(() => api.stop());

/** A fresh Ed25519 key, as `npm run witness -- --print-key` makes one: its vkey of `type`. */
function witnessKey(name: string, type = COSIGNATURE_V1): string {
  const { publicKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  return encodeVerifierKey(name, type, new Uint8Array(Buffer.from(jwk.x as string, 'base64url')));
}

/** The dd/mm/yyyy hh:mm a Vietnamese reader sees for an instant (UTC+7). */
function vietnamTime(instant: string): string {
  const local = new Date(Date.parse(instant) + 7 * 3_600_000).toISOString();
  return `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)} ${local.slice(11, 16)}`;
}

async function signedInAdmin() {
  const cookie = await web.signIn(await api.token(['admin'], 'admin'));
  return { cookie, csrf: await web.csrfOn(cookie, '/console/witnesses') };
}

/** The witnesses the public API lists. */
async function publicWitnesses(): Promise<any[]> {
  const res = await api.call('GET', '/log/witnesses');
  expect(res.status).toBe(200);
  return res.json.witnesses;
}

describe('the console’s witnesses page', () => {
  it('lets an admin register a witness by its key: listed on the page and by GET /log/witnesses', async () => {
    // Prepare: the key a ward newspaper's witness printed
    const name = 'witness.test/bao-phuong-ba-dinh';
    const vkey = witnessKey(name);
    const { cookie, csrf } = await signedInAdmin();
    const home = await web.send('GET', '/console', { cookie });
    const empty = await web.send('GET', '/console/witnesses', { cookie });
    // Act
    const res = await web.send('POST', '/console/witnesses', {
      cookie,
      form: { csrf, vkey: `  ${vkey}\n`, label: 'Báo Phường <Ba Đình>' },
    });
    const page = await web.send('GET', res.location ?? '/console/witnesses', { cookie });
    // Assess: the home links to the page; the page says how to get a key
    expect(home.text).toContain('href="/console/witnesses" id="witnesses-link"');
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('Chưa đăng ký nhân chứng nào.');
    expect(empty.text).toContain(
      `npm run witness -- --url ${api.stack.url} --state ./witness --print-key`,
    );
    expect(res.status).toBe(303);
    expect(res.location).toBe('/console/witnesses?done=1');
    const listed = await publicWitnesses();
    expect(listed).toEqual([
      {
        vkey,
        name,
        label: 'Báo Phường <Ba Đình>',
        addedAt: expect.any(String),
        addedBy: 'admin',
      },
    ]);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Đã đăng ký nhân chứng.');
    expect(page.text).toContain(`<code class="vkey">${vkey}</code>`);
    expect(page.text).toContain(`<span class="mono">${name}</span>`);
    // the label is public text, shown as text
    expect(page.text).toContain('<strong>Báo Phường &lt;Ba Đình&gt;</strong>');
    expect(page.text).toContain(`Đăng ký lúc ${vietnamTime(listed[0].addedAt)} · bởi admin`);
  });

  it('refuses a treasurer: 403 on the page and on the form, nothing written', async () => {
    // Prepare: the treasurer's own session and CSRF token (the console home carries it)
    const cookie = await web.signIn(await api.token(['treasurer'], 'lan', 'quy-nhan-chung'));
    const home = await web.send('GET', '/console', { cookie });
    const csrf = await web.csrfOn(cookie, '/console');
    const before = await api.snapshot();
    const listedBefore = await publicWitnesses();
    // Act
    const page = await web.send('GET', '/console/witnesses', { cookie });
    const res = await web.send('POST', '/console/witnesses', {
      cookie,
      form: { csrf, vkey: witnessKey('witness.test/ke-gian'), label: 'Kẻ gian' },
    });
    // Assess
    expect(home.text).not.toContain('/console/witnesses');
    for (const answer of [page, res]) {
      expect(answer.status).toBe(403);
      expect(answer.location).toBeNull();
      expect(answer.text).not.toContain('witness-form');
    }
    expect(await api.snapshot()).toEqual(before);
    expect(await publicWitnesses()).toEqual(listedBefore);
  });

  it('shows the form again with a Vietnamese message for a malformed key, a log key or no label: 400, nothing written', async () => {
    // Prepare
    const { cookie, csrf } = await signedInAdmin();
    const before = await api.snapshot();
    const goodKey = witnessKey('witness.test/hdnd-phuong');
    const cases = [
      {
        form: { vkey: 'witness.test/hdnd+1234+không-phải-khóa', label: 'HĐND phường' },
        message:
          'Khóa xác minh không đúng dạng &lt;tên&gt;+&lt;8 chữ số hex&gt;+&lt;khóa base64&gt;',
      },
      {
        form: { vkey: '', label: 'HĐND phường' },
        message: 'Hãy dán khóa xác minh của nhân chứng',
      },
      {
        // the right shape, but a key id that is not this key's
        form: { vkey: goodKey.replace(/\+[0-9a-f]{8}\+/, '+00000000+'), label: 'HĐND phường' },
        message: 'Khóa xác minh không hợp lệ (mã khóa không khớp',
      },
      {
        form: { vkey: witnessKey('soquy.local', NOTE_ED25519), label: 'HĐND phường' },
        message: 'Đây là khóa của một sổ (log key), không phải khóa ký xác nhận của nhân chứng.',
      },
      {
        form: { vkey: goodKey, label: '   ' },
        message: 'Hãy nhập ai chạy nhân chứng này',
      },
      {
        form: { vkey: goodKey, label: 'Anh Tư 0912345678' },
        message: 'Tên hiển thị được công khai: đừng ghi số điện thoại',
      },
    ];
    for (const { form, message } of cases) {
      // Act
      const res = await web.send('POST', '/console/witnesses', { cookie, form: { csrf, ...form } });
      // Assess: the same page, the form kept, the problem next to its field
      expect(res.status, form.vkey).toBe(400);
      expect(res.text, form.vkey).toContain('Vui lòng sửa các mục được đánh dấu.');
      expect(res.text, form.vkey).toContain(message);
      expect(res.text, form.vkey).toContain('id="witness-form"');
      expect(res.text, form.vkey).toContain('aria-invalid="true"');
    }
    expect(await api.snapshot()).toEqual(before);
  });

  it('says so in English with ?lang=en', async () => {
    const { cookie, csrf } = await signedInAdmin();
    const before = await api.snapshot();
    const res = await web.send('POST', '/console/witnesses?lang=en', {
      cookie,
      form: { csrf, vkey: 'not a key', label: 'Ward newspaper' },
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain(
      'The verifier key is not of the form &lt;name&gt;+&lt;8 hex digits&gt;+&lt;base64 key&gt;.',
    );
    expect(res.text).toContain('action="/console/witnesses?lang=en"');
    expect(await api.snapshot()).toEqual(before);
  });

  it('refuses a form posted from another site even with the admin’s csrf, writing nothing', async () => {
    // Prepare
    const { cookie, csrf } = await signedInAdmin();
    const before = await api.snapshot();
    // Act: what a hostile page's auto-submitting form makes the admin's browser send
    const response = await fetch(`${api.stack.url}/console/witnesses`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie,
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
      },
      body: new URLSearchParams({
        csrf,
        vkey: witnessKey('witness.test/ke-gian'),
        label: 'Kẻ gian',
      }),
    });
    // Assess
    expect(response.status).toBe(403);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('không được gửi từ trang soquy');
    expect(await api.snapshot()).toEqual(before);
    expect((await publicWitnesses()).map((w) => w.name)).not.toContain('witness.test/ke-gian');
  });

  it('refuses the form without the session’s csrf token', async () => {
    const { cookie } = await signedInAdmin();
    const before = await api.snapshot();
    const res = await web.send('POST', '/console/witnesses', {
      cookie,
      form: { vkey: witnessKey('witness.test/khong-csrf'), label: 'Không CSRF' },
    });
    expect(res.status).toBe(403);
    expect(await api.snapshot()).toEqual(before);
  });
});
