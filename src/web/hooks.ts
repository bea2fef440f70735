/** Small data hooks: load something from the API, and submit a form with client + server errors. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './api.ts';

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` now and whenever `key` changes; ignores answers that arrive after a newer request. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, key: string): Loaded<T> {
  // Data is kept with the key it was loaded for, so a new key never shows the previous answer.
  const [loaded, setData] = useState<{ key: string; value: T } | null>(null);
  const data = loaded && loaded.key === key ? loaded.value : null;
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    loadRef
      .current(controller.signal)
      .then((d) => {
        if (controller.signal.aborted) return;
        setData({ key, value: d });
        setError(null);
        setLoading(false);
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        setError(e instanceof ApiError ? e : new ApiError({ status: 0, code: 'client', message: String(e) }));
        setLoading(false);
      });
    return () => controller.abort();
  }, [key, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

export type FieldErrors = Record<string, string>;

export interface Submitter {
  busy: boolean;
  error: ApiError | null;
  fieldErrors: FieldErrors;
  setFieldErrors: (errors: FieldErrors) => void;
  /**
   * Validates on the client first (an error blocks the request), then runs `action`; server field
   * issues land next to the fields, the server's message above the form.
   */
  run: (validate: () => FieldErrors, action: () => Promise<void>) => Promise<void>;
  clear: () => void;
}

export function useSubmit(): Submitter {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  const run = useCallback(async (validate: () => FieldErrors, action: () => Promise<void>) => {
    const clientErrors = validate();
    setFieldErrors(clientErrors);
    setError(null);
    if (Object.keys(clientErrors).length > 0) {
      focusFirstInvalid();
      return;
    }
    setBusy(true);
    try {
      await action();
    } catch (e) {
      if (e instanceof ApiError) {
        setError(e);
        // Field issues from the server replace the client's; without any, keep what the action set.
        const serverErrors = e.fieldErrors();
        if (Object.keys(serverErrors).length > 0) setFieldErrors(serverErrors);
      } else {
        setError(new ApiError({ status: 0, code: 'client', message: String(e) }));
      }
    } finally {
      setBusy(false);
    }
  }, []);

  const clear = useCallback(() => {
    setError(null);
    setFieldErrors({});
  }, []);

  return { busy, error, fieldErrors, setFieldErrors, run, clear };
}

function focusFirstInvalid(): void {
  window.setTimeout(() => {
    const el = document.querySelector<HTMLElement>('main [aria-invalid="true"]');
    if (el && el.tagName !== 'FIELDSET') el.focus();
    else el?.querySelector<HTMLElement>('input')?.focus();
  }, 0);
}
