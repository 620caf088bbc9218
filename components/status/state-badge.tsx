import { Badge } from "@/components/ui/badge";
import { OVERALL_LABELS, type CheckState, type OverallState } from "@/lib/tenant/status";

const TONE: Record<OverallState, "green" | "amber" | "blue" | "red"> = {
  ready: "green",
  "needs-consent": "amber",
  "needs-action": "blue",
  broken: "red",
};

export function StateBadge({ state }: { state: OverallState }) {
  return <Badge tone={TONE[state]}>{OVERALL_LABELS[state]}</Badge>;
}

const CHECK: Record<CheckState, { symbol: string; label: string; className: string }> = {
  ok: { symbol: "✓", label: "OK", className: "text-green-800" },
  warn: { symbol: "!", label: "Warning", className: "text-amber-800" },
  fail: { symbol: "✕", label: "Failing", className: "text-red-700" },
};

/** A check's state: a symbol for the eye and its word for screen readers. */
export function CheckMark({ state }: { state: CheckState }) {
  const mark = CHECK[state];
  return (
    <span className={`inline-flex w-5 shrink-0 justify-center font-bold ${mark.className}`}>
      <span aria-hidden>{mark.symbol}</span>
      <span className="sr-only">{mark.label}</span>
    </span>
  );
}
