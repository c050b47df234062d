import { mkdirSync } from 'node:fs';
import { MailDev } from 'maildev';

export interface MailCatcher {
  /** Where the functions send (SMTP_URL). */
  smtpUrl: string;
  /** maildev's web page: every message caught, openable; its REST API is under /api/email. */
  webUrl: string;
  stop(): Promise<void>;
}

/**
 * A real SMTP server that keeps every message instead of delivering it (maildev), on loopback
 * and free ports, so nothing sent locally can reach a real inbox.
 */
export async function startMailCatcher(mailDir: string): Promise<MailCatcher> {
  mkdirSync(mailDir, { recursive: true });
  const maildev = new MailDev({
    smtp: 0,
    web: 0,
    ip: '127.0.0.1',
    webIp: '127.0.0.1',
    mailDirectory: mailDir,
    silent: true,
  });
  const servers = await maildev.start();
  const smtpPort = (servers.smtp as unknown as { port: number }).port;
  const web = (servers.api as unknown as { boundAddress?: { port: number } } | undefined)
    ?.boundAddress;
  if (!web) throw new Error('maildev started without its web server');
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    webUrl: `http://127.0.0.1:${web.port}`,
    stop: () => maildev.stop(),
  };
}
