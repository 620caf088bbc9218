import { Landing } from "@/components/landing/landing";

export default function HomePage() {
  return <Landing />;
}
