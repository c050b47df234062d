import { describe, expect, it } from 'vitest';
import { freshTables } from '../../../../../test/support/dynamo.ts';
import { puTrangFund } from '../../../../../test/support/funds.ts';
import { PUBLIC, staff } from '../../access/access.ts';
import { signNote } from '../../primitives/signed-note.ts';
import { receiveCosignature } from './cosign.ts';
import { witnessInput } from './input.ts';
import { publishLog } from './publish-log.ts';
import { logStatus } from './status.ts';
import { appendGifts, testLogDeps, testSigner, testWitness } from './test-support.ts';
import { addWitness, listWitnesses } from './witnesses.ts';

const FUND = 'pu-trang';
const NOW = new Date('2026-11-20T03:00:00.000Z');
const nowSeconds = NOW.getTime() / 1000;
const admin = staff({ userId: 'u-admin', username: 'admin-hoa', groups: ['admin'] });

/** A fund with a signed checkpoint of 12 entries and a registered witness (a newspaper). */
async function cosignedWorld() {
  const world = await freshTables();
  await world.store.createFund(puTrangFund());
  const deps = testLogDeps(world.store, { now: NOW });
  await appendGifts(world.store, FUND, 12);
  const checkpoint = await publishLog(deps, FUND, { minIntervalMs: 0 });
  const witness = testWitness('bao-tuoi-tre.example');
  await addWitness(deps, { vkey: witness.vkey, label: 'Báo Tuổi Trẻ' }, admin);
  return { ...world, deps, witness, note: checkpoint?.note ?? '' };
}

describe('witnesses', () => {
  it('lets only an administrator register a witness key, of type 0x04', async () => {
    // Prepare
    const { deps, witness } = await cosignedWorld();
    const treasurer = staff({ userId: 'u-t', username: 'thuquy', groups: ['treasurer:pu-trang'] });
    // Act / Assess
    await expect(
      addWitness(deps, { vkey: testWitness('x').vkey, label: 'X' }, treasurer),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      addWitness(deps, { vkey: testWitness('y').vkey, label: 'Y' }, PUBLIC),
    ).rejects.toMatchObject({ code: 'unauthorized' });
    const logKey = (await logStatus(deps, FUND)).logKey;
    await expect(addWitness(deps, { vkey: logKey, label: 'Log' }, admin)).rejects.toMatchObject({
      code: 'invalid_witness',
    });
    await expect(
      addWitness(deps, { vkey: `${witness.vkey.slice(0, -4)}AAA=`, label: 'Bad' }, admin),
    ).rejects.toMatchObject({ code: 'invalid_witness' });
    expect(await listWitnesses(deps)).toEqual([
      expect.objectContaining({
        name: 'bao-tuoi-tre.example',
        label: 'Báo Tuổi Trẻ',
        addedBy: 'admin-hoa',
      }),
    ]);
    expect(witnessInput.safeParse({ vkey: 'nonsense', label: 'A' }).success).toBe(false);
    expect(witnessInput.safeParse({ vkey: witness.vkey, label: '' }).success).toBe(false);
  });
});

