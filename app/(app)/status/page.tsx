import { JobPlaceholder } from "@/components/jobs/job-placeholder";

export default function StatusPage() {
  return <JobPlaceholder job="support" />;
}
