import { Suspense } from "react";
import { PersonaPicker } from "@/components/demo/persona-picker";

/** Demo mode only: proxy.ts answers 404 here otherwise. */
export default function DemoSignInPage() {
  return (
    <Suspense>
      <PersonaPicker />
    </Suspense>
  );
}
