import type { Metadata } from "next";
import { ErrorPage } from "@/components/shell/error-page";

export const metadata: Metadata = { title: "Not found" };

export default function NotFound() {
  return (
    <ErrorPage code={404} title="This page does not exist">
      <p>
        The address may be mistyped, or what it pointed to (a team, a task) is gone or was never
        there.
      </p>
    </ErrorPage>
  );
}
