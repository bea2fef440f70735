/**
 * Incoming referrals waiting for an answer (status `sent`), for the navigation badge and the home
 * page: reloaded on every navigation and when a referral page says something changed.
 */
import { useEffect, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { api } from './api.ts';
import { can } from './access.ts';
import type { Me } from './types.ts';

export interface WaitingReferrals {
  total: number;
  /** Waiting referrals whose answer is due within 24 hours (or already overdue). */
  dueSoon: number;
}

export function useWaitingReferrals(me: Me | null): WaitingReferrals | null {
  const location = useLocation();
  const [tick, setTick] = useState(0);
  const [value, setValue] = useState<WaitingReferrals | null>(null);
  const allowed = can(me, 'referrals.receive');
  const org = me?.organisation?.id ?? '';
  useEffect(() => {
    const bump = () => setTick((n) => n + 1);
    window.addEventListener('ponte:referrals-changed', bump);
    return () => window.removeEventListener('ponte:referrals-changed', bump);
  }, []);
  useEffect(() => {
    if (!allowed) {
      setValue(null);
      return;
    }
    const controller = new AbortController();
    api
      .get<{ items: Array<{ answerDueAt: string }>; total: number }>('/api/referrals', { box: 'in', status: 'sent', limit: 200 }, controller.signal)
      .then((answer) => {
        const soon = Date.now() + 24 * 3_600_000;
        setValue({ total: answer.total, dueSoon: answer.items.filter((r) => new Date(r.answerDueAt).getTime() <= soon).length });
      })
      .catch(() => {
        if (!controller.signal.aborted) setValue(null);
      });
    return () => controller.abort();
  }, [allowed, org, location.pathname, tick]);
  return value;
}
