import { Badge } from "@/components/ui/badge";
import type { StepAction } from "@/lib/tenant/model";

const ACTIONS: Record<StepAction, { text: string; tone: "green" | "amber" | "purple" | "neutral" | "blue" | "red" }> = {
  create: { text: "+ create", tone: "green" },
  update: { text: "~ update", tone: "amber" },
  adopt: { text: "adopt", tone: "purple" },
  unchanged: { text: "unchanged", tone: "neutral" },
  pending: { text: "pending", tone: "blue" },
  blocked: { text: "blocked", tone: "red" },
  decide: { text: "needs your decision", tone: "red" },
};

/** A plan step's action, like `terraform plan`'s markers. */
export function ActionBadge({ action }: { action: StepAction }) {
  const { text, tone } = ACTIONS[action];
  return <Badge tone={tone}>{text}</Badge>;
}
