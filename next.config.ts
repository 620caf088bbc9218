import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Only Playwright's requests reach the production server from 127.0.0.1 in CI.
  allowedDevOrigins: ["127.0.0.1"],
};

export default nextConfig;
