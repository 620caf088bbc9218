import { CopyButton } from "./copy-button";

/**
 * A command, script or file to copy. The Copy button sits in a column of its own beside the code, so it never
 * covers a character at any width; long lines scroll inside the block, which takes keyboard focus so they
 * can be scrolled without a mouse.
 */
export function CodeBlock({ code, label }: { code: string; label: string }) {
  return (
    <div className="flex min-w-0 items-start rounded-md bg-slate-900">
      <pre
        aria-label={label}
        tabIndex={0}
        className="min-w-0 flex-1 overflow-x-auto rounded-md p-3 text-xs leading-relaxed text-slate-100 focus-visible:outline focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-300"
      >
        <code>{code}</code>
      </pre>
      <div className="shrink-0 p-2">
        <CopyButton value={code} label={label} />
      </div>
    </div>
  );
}

export function IdValue({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <span className="text-slate-600">{label}</span>
      <code className="min-w-0 break-all rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-900">{value}</code>
      <CopyButton value={value} label={label} />
    </div>
  );
}
