import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, errorText } from './api';

/** How often pages refresh what they show (the issue asks for ≤ 5 s). */
export const POLL_MS = 3000;

export interface Polled<T> {
  data: T | null;
  error: string | null;
  /** HTTP status of the last failure (0 when the server was unreachable). */
  status: number | null;
  reload: () => void;
}

/** Loads now and again every POLL_MS while the page is shown; keeps the last good data on a failed refresh. */
export function usePoll<T>(load: () => Promise<T>, key: string, intervalMs = POLL_MS): Polled<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<number | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    setData(null);
    setError(null);
    setStatus(null);
  }, [key]);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      try {
        const value = await loadRef.current();
        if (cancelled) return;
        setData(value);
        setError(null);
        setStatus(null);
      } catch (e) {
        if (cancelled) return;
        setError(errorText(e));
        setStatus(e instanceof ApiError ? e.status : null);
      }
      if (!cancelled) timer = setTimeout(() => void run(), intervalMs);
    };
    void run();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [key, tick, intervalMs]);

  return { data, error, status, reload };
}

export interface Action {
  busy: boolean;
  error: string | null;
  setError: (message: string | null) => void;
  /** Runs `work` unless one is running: busy meanwhile, its failure shown as the API's message. */
  run: (work: () => Promise<void>) => Promise<void>;
}

/** A user's action on a form: one at a time, with its busy state and error message. */
export function useAction(initialError: string | null = null): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(initialError);
  const run = useCallback(async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}

/** The tab's title names the page: "督办 · 公文督办". */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · 公文督办`;
  }, [title]);
}
