/**
 * What the outbox keeps about a failed delivery: a class and code, never the SMTP server's text.
 * A server's answer often repeats the recipient's address ("550 <name@body.it>: no such user"),
 * and the outbox must not become a second copy of staff addresses; so only the SMTP reply code,
 * the enhanced status code (RFC 3463, e.g. 4.2.1), the client's error code (nodemailer's
 * EENVELOPE, ESOCKET, ETIMEDOUT, EAUTH...) and the SMTP command that failed are stored.
 */

const enhanced = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/;

function field(e: object, name: string): unknown {
  return (e as Record<string, unknown>)[name];
}

/** e.g. "smtp 451 4.2.1 EENVELOPE RCPT TO", "smtp ESOCKET CONN", or "delivery failed". */
export function mailErrorClass(e: unknown): string {
  if (typeof e !== 'object' || e === null) return 'delivery failed';
  const parts: string[] = [];
  const responseCode = field(e, 'responseCode');
  if (typeof responseCode === 'number' && Number.isInteger(responseCode) && responseCode >= 200 && responseCode < 600) parts.push(String(responseCode));
  const response = field(e, 'response');
  if (typeof response === 'string') {
    const m = enhanced.exec(response);
    if (m) parts.push(`${m[1]}.${m[2]}.${m[3]}`);
  }
  const code = field(e, 'code');
  if (typeof code === 'string' && /^E[A-Z]{2,20}$/.test(code)) parts.push(code);
  const command = field(e, 'command');
  if (typeof command === 'string' && /^[A-Z]{3,10}( [A-Z]{2,4})?$/.test(command)) parts.push(command);
  return parts.length > 0 ? `smtp ${parts.join(' ')}` : 'delivery failed';
}
