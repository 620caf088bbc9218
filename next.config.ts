import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // A self-contained server (.next/standalone/server.js with only the node_modules it needs), so the wizard runs
  // anywhere Node runs, without a checkout: `npm run serve` (https://nextjs.org/docs/app/api-reference/config/next-config-js/output).
  output: "standalone",
  // Only Playwright's requests reach the production server from 127.0.0.1 in CI.
  allowedDevOrigins: ["127.0.0.1"],
};

export default nextConfig;
