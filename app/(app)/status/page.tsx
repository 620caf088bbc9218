import type { Metadata } from "next";
import { StatusPage } from "@/components/status/status-page";
import { parseBoardFilter } from "@/lib/tenant/board";

export const metadata: Metadata = { title: "Connector status · Psoxy Microsoft 365 setup" };

export default async function StatusRoute({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  return <StatusPage filter={parseBoardFilter(await searchParams)} />;
}
