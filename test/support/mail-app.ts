import type { Config } from '../../src/platform/config.js';
import { startTestApp, type TestApp, TestDatabase } from './harness.js';
import { SmtpSink } from './smtp-sink.js';

/** The service on its own database, sending its mail to a real SMTP server in the test process. */
export interface MailApp {
  db: TestDatabase;
  app: TestApp;
  smtp: SmtpSink;
  stop(): Promise<void>;
}

/**
 * What the statement, notice, undo and digest tests start with: an SMTP sink,
 * a database, and the app with the paper's sender address and the given
 * settings (statement mails after 300 ms unless set).
 */
export async function startMailApp(overrides: Partial<Config> = {}): Promise<MailApp> {
  const smtp = await SmtpSink.start();
  const db = await TestDatabase.start();
  const app = await startTestApp(db, {
    smtpUrl: smtp.url,
    mailFrom: 'Avisa <debatt@avisa.test>',
    statementMailDelayMs: 300,
    ...overrides,
  });
  return {
    db,
    app,
    smtp,
    async stop() {
      await app.close();
      await db.stop();
      await smtp.stop();
    },
  };
}
