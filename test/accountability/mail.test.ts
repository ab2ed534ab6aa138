import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { Mailer } from '../../src/platform/mail.js';
import { waitFor } from '../support/harness.js';
import { SmtpSink } from '../support/smtp-sink.js';

function capturingLogger() {
  const lines: { msg: string; [key: string]: unknown }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('Mailer: e-mail through a real SMTP server', () => {
  let sink: SmtpSink;
  before(async () => {
    sink = await SmtpSink.start();
  });
  after(async () => {
    await sink?.stop();
  });

  it('without SMTP_URL sends nothing and says so once in the log', async () => {
    const { logger, lines } = capturingLogger();
    const mailer = new Mailer({ smtpUrl: null, from: null, logger });
    assert.equal(mailer.enabled, false);
    assert.equal(await mailer.send('a@example.no', 'Hei', 'Tekst'), false);
    assert.equal(await mailer.send('b@example.no', 'Hei', 'Tekst'), false);
    await new Promise((r) => setImmediate(r));
    const said = lines.filter((l) => /SMTP_URL is not set/.test(l.msg));
    assert.equal(said.length, 1, JSON.stringify(lines));
    await mailer.close();
  });

  it('delivers subject, text, html and the From header; Norwegian letters intact', async () => {
    const { logger, lines } = capturingLogger();
    const mailer = new Mailer({
      smtpUrl: `smtp://user:hemmelig-passord@127.0.0.1:${sink.port}`,
      from: 'Avisa debatt <debatt@avisa.example>',
      logger,
    });
    const sent = await mailer.send(
      'kari@example.no',
      'Kommentaren din ble ikke publisert',
      'Hvorfor: æ ø å',
      '<p>æ ø å</p>',
    );
    assert.equal(sent, true);
    assert.ok(sink.logins.includes('user'), 'logged in with the credentials of SMTP_URL');
    const [mail] = sink.to('kari@example.no');
    assert.ok(mail);
    assert.equal(mail.subject, 'Kommentaren din ble ikke publisert');
    assert.equal(mail.text.trim(), 'Hvorfor: æ ø å');
    assert.match(mail.html ?? '', /æ ø å/);
    assert.match(mail.from, /debatt@avisa\.example/);
    assert.ok(!JSON.stringify(lines).includes('hemmelig-passord'), 'the SMTP password never reaches the log');
    await mailer.close();
  });

  it('retries after a temporary refusal and delivers exactly once', async () => {
    const { logger } = capturingLogger();
    const mailer = new Mailer({
      smtpUrl: sink.url,
      from: 'x@avisa.example',
      logger,
      retryDelaysMs: [20, 20],
    });
    sink.refuse(1, 421);
    assert.equal(await mailer.send('retry@example.no', 'Emne', 'Tekst'), true);
    await waitFor(() => sink.to('retry@example.no').length > 0, 2000, 'the retried mail');
    assert.equal(sink.to('retry@example.no').length, 1);
    await mailer.close();
  });

  it('gives up at once on a permanent refusal (5xx) and logs it', async () => {
    const { logger, lines } = capturingLogger();
    const mailer = new Mailer({
      smtpUrl: sink.url,
      from: 'x@avisa.example',
      logger,
      retryDelaysMs: [20, 20],
    });
    sink.refuse(1, 550);
    assert.equal(await mailer.send('never@example.no', 'Emne', 'Tekst'), false);
    assert.equal(sink.to('never@example.no').length, 0);
    assert.ok(lines.some((l) => l.msg === 'e-mail not sent'));
    await mailer.close();
  });

  it('close() ends a retry that is waiting for its turn instead of hanging', async () => {
    const { logger } = capturingLogger();
    const mailer = new Mailer({
      smtpUrl: sink.url,
      from: 'x@avisa.example',
      logger,
      retryDelaysMs: [60_000],
    });
    sink.refuse(1, 421);
    const refusedBefore = sink.refused;
    const sending = mailer.send('late@example.no', 'Emne', 'Tekst');
    await waitFor(() => sink.refused > refusedBefore, 2000, 'the first attempt refused');
    const started = Date.now();
    await mailer.close();
    assert.equal(await sending, false);
    assert.ok(Date.now() - started < 5000);
  });
});
