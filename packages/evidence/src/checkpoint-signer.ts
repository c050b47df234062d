import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
} from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { NoteSigner } from '@soquy/ledger';
import { asIs, type ClientHook } from './s3.ts';

/**
 * The log's checkpoint key (Ed25519). In AWS it lives in KMS and never leaves it: the signer asks
 * KMS to sign. Locally it is generated on first use and kept in a file of the data folder.
 */

/** An Ed25519 SubjectPublicKeyInfo (DER) ends with the raw 32-byte public key. */
export function rawEd25519PublicKey(spki: Uint8Array): Uint8Array {
  if (spki.length < 32) throw new RangeError('Not an Ed25519 public key.');
  return new Uint8Array(spki.slice(spki.length - 32));
}

/**
 * A signer whose private key is a PKCS#8 PEM file (mode 0600), made on first use. Two processes
 * starting together make one key: the file is created exclusively, and the loser reads it.
 */
export class LocalNoteSigner implements NoteSigner {
  private key?: KeyObject;

  constructor(
    readonly name: string,
    private readonly keyFile: string,
  ) {}

  private privateKey(): KeyObject {
    if (this.key) return this.key;
    let pem: string;
    try {
      pem = readFileSync(this.keyFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const { privateKey } = generateKeyPairSync('ed25519');
      pem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
      mkdirSync(dirname(this.keyFile), { recursive: true });
      try {
        writeFileSync(this.keyFile, pem, { mode: 0o600, flag: 'wx' });
      } catch (race) {
        if ((race as NodeJS.ErrnoException).code !== 'EEXIST') throw race;
        pem = readFileSync(this.keyFile, 'utf8');
      }
    }
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') {
      throw new TypeError(`${this.keyFile} does not hold an Ed25519 private key.`);
    }
    this.key = key;
    return key;
  }

  async publicKey(): Promise<Uint8Array> {
    const spki = createPublicKey(this.privateKey()).export({ format: 'der', type: 'spki' });
    return rawEd25519PublicKey(new Uint8Array(spki));
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    return new Uint8Array(sign(null, message, this.privateKey()));
  }
}

type KmsSdk = typeof import('@aws-sdk/client-kms');

/**
 * A signer backed by a KMS key of spec ECC_NIST_EDWARDS25519: pure Ed25519 over the message
 * (ED25519_SHA_512 with MessageType RAW). The public key is fetched once and kept. The KMS client
 * is imported on first use, so functions that never sign or show the key do not load it.
 */
export class KmsNoteSigner implements NoteSigner {
  private sdk?: Promise<{ kms: KMSClient; sdk: KmsSdk }>;
  private cachedPublicKey?: Promise<Uint8Array>;

  constructor(
    readonly name: string,
    private readonly keyId: string,
    private readonly client?: KMSClient,
    private readonly hook: ClientHook = asIs,
  ) {}

  private load() {
    this.sdk ??= import('@aws-sdk/client-kms').then((sdk) => ({
      sdk,
      kms: this.client ?? this.hook(new sdk.KMSClient({})),
    }));
    return this.sdk;
  }

  publicKey(): Promise<Uint8Array> {
    this.cachedPublicKey ??= (async () => {
      const { kms, sdk } = await this.load();
      const answer = await kms.send(new sdk.GetPublicKeyCommand({ KeyId: this.keyId }));
      if (answer.KeySpec !== 'ECC_NIST_EDWARDS25519' || !answer.PublicKey) {
        throw new TypeError(
          `KMS key ${this.keyId} is ${answer.KeySpec ?? 'unknown'}, not an Ed25519 (ECC_NIST_EDWARDS25519) key.`,
        );
      }
      return rawEd25519PublicKey(answer.PublicKey);
    })();
    // A failed fetch (throttling, a cold network) is tried again on the next call.
    this.cachedPublicKey.catch(() => {
      this.cachedPublicKey = undefined;
    });
    return this.cachedPublicKey;
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    const { kms, sdk } = await this.load();
    const answer = await kms.send(
      new sdk.SignCommand({
        KeyId: this.keyId,
        Message: message,
        MessageType: 'RAW',
        SigningAlgorithm: 'ED25519_SHA_512',
      }),
    );
    if (answer.Signature?.length !== 64) {
      throw new TypeError(`KMS answered no 64-byte Ed25519 signature for key ${this.keyId}.`);
    }
    return new Uint8Array(answer.Signature);
  }
}

export type CheckpointKeySettings = { CHECKPOINT_KEY_ID: string } | { CHECKPOINT_KEY_FILE: string };

/** KMS in AWS; the key file in `.data/` locally. `name` is the deployment (LOG_DEPLOYMENT). */
export function createNoteSigner(
  name: string,
  settings: CheckpointKeySettings,
  hook?: ClientHook,
): NoteSigner {
  return 'CHECKPOINT_KEY_ID' in settings
    ? new KmsNoteSigner(name, settings.CHECKPOINT_KEY_ID, undefined, hook)
    : new LocalNoteSigner(name, settings.CHECKPOINT_KEY_FILE);
}
