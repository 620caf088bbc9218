import type { Metadata } from "next";
import { SetupPage } from "@/components/setup/setup-page";

export const metadata: Metadata = { title: "Set up connectors · Psoxy Microsoft 365 setup" };

export default function SetupRoute() {
  return <SetupPage />;
}
