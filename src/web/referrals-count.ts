/**
 * Incoming referrals waiting for an answer (status `sent`), for the navigation badge and the home
 * page. One answer is shared by both and kept for a minute (each read of the in-box is audited as
 * `referral.list`, so navigating does not ask again every time); a referral page that changed
 * something, or another organisation chosen, asks again at once.
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

const maxAgeMs = 60_000;
let cache: { org: string; at: number; value: Promise<WaitingReferrals> } | null = null;

function load(org: string): Promise<WaitingReferrals> {
  if (cache && cache.org === org && Date.now() - cache.at < maxAgeMs) return cache.value;
  const value = api.get<{ items: Array<{ answerDueAt: string }>; total: number }>('/api/referrals', { box: 'in', status: 'sent', limit: 200 }).then((answer) => {
    const soon = Date.now() + 24 * 3_600_000;
    return { total: answer.total, dueSoon: answer.items.filter((r) => new Date(r.answerDueAt).getTime() <= soon).length };
  });
  cache = { org, at: Date.now(), value };
  value.catch(() => {
    if (cache?.value === value) cache = null;
  });
  return value;
}

/** Forget the cached count (a referral was sent, answered or taken in charge). */
export function forgetWaitingReferrals(): void {
  cache = null;
  window.dispatchEvent(new Event('ponte:referrals-changed'));
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
    let live = true;
    load(org)
      .then((v) => {
        if (live) setValue(v);
      })
      .catch(() => {
        if (live) setValue(null);
      });
    return () => {
      live = false;
    };
  }, [allowed, org, location.pathname, tick]);
  return value;
}
