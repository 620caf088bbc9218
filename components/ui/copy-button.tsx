"use client";

import { useState } from "react";

/**
 * Copies `value`. `text` is what the button says ("Copy" by default); its accessible name starts with that text and
 * names what it copies (`label`), so two buttons side by side are told apart by eye and by a screen reader.
 */
export function CopyButton({ value, label, text = "Copy" }: { value: string; label: string; text?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <>
      <button
        type="button"
        aria-label={text === "Copy" ? `Copy ${label}` : `${text}: ${label}`}
        className="shrink-0 rounded border border-slate-300 bg-white px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
        onClick={async () => {
          await navigator.clipboard?.writeText(value);
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        }}
      >
        {copied ? "Copied" : text}
      </button>
      {/* The button's name stays "Copy …"; this tells a screen reader that it worked. */}
      <span aria-live="polite" className="sr-only">
        {copied ? `Copied ${label}` : ""}
      </span>
    </>
  );
}
