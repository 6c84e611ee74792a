import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ThemeProvider } from "@/components/shell/theme-provider";
import { AppToaster } from "@/components/shell/toaster";
import { getNonce } from "@/lib/security/nonce";
import "sonner/dist/styles.css";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "ELF Control Center", template: "%s · ELF Control Center" },
  description: "Run an organisation of AI agent teams.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the nonce renders every page per request, so Next's scripts carry this request's
  // nonce and the Content-Security-Policy (server/http/security-headers.ts) lets them run.
  // Inline scripts rendered here (next-themes) take it as their `nonce` prop.
  const nonce = await getNonce();
  return (
    // next-themes sets the theme class on <html> before React hydrates.
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-screen">
        <ThemeProvider nonce={nonce}>
          {children}
          <AppToaster />
        </ThemeProvider>
      </body>
    </html>
  );
}
