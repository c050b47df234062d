import { expect } from 'vitest';

/** A message as maildev's REST API (/api/email) gives it, with what the tests read. */
export interface CaughtMail {
  id: string;
  subject: string;
  html: string;
  text: string;
  to: { address: string }[];
  headers: Record<string, string>;
  attachments?: { fileName?: string; generatedFileName?: string; contentType: string }[];
}

/** Reads mail back from the local stack's maildev, the way a person opens it in its page. */
export function mailbox(webUrl: string) {
  const all = async (): Promise<CaughtMail[]> => {
    const response = await fetch(`${webUrl}/api/email`);
    expect(response.status).toBe(200);
    return (await response.json()) as CaughtMail[];
  };
  return {
    all,
    /** Every message to this address, oldest first. */
    to: async (address: string) =>
      (await all()).filter((m) =>
        m.to.some((t) => t.address.toLowerCase() === address.toLowerCase()),
      ),
    /** A header as the message carries it (maildev's parsed headers leave some out). */
    header: async (mail: CaughtMail, name: string) => {
      const response = await fetch(`${webUrl}/api/email/${mail.id}/source`);
      expect(response.status).toBe(200);
      const source = await response.text();
      const head = source.split(/\r?\n\r?\n/)[0] ?? '';
      const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
      const line = unfolded
        .split(/\r?\n/)
        .find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
      return line?.slice(name.length + 1).trim();
    },
    /** An attachment's bytes, as the web page downloads it. */
    attachment: async (mail: CaughtMail, index = 0) => {
      const file = mail.attachments?.[index];
      const name = file?.generatedFileName ?? file?.fileName ?? '';
      const response = await fetch(
        `${webUrl}/api/email/${mail.id}/attachment/${encodeURIComponent(name)}`,
      );
      expect(response.status).toBe(200);
      return Buffer.from(await response.arrayBuffer());
    },
  };
}
