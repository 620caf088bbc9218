export interface StepperStep {
  id: string;
  label: string;
}

/**
 * Where the user is in a multi-step flow: an ordered list, the current step marked with
 * `aria-current="step"`. Step numbers and check marks are drawn by CSS/SVG, so each item's text is
 * exactly its label. Not interactive: moving between steps is the page's job (Back/Next).
 *
 * Narrower than `md` the labels do not fit side by side: the circles stay, every label stays for screen
 * readers, and one line under them names the current step.
 */
export function Stepper({ steps, current, label = "Progress" }: { steps: readonly StepperStep[]; current: number; label?: string }) {
  return (
    <nav aria-label={label}>
      <ol className="grid gap-1" style={{ gridTemplateColumns: `repeat(${steps.length}, minmax(0, 1fr))` }}>
        {steps.map((step, index) => {
          const state = index < current ? "done" : index === current ? "current" : "upcoming";
          return (
            <li
              key={step.id}
              aria-current={state === "current" ? "step" : undefined}
              data-state={state}
              className={`relative flex flex-col items-center gap-1.5 text-center text-xs leading-tight sm:text-sm ${
                state === "current" ? "font-semibold text-blue-800" : state === "done" ? "text-slate-800" : "text-slate-500"
              }`}
            >
              {index > 0 ? (
                <span
                  aria-hidden
                  className={`absolute right-1/2 top-3.5 mr-4 h-0.5 w-[calc(100%-2rem)] ${index <= current ? "bg-blue-600" : "bg-slate-200"}`}
                />
              ) : null}
              <span
                aria-hidden
                data-step={index + 1}
                className={`relative z-10 grid h-7 w-7 place-items-center rounded-full text-xs font-semibold ring-2 ${
                  state === "done"
                    ? "bg-blue-600 text-white ring-blue-600"
                    : state === "current"
                      ? "bg-white text-blue-800 ring-blue-600 before:content-[attr(data-step)]"
                      : "bg-white text-slate-500 ring-slate-300 before:content-[attr(data-step)]"
                }`}
              >
                {state === "done" ? (
                  <svg viewBox="0 0 16 16" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="2.5">
                    <path d="M3 8.5l3 3 7-7" strokeLinecap="round" strokeLinejoin="round" />
                  </svg>
                ) : null}
              </span>
              <span className="sr-only px-0.5 md:not-sr-only">{step.label}</span>
            </li>
          );
        })}
      </ol>
      {steps[current] ? (
        <p aria-hidden className="mt-3 text-center text-sm text-slate-700 md:hidden">
          Step {current + 1} of {steps.length}: <span className="font-semibold text-blue-800">{steps[current].label}</span>
        </p>
      ) : null}
    </nav>
  );
}
