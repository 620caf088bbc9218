import { CopyButton } from "./copy-button";

export function CodeBlock({ code, label }: { code: string; label: string }) {
  return (
    <div className="relative">
      <div className="absolute right-2 top-2">
        <CopyButton value={code} label={label} />
      </div>
      <pre aria-label={label} className="overflow-x-auto rounded-md bg-slate-900 p-3 pr-16 text-xs leading-relaxed text-slate-100">
        <code>{code}</code>
      </pre>
    </div>
  );
}

export function IdValue({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <span className="text-slate-600">{label}</span>
      <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-900">{value}</code>
      <CopyButton value={value} label={label} />
    </div>
  );
}
