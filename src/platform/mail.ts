import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from './logger.js';

/** Delays between attempts when the SMTP server refuses or cannot be reached. */
const RETRY_DELAYS_MS = [1000, 5000, 30_000];

export interface MailerOptions {
  /** `smtp://user:pass@host:587` or `smtps://…`; null sends nothing. */
  smtpUrl: string | null;
  /** The From header, e.g. `Avisa <debatt@avisa.no>`. */
  from: string | null;
  logger: Logger;
  /** Attempts after the first, and their delays (tests shorten them). */
  retryDelaysMs?: readonly number[];
}

/**
 * Outgoing e-mail through SMTP (nodemailer): statements of reasons, notice
 * decisions, appeal outcomes, reply digests. Without SMTP_URL nothing is
 * sent and the log says so once. A message that still fails after the
 * retries is logged and dropped: mail is a copy of what the reader can also
 * read through the API (the status and receipt endpoints), never the only one.
 */
export class Mailer {
  readonly #transport: Transporter | null;
  readonly #from: string;
  readonly #logger: Logger;
  readonly #delays: readonly number[];
  readonly #inFlight = new Set<Promise<unknown>>();
  /** Retries waiting for their delay: close() wakes them, and they give up. */
  readonly #waiting = new Set<() => void>();
  #saidDisabled = false;
  #closed = false;

  constructor(options: MailerOptions) {
    this.#logger = options.logger;
    this.#from = options.from ?? 'ordskifte@localhost';
    this.#delays = options.retryDelaysMs ?? RETRY_DELAYS_MS;
    this.#transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
    if (options.smtpUrl) {
      // The URL may carry credentials: log where mail goes, never the URL itself.
      const { protocol, hostname, port } = new URL(options.smtpUrl);
      this.#logger.info({ smtp: `${protocol}//${hostname}:${port || 'default'}` }, 'e-mail enabled');
    }
  }

  get enabled(): boolean {
    return this.#transport !== null;
  }

  /**
   * Sends one message. Resolves true once the SMTP server accepted it, false
   * when mail is off or every attempt failed; never rejects, so a caller may
   * fire and forget.
   */
  send(to: string, subject: string, text: string, html?: string): Promise<boolean> {
    if (!this.#transport) {
      if (!this.#saidDisabled) {
        this.#logger.info(
          'SMTP_URL is not set: no e-mail is sent (statements, notice decisions, appeal outcomes)',
        );
        this.#saidDisabled = true;
      }
      return Promise.resolve(false);
    }
    const sending = this.#attempt(this.#transport, { from: this.#from, to, subject, text, html }, 0);
    this.#inFlight.add(sending);
    void sending.finally(() => this.#inFlight.delete(sending));
    return sending;
  }

  async #attempt(
    transport: Transporter,
    message: { from: string; to: string; subject: string; text: string; html?: string },
    attempt: number,
  ): Promise<boolean> {
    try {
      await transport.sendMail(message);
      return true;
    } catch (err) {
      const delay = this.#delays[attempt];
      const permanent = /^5\d\d$/.test(String((err as { responseCode?: number }).responseCode ?? ''));
      if (delay === undefined || permanent || this.#closed) {
        this.#logger.warn({ err: (err as Error).message, attempt: attempt + 1 }, 'e-mail not sent');
        return false;
      }
      await new Promise<void>((ok) => {
        const wake = () => {
          clearTimeout(timer);
          this.#waiting.delete(wake);
          ok();
        };
        const timer = setTimeout(wake, delay);
        this.#waiting.add(wake);
      });
      if (this.#closed) {
        this.#logger.warn({ attempt: attempt + 1 }, 'e-mail not sent: shutting down before its retry');
        return false;
      }
      return this.#attempt(transport, message, attempt + 1);
    }
  }

  /** Waits for messages being sent (retries waiting for their turn give up), then closes the transport. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const wake of [...this.#waiting]) wake();
    await Promise.allSettled([...this.#inFlight]);
    this.#transport?.close();
  }
}
