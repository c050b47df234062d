import type { Fund } from '@soquy/ledger';
import { bankName, buildVietQrPayload, qrSvg, toMemo } from '@soquy/vietqr';

/** Where and how to transfer `amount` for a pledge: the fund's account, the memo, a VietQR code. */
export async function transferDetails(fund: Fund, reference: string, amount: number) {
  const memo = toMemo(`UNG HO ${reference}`);
  const payload = buildVietQrPayload({
    bin: fund.bankAccount.bin,
    accountNumber: fund.bankAccount.accountNumber,
    amount,
    memo,
  });
  return {
    bankBin: fund.bankAccount.bin,
    bankName: bankName(fund.bankAccount.bin),
    accountNumber: fund.bankAccount.accountNumber,
    accountName: fund.bankAccount.accountName,
    amount,
    memo,
    vietqr: payload,
    qrSvg: await qrSvg(payload),
  };
}
