import { describe, expect, it } from 'vitest';
import { mailTemplates, recordPath, renderMail, templateFor } from './templates.ts';

describe('mail templates', () => {
  it('maps the notifications worth a mail, and only those', () => {
    expect(templateFor('referral.received')).toBe('referral_received');
    expect(templateFor('referral.status_changed', 'accepted')).toBe('referral_answered');
    expect(templateFor('referral.status_changed', 'declined')).toBe('referral_answered');
    expect(templateFor('referral.status_changed', 'completed')).toBe('referral_completed');
    expect(templateFor('referral.status_changed', 'in_progress')).toBeNull();
    expect(templateFor('referral.status_changed', 'revoked')).toBeNull();
    expect(templateFor('referral.expired')).toBe('referral_expired');
    expect(templateFor('referral.due_soon')).toBe('deadline_due_soon');
    expect(templateFor('procedure.step_due_soon')).toBe('deadline_due_soon');
    expect(templateFor('procedure.step_overdue')).toBe('deadline_overdue');
    expect(templateFor('case.transfer_requested')).toBe('transfer_requested');
    expect(templateFor('case.transfer_decided')).toBe('transfer_decided');
    expect(templateFor('referral.message')).toBeNull();
    expect(templateFor('case.approval_requested')).toBeNull();
  });

  it('renders fixed text and a link to the record, in both languages', () => {
    for (const template of mailTemplates) {
      for (const locale of ['it', 'en'] as const) {
        const m = renderMail({ template, locale, publicUrl: 'https://ponte.example.org/', recordType: 'referral', recordId: 'abc' });
        expect(m.subject.startsWith('Ponte: ')).toBe(true);
        expect(m.text).toContain('https://ponte.example.org/referrals/abc');
      }
    }
    expect(recordPath('case_transfer', 'x')).toBe('/transfers');
    expect(recordPath('hotline_call', 'a/b')).toBe('/hotline/calls/a%2Fb');
  });
});
