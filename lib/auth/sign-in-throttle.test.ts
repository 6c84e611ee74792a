import { describe, expect, it } from "vitest";
import { ACCOUNT_RULE, ADDRESS_RULE, pauseSeconds, throttleKeys } from "./sign-in-throttle";

describe("sign-in pauses", () => {
  it("start after the free failures, double with each further one, and stop growing at the cap", () => {
    expect([4, 5, 6, 7, 8].map((n) => pauseSeconds(n, ACCOUNT_RULE))).toEqual([0, 1, 2, 4, 8]);
    expect(pauseSeconds(19, ADDRESS_RULE)).toBe(0);
    expect(pauseSeconds(20, ADDRESS_RULE)).toBe(1);
    expect(pauseSeconds(500, ACCOUNT_RULE)).toBe(15 * 60);
  });

  it("key an account by the address it is tried from, never by the account alone", () => {
    const a = throttleKeys("192.0.2.1", " Admin@Example.test ");
    const b = throttleKeys("192.0.2.2", "admin@example.test");
    expect(a.account).toBe("account:192.0.2.1:admin@example.test");
    expect(a.account).not.toBe(b.account);
    expect(a.address).toBe("address:192.0.2.1");
  });
});
