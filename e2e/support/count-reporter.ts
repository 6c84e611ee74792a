// Prints the closing line CI counts, alone and last: "N passed, N failed, N skipped".
import type { FullResult, Reporter, Suite, TestCase } from "@playwright/test/reporter";

export default class CountReporter implements Reporter {
  private suite: Suite | undefined;
  private line: string | undefined;

  onBegin(_config: unknown, suite: Suite): void {
    this.suite = suite;
  }

  printsToStdio(): boolean {
    return true;
  }

  async onEnd(result: FullResult): Promise<void> {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const test of this.suite?.allTests() ?? []) counts[bucket(test)] += 1;
    // A run that broke outside any test (global setup, web server, a file that does not load)
    // must not read as green.
    if (counts.failed === 0 && result.status !== "passed") counts.failed = 1;
    this.line = `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`;
  }

  // Printed at exit, after every reporter's summary, so that it is the last line.
  async onExit(): Promise<void> {
    if (this.line) process.stdout.write(`\n${this.line}\n`);
  }
}

function bucket(test: TestCase): "passed" | "failed" | "skipped" {
  const outcome = test.outcome();
  // Flaky (passed on a retry) counts as passed; so does an expected failure (test.fail()).
  if (outcome === "expected" || outcome === "flaky") return "passed";
  // Failed and timed out.
  if (outcome === "unexpected") return "failed";
  // Playwright files an interrupted test under "skipped"; it did not pass, so it failed.
  return test.results.some((result) => result.status === "interrupted") ? "failed" : "skipped";
}
