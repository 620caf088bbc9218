import { notFound } from "next/navigation";
import { Suspense } from "react";
import { PersonaPicker } from "@/components/demo/persona-picker";
import { readConfig } from "@/lib/config";

/** Demo mode only (proxy.ts answers 404 first; this is the second lock). */
export default function DemoSignInPage() {
  if (readConfig().mode !== "demo") notFound();
  return (
    <Suspense>
      <PersonaPicker />
    </Suspense>
  );
}
