import type { ReactNode } from "react";

interface FieldControlProps {
  id: string;
  "aria-invalid": boolean;
  "aria-describedby"?: string;
}

/** A field's error text; several problems arrive as one message with one per line. */
export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <div id={id} className="mt-1.5 space-y-0.5 text-sm text-red-700">
      {message.split("\n").map((line) => (
        <p key={line}>{line}</p>
      ))}
    </div>
  );
}

/**
 * A labelled input with its hint and its error inline under it. The control gets the id, the
 * invalid state and aria-describedby (hint, then error) through the render function.
 */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-900">
        {label}
      </label>
      {hint ? (
        <div id={hintId} className="mt-0.5 text-sm text-slate-600">
          {hint}
        </div>
      ) : null}
      <div className="mt-1.5">{children({ id, "aria-invalid": Boolean(error), "aria-describedby": describedBy })}</div>
      {errorId ? <FieldError id={errorId} message={error} /> : null}
    </div>
  );
}

export function inputClass(invalid: boolean, extra = ""): string {
  return `block w-full rounded-md border bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 focus:outline-none focus:ring-2 ${
    invalid ? "border-red-500 focus:border-red-600 focus:ring-red-200" : "border-slate-300 focus:border-blue-600 focus:ring-blue-200"
  } ${extra}`;
}
