import type { SESv2Client } from '@aws-sdk/client-sesv2';
import nodemailer from 'nodemailer';
import type { ComposedMail } from './compose.ts';

/** Hands a composed message to a mail service. */
export interface MailTransport {
  deliver(mail: ComposedMail, from: string): Promise<void>;
}

/** The mail service refused or could not be reached. */
export class MailTransportError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'MailTransportError';
  }
}

const messageOf = (mail: ComposedMail, from: string) => ({
  from,
  to: mail.to,
  subject: mail.subject,
  html: mail.html,
  text: mail.text,
  headers: mail.headers,
  attachments: mail.attachments,
});

/** The message as MIME bytes, built by nodemailer without sending it. */
async function rawMime(mail: ComposedMail, from: string): Promise<Uint8Array> {
  const built = await nodemailer
    .createTransport({ streamTransport: true, buffer: true })
    .sendMail(messageOf(mail, from));
  return built.message as Buffer;
}

/** SMTP (locally: maildev on loopback), e.g. `smtp://127.0.0.1:1025`. */
export function smtpTransport(url: string): MailTransport {
  const transport = nodemailer.createTransport(url);
  return {
    deliver: async (mail, from) => {
      try {
        await transport.sendMail(messageOf(mail, from));
      } catch (cause) {
        throw new MailTransportError(`SMTP refused the message to ${mail.to}`, { cause });
      }
    },
  };
}

/**
 * Amazon SES (v2), as a raw MIME message: the only form that carries the PDF attachment and
 * the List-Unsubscribe headers as they are. The sender must be a verified SES identity.
 */
export function sesTransport(given?: SESv2Client): MailTransport {
  // The SDK is imported on the first message: a bundle's static imports of the runtime's SDK
  // load as the function starts, and most starts send nothing.
  let ses: Promise<{ client: SESv2Client; sdk: typeof import('@aws-sdk/client-sesv2') }>;
  const load = () => {
    ses ??= import('@aws-sdk/client-sesv2').then((sdk) => ({
      client: given ?? new sdk.SESv2Client({}),
      sdk,
    }));
    return ses;
  };
  return {
    deliver: async (mail, from) => {
      const raw = await rawMime(mail, from);
      const { client, sdk } = await load();
      try {
        await client.send(
          new sdk.SendEmailCommand({
            FromEmailAddress: from,
            Destination: { ToAddresses: [mail.to] },
            Content: { Raw: { Data: raw } },
          }),
        );
      } catch (cause) {
        throw new MailTransportError(`SES refused the message to ${mail.to}`, { cause });
      }
    },
  };
}
