import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

type Tx = Transaction<DB> | Kysely<DB>;

/**
 * The transactional outbox. Mail is written in the transaction of the change that causes it, so a
 * change and its mail commit or roll back together; a deliverer sends it later, with retries. A row is
 * never deleted: delivered mail keeps its date, failing mail its last error (visible to admins).
 */

/** One message to queue. Bodies carry no personal data of a sought person and never an access code. */
export interface OutgoingMail {
  to: string;
  subject: string;
  body: string;
  requestId?: string | null;
}

/** Queues mail in the caller's transaction. */
export async function enqueueMail(trx: Tx, mails: readonly OutgoingMail[]): Promise<void> {
  if (mails.length === 0) return;
  const rows = mails.map((m) => ({ r: m.to, s: m.subject, b: m.body, q: m.requestId ?? null }));
  await sql`
    INSERT INTO outbox (kind, recipient, subject, body, request_id)
    SELECT 'mail', x.r, x.s, x.b, x.q FROM json_to_recordset(${JSON.stringify(rows)}::json)
      AS x(r text, s text, b text, q uuid)`.execute(trx);
}

// ---- the messages themselves: case number only, no sought person's data, never the code ----

export function confirmationMail(to: string, caseNumber: string, requestId: string): OutgoingMail {
  return {
    to,
    requestId,
    subject: `Homecoming: tracing request ${caseNumber} received / запит ${caseNumber} отримано`,
    body: [
      `Ваш запит на розшук зареєстровано. Номер справи: ${caseNumber}.`,
      'Стан справи можна переглянути на сторінці /trace/status за номером справи та кодом доступу,',
      'який було показано один раз під час подання запиту. Код доступу ніколи не надсилається поштою.',
      '',
      `Your tracing request has been registered. Case number: ${caseNumber}.`,
      'Follow it at /trace/status with the case number and the access code shown once when you filed it.',
      'The access code is never sent by email.',
    ].join('\n'),
  };
}

export function newsMail(to: string, caseNumber: string, requestId: string): OutgoingMail {
  return {
    to,
    requestId,
    subject: `Homecoming: news in case ${caseNumber} / новини у справі ${caseNumber}`,
    body: [
      `У справі ${caseNumber} є новини. Перегляньте їх на сторінці /trace/status з вашим кодом доступу.`,
      '',
      `There is news in case ${caseNumber}. Read it at /trace/status with your access code.`,
    ].join('\n'),
  };
}

export function resetMail(to: string, caseNumber: string, requestId: string, link: string): OutgoingMail {
  return {
    to,
    requestId,
    subject: `Homecoming: new access code for case ${caseNumber} / новий код доступу`,
    body: [
      `Щоб отримати новий код доступу до справи ${caseNumber}, відкрийте це одноразове посилання протягом години:`,
      link,
      '',
      `To get a new access code for case ${caseNumber}, open this one-time link within an hour:`,
      link,
      '',
      'If you did not ask for this, ignore this message: your current code still works.',
    ].join('\n'),
  };
}

/** An address as admins see it in the outbox list: first letter and domain. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  return at <= 0 ? '***' : `${address[0]}***${address.slice(at)}`;
}
