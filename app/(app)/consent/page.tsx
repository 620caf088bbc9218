import { JobPlaceholder } from "@/components/jobs/job-placeholder";

export default function ConsentPage() {
  return <JobPlaceholder job="consent" />;
}
