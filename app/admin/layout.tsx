import type { ReactNode } from "react";
import { AdminNav } from "@/components/admin/admin-nav";
import { SiteHeader } from "@/components/site-header";
import { requireAdminPage } from "@/lib/auth/current-user";

// Each admin page checks the role itself too: a layout is not re-run on every navigation.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requireAdminPage("/admin");
  return (
    <>
      <SiteHeader user={user} />
      <div className="mx-auto max-w-6xl space-y-6 px-4 py-6 sm:px-6 sm:py-8">
        <AdminNav />
        {children}
      </div>
    </>
  );
}
