import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KMSClient } from '@aws-sdk/client-kms';
import { GetPublicKeyCommand, SignCommand } from '@aws-sdk/client-kms';
import * as ed from '@noble/ed25519';
import { describe, expect, it } from 'vitest';
import {
  DiskLogFiles,
  KmsNoteSigner,
  LocalNoteSigner,
  LogFileConflictError,
} from '../src/index.ts';

const message = new TextEncoder().encode('soquy.local/funds/pu-trang\n4\nAAAA\n');

describe('LocalNoteSigner', () => {
  it('makes an Ed25519 key on first use, keeps it 0600, and signs what @noble/ed25519 verifies', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'soquy-key-')), 'checkpoint-key');
    const signer = new LocalNoteSigner('soquy.local', file);
    const publicKey = await signer.publicKey();
    expect(readFileSync(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await ed.verifyAsync(await signer.sign(message), message, publicKey)).toBe(true);
    // A second signer (a restart) reads the same key.
    const again = new LocalNoteSigner('soquy.local', file);
    expect(Buffer.from(await again.publicKey()).equals(Buffer.from(publicKey))).toBe(true);
  });
});

describe('KmsNoteSigner', () => {
  it('asks KMS for a RAW ED25519_SHA_512 signature and reads the key from its SPKI once', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const calls: unknown[] = [];
    // Stands in for KMS: answers what KMS answers for an ECC_NIST_EDWARDS25519 key.
    const kms = {
      send: async (command: unknown) => {
        calls.push(command);
        if (command instanceof GetPublicKeyCommand) {
          return {
            KeySpec: 'ECC_NIST_EDWARDS25519',
            PublicKey: new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })),
          };
        }
        if (command instanceof SignCommand) {
          const input = command.input;
          expect(input).toMatchObject({
            KeyId: 'alias/soquy-checkpoint',
            MessageType: 'RAW',
            SigningAlgorithm: 'ED25519_SHA_512',
          });
          return { Signature: new Uint8Array(sign(null, input.Message as Uint8Array, privateKey)) };
        }
        throw new Error('unexpected command');
      },
    } as unknown as KMSClient;
    const signer = new KmsNoteSigner('soquy.example.vn', 'alias/soquy-checkpoint', kms);
    const raw = await signer.publicKey();
    expect(raw).toHaveLength(32);
    expect(await ed.verifyAsync(await signer.sign(message), message, raw)).toBe(true);
    await signer.publicKey();
    expect(calls.filter((c) => c instanceof GetPublicKeyCommand)).toHaveLength(1);
  });

  it('refuses a KMS key that is not Ed25519', async () => {
    const kms = {
      send: async () => ({ KeySpec: 'ECC_NIST_P256', PublicKey: new Uint8Array(91) }),
    } as unknown as KMSClient;
    await expect(new KmsNoteSigner('x', 'k', kms).publicKey()).rejects.toThrow(/not an Ed25519/);
  });
});

describe('DiskLogFiles', () => {
  it('writes a full tile once: the same bytes again pass, other bytes are refused', async () => {
    const files = new DiskLogFiles(mkdtempSync(join(tmpdir(), 'soquy-log-')));
    const tile = new Uint8Array(8192).fill(1);
    const options = { immutable: true, contentType: 'application/octet-stream' };
    await files.write('pu-trang', 'tile/0/000', tile, options);
    await files.write('pu-trang', 'tile/0/000', tile, options);
    await expect(
      files.write('pu-trang', 'tile/0/000', new Uint8Array(8192).fill(2), options),
    ).rejects.toThrow(LogFileConflictError);
    expect((await files.read('pu-trang', 'tile/0/000'))?.[0]).toBe(1);
    await expect(files.write('pu-trang', '../../etc/passwd', tile, options)).rejects.toThrow(
      RangeError,
    );
    expect(await files.read('pu-trang', 'tile/0/001')).toBeUndefined();
  });
});
