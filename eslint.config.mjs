import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import clientLibImports from "./scripts/eslint/client-lib-imports.mjs";

// The architecture's dependency direction (README.md › Architecture), enforced rather than
// remembered: app → components → lib, server → lib; lib imports none of them; app/components never
// import server; lib/protocol, shared with the browser and with team servers, depends on zod only.
const restrict = (groups) => ({
  "no-restricted-imports": [
    "error",
    {
      patterns: groups.map((group) => ({
        group,
        message: "Breaks the layering: see the Architecture section of README.md.",
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
  // "use client" modules reach lib/ only through lib/protocol and type imports.
  {
    files: ["app/**", "components/**", "lib/**"],
    plugins: { cc: clientLibImports },
    rules: { "cc/client-lib-imports": "error" },
  },
  { files: ["components/**"], rules: restrict([["@/app/*", "@/server/*", "**/server/*"]]) },
  {
    files: ["server/**"],
    rules: restrict([["@/app/*", "@/components/*", "**/app/*", "**/components/*"]]),
  },
  // Playwright fixtures call `use`, which is not React's hook.
  { files: ["e2e/**"], rules: { "react-hooks/rules-of-hooks": "off" } },
  // lib/protocol: zod and its own files; anything else only as a type.
  {
    files: ["lib/protocol/**"],
    ignores: ["lib/protocol/**/*.test.ts"],
    rules: {
      "no-restricted-imports": "off",
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(?!zod$|\\./)",
              allowTypeImports: true,
              message:
                "lib/protocol depends on zod only (and its own files): see README.md › Architecture.",
            },
          ],
        },
      ],
    },
  },
];

export default config;
