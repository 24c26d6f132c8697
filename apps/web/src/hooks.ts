import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, errorText } from './api';
import { pageTitle } from './router';
import { type LiveChange, liveStream, useLiveConnected } from './unread-stream';

/** How often pages refresh what they show while the live stream is down (the issue asks for ≤ 5 s). */
export const POLL_MS = 3000;

export interface Polled<T> {
  data: T | null;
  error: string | null;
  /** HTTP status of the last failure (0 when the server was unreachable). */
  status: number | null;
  reload: () => void;
  /** Changes the data shown until the next load, e.g. to an operation's answer. */
  replace: (change: (data: T) => T) => void;
}

/**
 * Loads now, and again whenever the live stream tells of a change this page shows (`shows`, default: any
 * change the person may see); while the stream is down, every `intervalMs` instead. Keeps the last good data
 * on a failed refresh.
 */
export function usePoll<T>(
  load: () => Promise<T>,
  key: string,
  intervalMs = POLL_MS,
  shows: (change: LiveChange) => boolean = () => true,
): Polled<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<number | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const showsRef = useRef(shows);
  showsRef.current = shows;
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const live = useLiveConnected();

  useEffect(() => {
    setData(null);
    setError(null);
    setStatus(null);
  }, [key]);

  useEffect(
    () =>
      liveStream.onChange((change) => {
        if (change.all || showsRef.current(change)) reload();
      }),
    [reload],
  );

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
      // Polling is the fallback: with the stream open, changes are pushed.
      if (!cancelled && !live) timer = setTimeout(() => void run(), intervalMs);
    };
    void run();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [key, tick, intervalMs, live]);

  const replace = useCallback((change: (data: T) => T) => setData((d) => (d === null ? d : change(d))), []);
  return { data, error, status, reload, replace };
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

/**
 * Every page's tab title is its own (useTitle) or else its heading: "督办 · Cascade 公文督办", kept in step as
 * pages and headings change.
 */
export function useTitleFromHeading(appName = 'Cascade 公文督办'): void {
  useEffect(() => {
    const update = () => {
      const name = document.body.dataset.pageTitle || document.querySelector('main h1, h1')?.textContent?.trim();
      const title = pageTitle(name, appName);
      if (document.title !== title) document.title = title;
    };
    update();
    const observer = new MutationObserver(update);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    return () => observer.disconnect();
  }, [appName]);
}
