import type { Metadata } from "next";
import { ConsentPage } from "@/components/consent/consent-page";
import { parseConsentParams } from "@/lib/tenant/consent";

export const metadata: Metadata = { title: "Grant admin consent · Psoxy Microsoft 365 setup" };

export default async function ConsentRoute({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  return <ConsentPage target={parseConsentParams(await searchParams)} />;
}
