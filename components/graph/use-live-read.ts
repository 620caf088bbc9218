"use client";

import { useCallback, useEffect, useRef, useState } from "react";

/**
 * The one way components read Graph: a read keyed by what it depends on, with reload, the time of the
 * last answer, and (when asked) live polling that backs off while nothing changes and re-reads when the
 * window regains focus. A new key starts over; answers to an older key or an older run are dropped.
 */

interface LivePolling {
  /** First interval between reads. */
  baseMs: number;
  /** The interval doubles while answers stay the same (or fail), up to this. */
  maxMs: number;
  /** Compares two answers; defaults to JSON equality. */
  same?: (a: unknown, b: unknown) => boolean;
}

interface LiveReadOptions {
  /** False: no read (e.g. not signed in yet). */
  enabled?: boolean;
  poll?: LivePolling;
  /** Re-read when the window regains focus (default: when polling). */
  onFocus?: boolean;
}

export type LiveRead<T> = {
  /** The latest answer, kept while a reload runs or after a failed one. */
  data: T | undefined;
  /** The answer before `data`, for "what changed since the last check". */
  previous: T | undefined;
  error: unknown;
  status: "loading" | "ready" | "error";
  /** A read is under way (the first, a reload or a poll). */
  reading: boolean;
  /** When the latest successful answer arrived. */
  readAt: Date | null;
  /** When the next poll runs, if polling. */
  nextReadAt: Date | null;
  reload: () => void;
};

interface State<T> {
  key: string;
  /** The reload tick this state answers; the read is under way while it differs from the current tick. */
  tick: number;
  data: T | undefined;
  previous: T | undefined;
  error: unknown;
  readAt: Date | null;
  nextReadAt: Date | null;
}

const jsonEqual = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The next polling interval: back to base after a change, doubled (to the cap) otherwise. Pure. */
export function nextInterval(current: number, poll: LivePolling, changed: boolean): number {
  return changed ? poll.baseMs : Math.min(poll.maxMs, Math.max(poll.baseMs, current * 2));
}

export function useLiveRead<T>(key: string, read: () => Promise<T>, options: LiveReadOptions = {}): LiveRead<T> {
  const enabled = options.enabled ?? true;
  const { poll } = options;
  const onFocus = options.onFocus ?? Boolean(poll);
  const [state, setState] = useState<State<T>>({
    key,
    tick: -1,
    data: undefined,
    previous: undefined,
    error: undefined,
    readAt: null,
    nextReadAt: null,
  });
  const readRef = useRef(read);
  const run = useRef(0);
  const interval = useRef(poll?.baseMs ?? 0);
  const [tick, setTick] = useState(0);

  const reload = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    readRef.current = read;
  });

  useEffect(() => {
    if (!enabled) return;
    const current = ++run.current;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const schedule = () => {
      if (poll && current === run.current) timer = setTimeout(reload, interval.current);
    };
    readRef.current().then(
      (value) => {
        if (current !== run.current) return;
        setState((s) => {
          const fresh = s.key !== key;
          const changed = fresh || s.data === undefined || !(poll?.same ?? jsonEqual)(s.data, value);
          if (poll) interval.current = nextInterval(interval.current, poll, changed);
          return {
            key,
            tick,
            data: value,
            previous: fresh ? undefined : changed ? s.data : s.previous,
            error: undefined,
            readAt: new Date(),
            nextReadAt: poll ? new Date(Date.now() + interval.current) : null,
          };
        });
        schedule();
      },
      (error: unknown) => {
        if (current !== run.current) return;
        if (poll) interval.current = nextInterval(interval.current, poll, false);
        setState((s) =>
          s.key === key
            ? { ...s, tick, error, nextReadAt: poll ? new Date(Date.now() + interval.current) : null }
            : { key, tick, data: undefined, previous: undefined, error, readAt: null, nextReadAt: null },
        );
        schedule();
      },
    );
    return () => {
      if (timer) clearTimeout(timer);
    };
    // `poll` is compared by its numbers; `read` is read through a ref so a new closure does not re-read.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, enabled, tick, poll?.baseMs, poll?.maxMs, reload]);

  useEffect(() => {
    if (!enabled || !onFocus || typeof window === "undefined") return;
    const onVisible = () => {
      if (document.visibilityState === "visible") reload();
    };
    window.addEventListener("focus", reload);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      window.removeEventListener("focus", reload);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [enabled, onFocus, reload]);

  const mine = state.key === key;
  const data = mine ? state.data : undefined;
  const error = mine ? state.error : undefined;
  return {
    data,
    previous: mine ? state.previous : undefined,
    error,
    status: data !== undefined ? "ready" : error !== undefined ? "error" : "loading",
    reading: enabled && (!mine || state.tick !== tick),
    readAt: mine ? state.readAt : null,
    nextReadAt: mine ? state.nextReadAt : null,
    reload,
  };
}
