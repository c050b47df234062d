import { randomInt } from 'node:crypto';
import type { BankDirection } from '@soquy/ledger';
import { cassoSignature } from './casso.ts';

/**
 * Notifications as SePay and Casso send them, for one demo transfer: what `npm run bank` posts
 * to the local stack, and what tests (the end-to-end one included) feed the webhooks. Shapes are
 * the documented ones (SePay's "SePay Webhooks" payload, Casso's webhook v2 sample).
 */

export interface DemoTransfer {
  /** The pledge reference the donor typed (`PT7K2Q`); the memo carries it the way a bank does. */
  reference: string;
  /** Positive whole đồng. */
  amount: number;
  /** The fund's receiving account. */
  accountNumber: string;
  /** 'out' makes a debit (money leaving the fund's account). Default 'in'. */
  direction?: BankDirection;
  /** When the bank booked it. Default now. */
  at?: Date;
  /** The gateway's transaction id. Default a fresh random one. */
  id?: number;
  /** The bank's reference. Default a fresh `FT<yy><ddd><8 digits>`. */
  bankReference?: string;
  /** The bank's wrapper number in the memo (`MBVCB.<10 digits>`). Default fresh. */
  wrapperNumber?: string;
  /** The other side of the transfer. Default a made-up donor (or payee, for a debit). */
  counterpart?: { name: string; account: string; bank: string; bankId: string };
  /** The balance after it, when the demo knows it. Default: not given (SePay sends 0 then). */
  balanceAfter?: number;
}

export interface GatewayDelivery {
  gateway: 'sepay' | 'casso';
  /** The local stack's webhook path. */
  path: '/webhooks/sepay' | '/webhooks/casso';
  headers: Record<string, string>;
  body: Record<string, unknown>;
  /** The exact bytes to send. */
  rawBody: string;
  /** The delivery id the parser will find (`sepay:<id>`, `casso:<id>`). */
  deliveryId: string;
}

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const digits = (count: number) =>
  Array.from({ length: count }, () => String(randomInt(0, 10))).join('');

