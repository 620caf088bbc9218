"use client";

import { useEffect, useRef, type ReactNode } from "react";

/**
 * One wizard step: a titled card, its body and a footer with the step's buttons. When the user
 * arrives from another step, focus moves to the title so screen readers announce the new step.
 */
export function StepCard({
  title,
  description,
  focusOnMount,
  footer,
  children,
  testId,
}: {
  title: string;
  description?: ReactNode;
  focusOnMount: boolean;
  footer?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnMount) heading.current?.focus({ preventScroll: true });
  }, [focusOnMount]);
  return (
    <section
      aria-labelledby={`${testId ?? "step"}-title`}
      data-testid={testId}
      className="rounded-lg border border-slate-200 bg-white shadow-sm"
    >
      <div className="border-b border-slate-100 px-4 py-4 sm:px-6">
        <h2 id={`${testId ?? "step"}-title`} ref={heading} tabIndex={-1} className="text-lg font-semibold text-slate-900 outline-none">
          {title}
        </h2>
        {description ? <div className="mt-1 max-w-3xl text-sm text-slate-600">{description}</div> : null}
      </div>
      <div className="space-y-6 px-4 py-5 sm:px-6">{children}</div>
      {footer ? (
        <div className="flex flex-wrap items-center justify-between gap-3 rounded-b-lg border-t border-slate-100 bg-slate-50 px-4 py-3 sm:px-6">
          {footer}
        </div>
      ) : null}
    </section>
  );
}
