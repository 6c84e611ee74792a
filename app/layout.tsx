import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { ThemeProvider } from "@/components/shell/theme-provider";
import { AppToaster } from "@/components/shell/toaster";
import "sonner/dist/styles.css";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "ELF Control Center", template: "%s · ELF Control Center" },
  description: "Run an organisation of AI agent teams.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Set by the Content-Security-Policy middleware when there is one.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
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
