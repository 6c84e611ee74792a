import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The architecture's dependency direction (house-style.md), enforced rather than remembered:
// app → components → lib, server → lib; lib imports none of them; app/components never import server.
const restrict = (groups) => ({
  "no-restricted-imports": [
    "error",
    {
      patterns: groups.map((group) => ({
        group,
        message: "Breaks the layering: see house-style.md.",
      })),
    },
  ],
});

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      "dist/**",
      "data/**",
      "node_modules/**",
      "test-results/**",
      "screenshots/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: ["lib/**"],
    rules: restrict([
      ["@/app/*", "@/components/*", "@/server/*", "**/app/*", "**/components/*", "**/server/*"],
    ]),
  },
  { files: ["app/**", "components/**"], rules: restrict([["@/server/*", "**/server/*"]]) },
  { files: ["components/**"], rules: restrict([["@/app/*", "@/server/*", "**/server/*"]]) },
  // Playwright fixtures call `use`, which is not React's hook.
  { files: ["e2e/**"], rules: { "react-hooks/rules-of-hooks": "off" } },
  { files: ["lib/protocol/**"], rules: restrict([["@/*", "../*", "!zod"]]) },
];

export default config;
