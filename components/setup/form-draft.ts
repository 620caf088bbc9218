"use client";

import { useCallback, useEffect, useRef } from "react";
import { useWatch, type Control, type FieldValues } from "react-hook-form";

/** How long typing may pause before what was typed is kept. */
const FORM_DRAFT_DELAY_MS = 250;

/**
 * Keeps what is typed into a step's form while it is typed (react-hook-form holds it only while the step is
 * shown): after a short pause, when the step is left (Back, Next, the browser's Back) and when the page goes
 * away (reload, closing the tab). `save` writes synchronously, so the last keystrokes before a reload stay.
 */
export function useFormDraft<T extends FieldValues, C, R extends FieldValues>(
  control: Control<T, C, R>,
  save: (values: T) => void,
  delayMs = FORM_DRAFT_DELAY_MS,
): void {
  const values = useWatch({ control }) as T;
  const saveRef = useRef(save);
  const latest = useRef<{ values: T; json: string } | null>(null);
  const saved = useRef<string | null>(null);

  useEffect(() => {
    saveRef.current = save;
  });

  const flush = useCallback(() => {
    const current = latest.current;
    if (!current || current.json === saved.current) return;
    saved.current = current.json;
    saveRef.current(current.values);
  }, []);

  useEffect(() => {
    const json = JSON.stringify(values);
    // What the form opened with is already kept: only a change is a draft.
    if (saved.current === null) saved.current = json;
    latest.current = { values, json };
    if (json === saved.current) return;
    const timer = setTimeout(flush, delayMs);
    return () => clearTimeout(timer);
  }, [values, delayMs, flush]);

  useEffect(() => {
    const onHide = () => flush();
    window.addEventListener("pagehide", onHide);
    return () => {
      window.removeEventListener("pagehide", onHide);
      flush();
    };
  }, [flush]);
}
