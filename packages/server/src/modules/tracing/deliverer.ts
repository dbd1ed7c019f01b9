import { sql } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Database } from '../../db/database.js';

/** Retry delays after the 1st, 2nd, … failure (seconds); the last repeats. */
const BACKOFF_SECONDS = [30, 120, 600, 1800, 3600, 6 * 3600];
/** How long a claimed message is reserved for the sender that claimed it (a crash frees it after this). */
const LEASE_SECONDS = 300;

export interface MailSettings {
  /** smtp://user:pass@host:port or smtps://… ; without it mail waits in the outbox. */
  smtpUrl: string | undefined;
  from: string;
}

/**
 * Sends due mail over SMTP. Each message is claimed (its next attempt moved past a lease) before it is
 * sent and marked delivered after: a crash between the two sends it again once the lease ends (at least
 * once, never lost). No transaction is held open while talking to the mail server.
 */
export class OutboxDeliverer {
  private readonly transport: Transporter | null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly database: Database,
    private readonly settings: MailSettings,
  ) {
    this.transport = settings.smtpUrl ? nodemailer.createTransport(settings.smtpUrl) : null;
  }

  /** Whether mail can leave at all (an SMTP server is configured). */
  get enabled(): boolean {
    return this.transport !== null;
  }

  /** Delivers the mail that is due now; returns how many were delivered. */
  deliverDue(limit = 50): Promise<number> {
    this.running ??= this.run(limit).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(limit: number): Promise<number> {
    if (this.transport === null) return 0;
    const claimed = await sql<{
      id: number;
      recipient: string;
      subject: string;
      body: string;
      attempts: number;
    }>`
      UPDATE outbox SET next_attempt_at = now() + make_interval(secs => ${LEASE_SECONDS})
      WHERE id IN (SELECT id FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= now()
                   ORDER BY next_attempt_at, id LIMIT ${limit})
      RETURNING id, recipient, subject, body, attempts`.execute(this.database.db);
    let delivered = 0;
    for (const m of claimed.rows) {
      try {
        await this.transport.sendMail({
          from: this.settings.from,
          to: m.recipient,
          subject: m.subject,
          text: m.body,
        });
        await sql`UPDATE outbox SET delivered_at = now(), attempts = attempts + 1, last_error = NULL
          WHERE id = ${m.id}`.execute(this.database.db);
        delivered++;
      } catch (err) {
        const delay = BACKOFF_SECONDS[Math.min(m.attempts, BACKOFF_SECONDS.length - 1)] as number;
        // The error text comes from the mail server, never from the message: no personal data in it.
        const reason = String((err as Error).message ?? err).slice(0, 500);
        await sql`UPDATE outbox SET attempts = attempts + 1, last_error = ${reason},
            next_attempt_at = now() + make_interval(secs => ${delay})
          WHERE id = ${m.id}`.execute(this.database.db);
      }
    }
    return delivered;
  }

  /** Polls every `seconds` until stopped. */
  start(seconds = 5, onError: (err: unknown) => void = () => undefined): void {
    if (this.transport === null || this.timer !== null) return;
    this.timer = setInterval(() => {
      this.deliverDue().catch(onError);
    }, seconds * 1000);
    this.timer.unref();
  }

  /** Stops polling and waits for a delivery under way. */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
    this.transport?.close();
  }
}
