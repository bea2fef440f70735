/**
 * The inbox counts for the header badge (GET /api/inbox/counts). One answer is kept for a minute
 * (each read is audited as `inbox.counts`, so navigating does not ask every time); a page that
 * changed something (`forgetInboxCounts`), or another organisation chosen, asks again at once.
 */
import { useEffect, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { api } from './api.ts';
import type { Me } from './types.ts';

export const inboxKinds = ['referrals', 'approvals', 'steps', 'transfers', 'coordinations', 'notifications'] as const;
export type InboxKind = (typeof inboxKinds)[number];

export interface InboxCounts {
  counts: Partial<Record<InboxKind, number>>;
  total: number;
}

const maxAgeMs = 60_000;
let cache: { org: string; at: number; value: Promise<InboxCounts> } | null = null;

function load(org: string): Promise<InboxCounts> {
  if (cache && cache.org === org && Date.now() - cache.at < maxAgeMs) return cache.value;
  const value = api.get<InboxCounts>('/api/inbox/counts');
  cache = { org, at: Date.now(), value };
  value.catch(() => {
    if (cache?.value === value) cache = null;
  });
  return value;
}

/** Forget the cached counts (something was answered, read or decided). */
export function forgetInboxCounts(): void {
  cache = null;
  window.dispatchEvent(new Event('ponte:inbox-changed'));
}

export function useInboxCounts(me: Me | null): InboxCounts | null {
  const location = useLocation();
  const [tick, setTick] = useState(0);
  const [value, setValue] = useState<InboxCounts | null>(null);
  const org = me?.organisation?.id ?? '';
  const signedIn = me !== null && (!me.mfa.required || me.mfa.verified);
  useEffect(() => {
    const bump = () => setTick((n) => n + 1);
    window.addEventListener('ponte:inbox-changed', bump);
    window.addEventListener('ponte:referrals-changed', bump);
    return () => {
      window.removeEventListener('ponte:inbox-changed', bump);
      window.removeEventListener('ponte:referrals-changed', bump);
    };
  }, []);
  useEffect(() => {
    if (!signedIn) {
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
  }, [signedIn, org, location.pathname, tick]);
  return value;
}
