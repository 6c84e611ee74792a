import type { Metadata } from "next";
import { CreateUserForm } from "@/components/admin/create-user-form";
import { UserTable, type UserListItem } from "@/components/admin/user-table";
import { Pager } from "@/components/ui/pager";
import { SearchForm } from "@/components/ui/search-form";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import { readListPage } from "@/lib/pagination";
import { listUsersPage } from "@/lib/users/list";
import { createUserAction, resetPasswordAction, setDisabledAction, setRoleAction } from "./actions";

export const metadata: Metadata = { title: "Users · Admin" };
export const dynamic = "force-dynamic";

export default async function AdminUsersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const admin = await requireAdminPage("/admin/users");
  const listPage = readListPage(await searchParams);
  const found = await listUsersPage(getDb(), listPage);
  const users: UserListItem[] = found.items.map((user) => ({
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    disabled: user.disabled_at !== null,
    created_at: user.created_at.toISOString(),
  }));

  return (
    <main className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Users</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Who can sign in and what they may do. A disabled user is signed out and their chats end at
          once; a role change applies on their next step.
        </p>
      </div>
      <CreateUserForm createUser={createUserAction} />
      <div className="space-y-3">
        <SearchForm
          label="Search users"
          path="/admin/users"
          q={listPage.q}
          placeholder="Email or name contains…"
        />
        <UserTable
          users={users}
          total={found.total}
          currentUserId={admin.id}
          actions={{
            setRole: setRoleAction,
            setDisabled: setDisabledAction,
            resetPassword: resetPasswordAction,
          }}
        />
        <Pager
          label="Users"
          path="/admin/users"
          params={{ q: listPage.q }}
          page={found.page}
          pageSize={found.pageSize}
          total={found.total}
        />
      </div>
    </main>
  );
}