/** An instant as a gateway writes it: "YYYY-MM-DD HH:mm:ss", Vietnam time, no zone. */
export function vietnamLocalTime(at: Date): string {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** A fresh sender-side bank reference, `FT` + yy + day of the year + 8 digits (Vietnam date). */
export function freshBankReference(at: Date = new Date()): string {
  const local = new Date(at.getTime() + VIETNAM_OFFSET_MS);
  const yearStart = Date.UTC(local.getUTCFullYear(), 0, 1);
  const dayOfYear = Math.floor((local.getTime() - yearStart) / 86_400_000) + 1;
  return `FT${pad(local.getUTCFullYear() % 100, 2)}${pad(dayOfYear, 3)}${digits(8)}`;
}

/** A fresh gateway transaction id (a positive safe integer). */
export function freshGatewayId(): number {
  return randomInt(100_000_000, 2 ** 47);
}

const DONOR = {
  name: 'NGUYEN VAN A',
  account: '0123456789',
  bank: 'Vietcombank',
  bankId: '970436',
};
const PAYEE = { name: 'TRAN THI B', account: '9876543210', bank: 'VietinBank', bankId: '970415' };

/**
 * The memo as a Vietcombank app transfer reaches the statement: the donor's `UNG HO <reference>`
 * wrapped in `MBVCB.<10 digits>.….CT tu <from> <NAME> toi <to> <BANK>`. A debit says `CHI`.
 */
export function bankMemo(transfer: DemoTransfer): string {
  const wrapper = transfer.wrapperNumber ?? digits(10);
  const out = transfer.direction === 'out';
  const other = transfer.counterpart ?? (out ? PAYEE : DONOR);
  const reference = transfer.reference.toUpperCase();
  return out
    ? `MBVCB.${wrapper}.CHI ${reference}.CT tu ${transfer.accountNumber} QUY SO QUY toi ${other.account} ${other.name} ${other.bank.toUpperCase()}`
    : `MBVCB.${wrapper}.UNG HO ${reference}.CT tu ${other.account} ${other.name} toi ${transfer.accountNumber} QUY SO QUY`;
}

function checked(transfer: DemoTransfer): void {
  if (!Number.isSafeInteger(transfer.amount) || transfer.amount <= 0) {
    throw new RangeError(
      `A transfer amount must be a positive whole number of đồng, not ${transfer.amount}.`,
    );
  }
}

/** SePay's notification for `transfer`, with `Authorization: Apikey <apiKey>`. */
export function sepayNotificationFor(transfer: DemoTransfer, apiKey: string): GatewayDelivery {
  checked(transfer);
  const at = transfer.at ?? new Date();
  const id = transfer.id ?? freshGatewayId();
  const content = bankMemo(transfer);
  const body = {
    id,
    gateway: 'Vietcombank',
    transactionDate: vietnamLocalTime(at),
    accountNumber: transfer.accountNumber,
    code: null,
    content,
    transferType: transfer.direction ?? 'in',
    transferAmount: transfer.amount,
    accumulated: transfer.balanceAfter ?? 0,
    subAccount: null,
    referenceCode: transfer.bankReference ?? freshBankReference(at),
    description: `BankAPINotify ${content}`,
  };
  return {
    gateway: 'sepay',
    path: '/webhooks/sepay',
    headers: { 'Content-Type': 'application/json', Authorization: `Apikey ${apiKey}` },
    body,
    rawBody: JSON.stringify(body),
    deliveryId: `sepay:${id}`,
  };
}

/**
 * Casso's v2 notification for `transfer`, signed in `X-Casso-Signature` at `signedAt` (default
 * now: Casso signs when it sends). A debit has a negative amount, as Casso writes it.
 */
export function cassoNotificationFor(
  transfer: DemoTransfer,
  checksumKey: string,
  signedAt: Date = new Date(),
): GatewayDelivery {
  checked(transfer);
  const at = transfer.at ?? new Date();
  const id = transfer.id ?? freshGatewayId();
  const out = transfer.direction === 'out';
  const other = transfer.counterpart ?? (out ? PAYEE : DONOR);
  const body = {
    error: 0,
    data: {
      id,
      reference: transfer.bankReference ?? freshBankReference(at),
      description: bankMemo(transfer),
      amount: out ? -transfer.amount : transfer.amount,
      ...(transfer.balanceAfter !== undefined ? { runningBalance: transfer.balanceAfter } : {}),
      transactionDateTime: vietnamLocalTime(at),
      accountNumber: transfer.accountNumber,
      bankName: 'Vietcombank',
      bankAbbreviation: 'VCB',
      virtualAccountNumber: '',
      virtualAccountName: '',
      counterAccountName: other.name,
      counterAccountNumber: other.account,
      counterAccountBankId: other.bankId,
      counterAccountBankName: other.bank,
    },
  };
  return {
    gateway: 'casso',
    path: '/webhooks/casso',
    headers: {
      'Content-Type': 'application/json',
      'X-Casso-Signature': cassoSignature(body, checksumKey, signedAt.getTime()),
    },
    body,
    rawBody: JSON.stringify(body),
    deliveryId: `casso:${id}`,
  };
}

/**
 * An amount as a person types it: `500000`, `500.000` or `500,000` (groups of three). Undefined
 * for anything that is not a positive whole number of đồng (`0`, `-5`, `1.5`, `500.00`, `5e5`).
 */
export function parseDongAmount(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+|\d{1,3}(\.\d{3})+|\d{1,3}(,\d{3})+)$/.test(trimmed)) return undefined;
  const amount = Number(trimmed.replace(/[.,]/g, ''));
  return Number.isSafeInteger(amount) && amount > 0 ? amount : undefined;
}