describe('receiveCosignature', () => {
  it('keeps a valid, fresh cosignature by a registered witness and shows it in the status', async () => {
    // Prepare
    const { deps, witness, note } = await cosignedWorld();
    // Act
    const { accepted } = await receiveCosignature(
      deps,
      FUND,
      witness.cosign(note, nowSeconds - 10),
    );
    // Assess
    expect(accepted).toEqual([
      expect.objectContaining({
        fundId: FUND,
        size: 12,
        witness: 'bao-tuoi-tre.example',
        label: 'Báo Tuổi Trẻ',
        timestamp: nowSeconds - 10,
      }),
    ]);
    expect(accepted[0]?.line).toMatch(/^— bao-tuoi-tre\.example [A-Za-z0-9+/]+=*$/);
    const status = await logStatus(deps, FUND);
    expect(status.cosignatures).toEqual(accepted);
    expect(status.checkpoint?.size).toBe(12);
    // A newer cosignature replaces it
    await receiveCosignature(deps, FUND, witness.cosign(note, nowSeconds));
    expect((await logStatus(deps, FUND)).cosignatures.map((c) => c.timestamp)).toEqual([
      nowSeconds,
    ]);
  });

  it('ignores a line of an unknown key beside a registered witness', async () => {
    const { deps, witness, note } = await cosignedWorld();
    const stranger = testWitness('stranger.example');
    const both = stranger.cosign(witness.cosign(note, nowSeconds), nowSeconds);
    const { accepted } = await receiveCosignature(deps, FUND, both);
    expect(accepted.map((c) => c.witness)).toEqual(['bao-tuoi-tre.example']);
  });

  const refusals: [
    string,
    string,
    (w: Awaited<ReturnType<typeof cosignedWorld>>) => Promise<string> | string,
  ][] = [
    ['not a note', 'bad_cosignature', () => 'hello'],
    [
      'a forged cosignature (signature bytes changed)',
      'bad_cosignature',
      ({ witness, note }) => {
        const cosigned = witness.cosign(note, nowSeconds);
        const lines = cosigned.split('\n');
        const last = lines.at(-2) ?? '';
        const [dash, name, sig = ''] = last.split(' ');
        const bytes = Buffer.from(sig, 'base64');
        bytes[20] = (bytes[20] ?? 0) ^ 1;
        lines[lines.length - 2] = `${dash} ${name} ${bytes.toString('base64')}`;
        return lines.join('\n');
      },
    ],
    [
      'a cosignature made by another key under the witness name',
      'bad_cosignature',
      ({ witness, note }) => {
        const other = testWitness('bao-tuoi-tre.example');
        // the registered name and key id, but made by another key: looks the same, does not verify
        const line = other.cosign(note, nowSeconds).slice(note.length);
        const mine = witness.cosign(note, nowSeconds).slice(note.length);
        return `${note}${mine.split(' ')[0]} ${mine.split(' ')[1]} ${Buffer.concat([
          Buffer.from(mine.split(' ')[2] ?? '', 'base64').subarray(0, 12),
          Buffer.from(line.split(' ')[2] ?? '', 'base64').subarray(12),
        ]).toString('base64')}\n`;
      },
    ],
    [
      'a note the log never signed',
      'bad_cosignature',
      async ({ witness, note }) => {
        const text = note.slice(0, note.indexOf('\n\n') + 1);
        return witness.cosign(await signNote(text, testSigner('soquy.test')), nowSeconds);
      },
    ],
    [
      'a cosignature by an unknown key',
      'unknown_witness',
      ({ note }) => testWitness('ke-la.example').cosign(note, nowSeconds),
    ],
    ['no cosignature at all', 'unknown_witness', ({ note }) => note],
    [
      'a cosignature two hours old',
      'stale_cosignature',
      ({ witness, note }) => witness.cosign(note, nowSeconds - 7200),
    ],
    [
      'a cosignature ten minutes in the future',
      'stale_cosignature',
      ({ witness, note }) => witness.cosign(note, nowSeconds + 600),
    ],
    [
      'a checkpoint the log signed but never kept',
      'checkpoint_not_found',
      async ({ deps, witness, note }) => {
        const text = note.slice(0, note.indexOf('\n\n') + 1).replace('\n12\n', '\n13\n');
        return witness.cosign(await signNote(text, deps.signer), nowSeconds);
      },
    ],
  ];

  it.each(refusals)('refuses %s with %s and writes nothing', async (_, code, build) => {
    // Prepare
    const world = await cosignedWorld();
    const posted = await build(world);
    const before = await world.scan(world.tables.state);
    // Act / Assess
    await expect(receiveCosignature(world.deps, FUND, posted)).rejects.toMatchObject({ code });
    expect(await world.scan(world.tables.state)).toEqual(before);
  });

  it('refuses the same cosignature twice (a replay) and writes nothing the second time', async () => {
    // Prepare
    const { deps, witness, note, scan, tables } = await cosignedWorld();
    const posted = witness.cosign(note, nowSeconds - 5);
    await receiveCosignature(deps, FUND, posted);
    const before = await scan(tables.state);
    // Act / Assess
    await expect(receiveCosignature(deps, FUND, posted)).rejects.toMatchObject({
      code: 'stale_cosignature',
    });
    await expect(
      receiveCosignature(deps, FUND, witness.cosign(note, nowSeconds - 60)),
    ).rejects.toMatchObject({ code: 'stale_cosignature' });
    expect(await scan(tables.state)).toEqual(before);
  });

  it('keeps none of the cosignatures on a note when one witness co-signed again meanwhile', async () => {
    // Prepare: two registered witnesses co-sign the note; between the check and the write the
    // second one's newer cosignature arrives (another request), so its line here is stale
    const { deps, witness, note, store } = await cosignedWorld();
    const council = testWitness('hdnd-phuong.example');
    await addWitness(deps, { vkey: council.vkey, label: 'HĐND phường' }, admin);
    const posted = council.cosign(witness.cosign(note, nowSeconds - 20), nowSeconds - 20);
    const racing: typeof deps = {
      ...deps,
      store: Object.assign(Object.create(store), {
        log: {
          ...store.log,
          listCosignatures: async (fundId: string) => {
            const seen = await store.log.listCosignatures(fundId);
            await receiveCosignature(deps, FUND, council.cosign(note, nowSeconds - 10));
            return seen;
          },
        },
      }),
    };
    // Act
    const attempt = receiveCosignature(racing, FUND, posted);
    // Assess: refused, and the newspaper's cosignature was not kept either
    await expect(attempt).rejects.toMatchObject({ code: 'stale_cosignature' });
    expect((await logStatus(deps, FUND)).cosignatures.map((c) => [c.witness, c.timestamp])).toEqual(
      [['hdnd-phuong.example', nowSeconds - 10]],
    );
  });
});
