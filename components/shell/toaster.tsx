"use client";
// Toasts for outcomes (sonner), in the theme the page shows. Its stylesheet comes from the bundle
// (imported in the root layout), not from the <style> it would insert, which a CSP may refuse.
import { useTheme } from "next-themes";
import { Toaster } from "sonner";

export function AppToaster() {
  const { resolvedTheme } = useTheme();
  return (
    <Toaster
      richColors
      closeButton
      position="bottom-right"
      theme={resolvedTheme === "dark" ? "dark" : "light"}
    />
  );
}
