import type { Metadata } from "next";
import { ErrorPage } from "@/components/shell/error-page";

export const metadata: Metadata = { title: "No access" };

export default function Forbidden() {
  return (
    <ErrorPage code={403} title="You do not have access to this page">
      <p>It is for administrators. Ask an admin of your Control Center if you need it.</p>
    </ErrorPage>
  );
}
