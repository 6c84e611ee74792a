import type { Metadata } from "next";
import { CreateUserForm } from "@/components/admin/create-user-form";
import { UserTable, type UserListItem } from "@/components/admin/user-table";
import { requireAdminPage } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import { listUsers } from "@/lib/users/admin";
import { createUserAction, resetPasswordAction, setDisabledAction, setRoleAction } from "./actions";

export const metadata: Metadata = { title: "Users · Admin" };
export const dynamic = "force-dynamic";

export default async function AdminUsersPage() {
  const admin = await requireAdminPage("/admin/users");
  const users: UserListItem[] = (await listUsers(getDb())).map((user) => ({
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
      <UserTable
        users={users}
        currentUserId={admin.id}
        actions={{
          setRole: setRoleAction,
          setDisabled: setDisabledAction,
          resetPassword: resetPasswordAction,
        }}
      />
    </main>
  );
}
