import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
}

/**
 * A real SMTP server in the test process (the `smtp-server` package): what
 * the service sends over SMTP arrives here, parsed by mailparser.
 * `refuse` answers the next N messages with the given SMTP code.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  /** User names that logged in (SMTP AUTH). */
  readonly logins: string[] = [];
  /** Messages answered with a refusal so far. */
  refused = 0;
  #refusals: number[] = [];
  readonly #server: SMTPServer;
  port = 0;

  constructor() {
    this.#server = new SMTPServer({
      authOptional: true,
      // Loopback only, in tests: plain AUTH without TLS is fine here.
      allowInsecureAuth: true,
      onAuth: (auth, _session, done) => {
        this.logins.push(auth.username ?? '');
        done(null, { user: auth.username });
      },
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, done) => {
        const refusal = this.#refusals.shift();
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (refusal) {
            this.refused++;
            const err = Object.assign(new Error(`refused with ${refusal}`), { responseCode: refusal });
            return done(err);
          }
          simpleParser(Buffer.concat(chunks))
            .then((mail) => {
              const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
              this.received.push({
                from: mail.from?.text ?? '',
                to: to.flatMap((a) => a.value.map((v) => v.address ?? '')),
                subject: mail.subject ?? '',
                text: mail.text ?? '',
                html: typeof mail.html === 'string' ? mail.html : null,
              });
              done();
            })
            .catch((err: Error) => done(err));
        });
      },
    });
  }

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    await new Promise<void>((ok) => sink.#server.listen(0, '127.0.0.1', () => ok()));
    sink.port = (sink.#server.server.address() as AddressInfo).port;
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The next `count` messages are answered with `code` (421: try later, 550: refused for good). */
  refuse(count: number, code: number): void {
    for (let i = 0; i < count; i++) this.#refusals.push(code);
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.includes(address));
  }

  async stop(): Promise<void> {
    await new Promise<void>((ok) => this.#server.close(() => ok()));
  }
}
