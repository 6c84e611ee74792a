// Every A2A task state has a place in our lifecycle; the states the echo agent cannot reach are checked here.
import { TaskState } from "@a2a-js/sdk";
import { describe, expect, it } from "vitest";
import { readA2aState } from "./a2a-target";

describe("readA2aState", () => {
  it("keeps following submitted and working tasks", () => {
    for (const state of [
      TaskState.TASK_STATE_SUBMITTED,
      TaskState.TASK_STATE_WORKING,
      TaskState.TASK_STATE_UNSPECIFIED,
    ])
      expect(readA2aState(state)).toBeNull();
  });

  it("fails a task that waits for input or authorisation, since no one here can give it", () => {
    expect(readA2aState(TaskState.TASK_STATE_INPUT_REQUIRED)).toEqual({
      kind: "failed",
      summary: "asked for input the Control Center cannot give",
    });
    expect(readA2aState(TaskState.TASK_STATE_AUTH_REQUIRED)).toEqual({
      kind: "failed",
      summary: "asked for authorisation the Control Center cannot give",
    });
  });
});
