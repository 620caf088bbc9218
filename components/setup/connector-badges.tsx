import { Badge } from "@/components/ui/badge";
import type { ConnectorAvailability } from "@/lib/connectors";

const AVAILABILITY: Record<ConnectorAvailability, { label: string; tone: "green" | "amber" | "purple" | "neutral" }> = {
  ga: { label: "GA", tone: "green" },
  beta: { label: "beta", tone: "amber" },
  alpha: { label: "alpha", tone: "purple" },
  deprecated: { label: "deprecated", tone: "neutral" },
};

export function AvailabilityBadge({ availability }: { availability: ConnectorAvailability }) {
  const { label, tone } = AVAILABILITY[availability];
  return <Badge tone={tone}>{label}</Badge>;
}

export function PermissionList({ permissions, label }: { permissions: readonly string[]; label?: string }) {
  return (
    <ul aria-label={label} className="flex flex-wrap gap-1.5">
      {permissions.map((permission) => (
        <li key={permission}>
          <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800">{permission}</code>
        </li>
      ))}
    </ul>
  );
}
