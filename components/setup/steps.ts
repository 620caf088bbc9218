import type { StepperStep } from "@/components/ui/stepper";

/** The wizard's steps, in order. Labels are what the stepper shows. */
export const SETUP_STEPS = [
  { id: "environment", label: "Environment" },
  { id: "connectors", label: "Connectors" },
  { id: "identity", label: "Proxy identity" },
  { id: "owners", label: "Owners" },
  { id: "plan", label: "Plan" },
  { id: "apply", label: "Apply" },
  { id: "results", label: "Results" },
] as const satisfies readonly StepperStep[];

export type StepId = (typeof SETUP_STEPS)[number]["id"];

export const STEP_IDS = SETUP_STEPS.map((step) => step.id) as [StepId, ...StepId[]];

export function stepIndex(step: StepId): number {
  return STEP_IDS.indexOf(step);
}
