import { generateKeyPairSync, sign } from 'node:crypto';
import * as ed from '@noble/ed25519';
import { describe, expect, it } from 'vitest';
import { fromBase64, leafHash, rootOf } from './merkle.ts';
import {
  COSIGNATURE_V1,
  checkpointText,
  cosignatureLine,
  cosignatureMessage,
  encodeVerifierKey,
  findCosignature,
  findNoteSignature,
  NOTE_ED25519,
  type NoteSigner,
  openSignedCheckpoint,
  parseCheckpointText,
  parseNote,
  parseTotalsLine,
  parseVerifierKey,
  signNote,
  totalsLine,
} from './signed-note.ts';

function testSigner(name: string): NoteSigner & { raw: Uint8Array } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = new Uint8Array(
    Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url'),
  );
  return {
    name,
    raw,
    publicKey: async () => raw,
    sign: async (message) => new Uint8Array(sign(null, message, privateKey)),
  };
}

const root = rootOf([leafHash(new Uint8Array([1]))]);
const totals = {
  pledged: 5_000_000,
  received: 3_000_000,
  spent: 1_000_000,
  balance: 2_000_000,
  outstanding: 2_000_000,
};
const text = checkpointText({
  origin: 'soquy.local/funds/pu-trang',
  size: 1,
  root,
  extensions: [totalsLine(totals)],
});

describe('signed checkpoints (C2SP signed-note, tlog-checkpoint)', () => {
  it('writes origin, size, base64 root and the totals line', () => {
    expect(text).toBe(
      `soquy.local/funds/pu-trang\n1\n${Buffer.from(root).toString('base64')}\nsoquy-totals pledged=5000000 received=3000000 spent=1000000 balance=2000000 outstanding=2000000\n`,
    );
    const parsed = parseCheckpointText(text);
    expect(parsed.size).toBe(1);
    expect(parseTotalsLine(parsed.extensions[0] as string)).toEqual(totals);
  });

  it('signs a note that a second Ed25519 implementation verifies', async () => {
    // prepare
    const signer = testSigner('soquy.local');
    // act
    const note = await signNote(text, signer);
    // assess: the line is "— name base64(key id ‖ signature)" over exactly the note text
    const parsed = parseNote(note);
    expect(parsed.text).toBe(text);
    const line = parsed.signatures[0];
    expect(line?.name).toBe('soquy.local');
    expect(
      await ed.verifyAsync(
        line?.signature as Uint8Array,
        new TextEncoder().encode(text),
        signer.raw,
      ),
    ).toBe(true);
    const vkey = parseVerifierKey(encodeVerifierKey('soquy.local', NOTE_ED25519, signer.raw));
    expect(Buffer.from(line?.keyId as Uint8Array)).toEqual(Buffer.from(vkey.keyId));
    expect(openSignedCheckpoint(note, vkey)).toMatchObject({ ok: true, checkpoint: { size: 1 } });
  });

  it('refuses a changed note, another key, and a vkey whose id does not match', async () => {
    const signer = testSigner('soquy.local');
    const note = await signNote(text, signer);
    const vkey = parseVerifierKey(encodeVerifierKey('soquy.local', NOTE_ED25519, signer.raw));
    expect(openSignedCheckpoint(note.replace('\n1\n', '\n2\n'), vkey)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/no valid signature/),
    });
    const other = testSigner('soquy.local');
    expect(
      openSignedCheckpoint(
        note,
        parseVerifierKey(encodeVerifierKey('soquy.local', NOTE_ED25519, other.raw)),
      ),
    ).toMatchObject({ ok: false, problem: expect.stringMatching(/no valid signature/) });
    const good = encodeVerifierKey('soquy.local', NOTE_ED25519, signer.raw);
    expect(() => parseVerifierKey(good.replace(/\+[0-9a-f]{8}\+/, '+00000000+'))).toThrow(/id/);
    expect(() => parseNote(text)).toThrow();
  });

  it('reads the vkey of the C2SP signed-note example', () => {
    // From c2sp.org/signed-note: PeterNeumann's verifier key.
    const key = parseVerifierKey(
      'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
    );
    expect(key.name).toBe('PeterNeumann');
    expect(key.type).toBe(NOTE_ED25519);
    expect(fromBase64(Buffer.from(key.publicKey).toString('base64'))).toBeDefined();
  });

  it('verifies a witness cosignature and refuses a forged or replayed one', async () => {
    const log = testSigner('soquy.local');
    const witness = testSigner('witness.example/bao');
    const note = await signNote(text, log);
    const timestamp = 1_795_000_000;
    const signature = await witness.sign(cosignatureMessage(text, timestamp));
    expect(await ed.verifyAsync(signature, cosignatureMessage(text, timestamp), witness.raw)).toBe(
      true,
    );
    const cosigned = note + cosignatureLine(witness.name, witness.raw, timestamp, signature);
    const key = parseVerifierKey(encodeVerifierKey(witness.name, COSIGNATURE_V1, witness.raw));
    const found = findCosignature(parseNote(cosigned), key);
    expect(found).toMatchObject({ timestamp, valid: true });
    // The log's own signature still verifies on the cosigned note.
    const logKey = parseVerifierKey(encodeVerifierKey(log.name, NOTE_ED25519, log.raw));
    expect(findNoteSignature(parseNote(cosigned), logKey)).toBeDefined();
    // Another timestamp with the same signature is a forgery.
    const forged = note + cosignatureLine(witness.name, witness.raw, timestamp + 1, signature);
    expect(findCosignature(parseNote(forged), key)?.valid).toBe(false);
  });
});
