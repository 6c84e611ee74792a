// HTTP tests run the real built server; build it first when the build is missing or stale.
// @ts-expect-error -- plain ESM script shared with `npm start`
import { ensureBuild } from "../../scripts/start.mjs";

export default function setup() {
  ensureBuild();
}
