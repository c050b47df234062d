import type { Mailer } from '@soquy/ledger';
import { composeNotice } from './compose.ts';
import type { MailTransport } from './transports.ts';

export * from './compose.ts';
export * from './fonts.ts';
export * from './receipt-pdf.ts';
export * from './transports.ts';

/** The ledger's Mailer port: composes each notice and hands it to the transport. */
export function createMailer(transport: MailTransport, from: string): Mailer {
  return {
    send: async (notice) => transport.deliver(await composeNotice(notice), from),
  };
}
