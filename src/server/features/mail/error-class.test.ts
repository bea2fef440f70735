import { describe, expect, it } from 'vitest';
import { mailErrorClass } from './error-class.ts';

describe('mailErrorClass', () => {
  it('keeps codes and drops the server text with the address', () => {
    const e = Object.assign(new Error("Can't send mail - all recipients were rejected: 550 <anna.rossi@ente.it>: user unknown 5.1.1"), {
      code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', response: '550 <anna.rossi@ente.it>: user unknown 5.1.1',
    });
    const c = mailErrorClass(e);
    expect(c).toBe('smtp 550 5.1.1 EENVELOPE RCPT TO');
    expect(c).not.toContain('@');
  });
  it('classifies connection failures and unknown throws', () => {
    expect(mailErrorClass(Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:25'), { code: 'ESOCKET', command: 'CONN' }))).toBe('smtp ESOCKET CONN');
    expect(mailErrorClass(new Error('someone@example.org refused'))).toBe('delivery failed');
    expect(mailErrorClass('x@y.z')).toBe('delivery failed');
    expect(mailErrorClass(Object.assign(new Error('x'), { code: 'weird@code', command: 'to x@y.z', responseCode: 9999 }))).toBe('delivery failed');
  });
});
