// Prints the closing line CI counts: "N passed, N failed, N skipped".
import type { Reporter, TestModule } from "vitest/node";

export default class CountReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>): void {
    const counts = { passed: 0, failed: 0, skipped: 0, pending: 0 };
    for (const testModule of modules) {
      const before = counts.failed;
      for (const test of testModule.children.allTests()) counts[test.result().state] += 1;
      // A file that failed outside its tests (collection, a hook) counts as one failure.
      if (testModule.state() === "failed" && counts.failed === before) counts.failed += 1;
    }
    const failed = counts.failed + errors.length;
    process.stdout.write(
      `\n${counts.passed} passed, ${failed} failed, ${counts.skipped} skipped\n`,
    );
  }
}
