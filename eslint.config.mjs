import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The tenant simulator and the demo tenant run on the server (the demo route) and in tests, never in a page:
// pages and components reach Graph through lib/graph, whatever answers it. scripts/check-client-bundles.mjs
// checks the build's client bundles for the same thing.
const SIMULATOR = ["@/lib/sim", "@/lib/sim/*", "@/lib/demo", "@/lib/demo/*", "**/lib/sim", "**/lib/sim/*", "**/lib/demo", "**/lib/demo/*"];
const simulatorFence = (allowTypeImports) => ({
  "@typescript-eslint/no-restricted-imports": [
    "error",
    {
      patterns: [
        {
          group: SIMULATOR,
          allowTypeImports,
          message:
            "The simulator and the demo tenant stay on the server: use lib/graph or lib/auth/demo-session from pages and components.",
        },
      ],
    },
  ],
});

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  {
    // Playwright fixtures call `use`, which is not React's.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    files: ["lib/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["@/components/*", "@/app/*", "../components/*", "../app/*"] }],
    },
  },
  { files: ["components/**", "app/**"], rules: simulatorFence(false) },
  // The persona picker may name the demo tenant's types (erased at build time), nothing else.
  { files: ["components/demo/**"], rules: simulatorFence(true) },
  // The demo tenant's HTTP route is the one place that serves the simulator (it starts with `import "server-only"`).
  { files: ["app/api/demo-tenant/**"], rules: { "@typescript-eslint/no-restricted-imports": "off" } },
];
export default config;
