import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";

/** Footer of a form step: Back on the left, the submit button on the right. */
export function StepNav({
  onBack,
  nextLabel = "Next",
  busy = false,
  busyLabel,
  nextDisabled = false,
  extra,
}: {
  onBack?: () => void;
  nextLabel?: string;
  busy?: boolean;
  busyLabel?: string;
  nextDisabled?: boolean;
  extra?: ReactNode;
}) {
  return (
    <>
      <div>
        {onBack ? (
          <Button variant="secondary" onClick={onBack} disabled={busy}>
            Back
          </Button>
        ) : null}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        {extra}
        <Button type="submit" disabled={busy || nextDisabled} aria-busy={busy || undefined}>
          {busy && busyLabel ? busyLabel : nextLabel}
        </Button>
      </div>
    </>
  );
}
