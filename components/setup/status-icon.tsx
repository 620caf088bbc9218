import type { StepStatus } from "@/lib/tenant/setup";

/** Icon for a step status; SVG only, so the cell's text stays the status word. */
export function StatusIcon({ status }: { status: StepStatus }) {
  const common = {
    viewBox: "0 0 16 16",
    className: "h-4 w-4 shrink-0",
    fill: "none",
    stroke: "currentColor",
    strokeWidth: 2,
    "aria-hidden": true,
  } as const;
  switch (status) {
    case "running":
      return <span aria-hidden className="h-3.5 w-3.5 shrink-0 animate-spin rounded-full border-2 border-blue-200 border-t-blue-700" />;
    case "done":
      return (
        <svg {...common}>
          <path d="M3 8.5l3 3 7-7" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      );
    case "failed":
      return (
        <svg {...common}>
          <path d="M4 4l8 8M12 4l-8 8" strokeLinecap="round" />
        </svg>
      );
    case "unchanged":
      return (
        <svg {...common}>
          <path d="M4 6h8M4 10h8" strokeLinecap="round" />
        </svg>
      );
    case "skipped":
      return (
        <svg {...common}>
          <path d="M4 8h8" strokeLinecap="round" />
        </svg>
      );
    case "blocked":
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="5.5" />
          <path d="M4.2 11.8l7.6-7.6" />
        </svg>
      );
    case "pending":
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="5.5" />
          <path d="M8 5v3.2l2 1.3" strokeLinecap="round" />
        </svg>
      );
    case "waiting":
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="5" strokeDasharray="2 2" />
        </svg>
      );
  }
}

export const STATUS_COLOR: Record<StepStatus, string> = {
  waiting: "text-slate-500",
  running: "text-blue-800",
  done: "text-green-800",
  unchanged: "text-slate-600",
  failed: "text-red-700 font-semibold",
  skipped: "text-amber-800",
  blocked: "text-red-700",
  pending: "text-blue-800",
};
