// `node --import ./scripts/server-only-noop.mjs` (and `tsx --import …`): lets Node load lib/ outside
// Next. `import "server-only"` marks a lib module as server code so that Next fails a client build
// that reaches it; the package resolves to an empty module only under Next's react-server
// condition and throws everywhere else. Here (the custom server under tsx, the CLI, migrations,
// benches, test child processes) it resolves to an empty module. esbuild (scripts/build-server.mjs)
// and vitest (vitest.config.ts) alias it the same way; tsconfig `paths` is not used, because Next
// would honour it in browser bundles too.
import { register } from "node:module";

const EMPTY_MODULE = "data:text/javascript,";
const hooks = `export async function resolve(specifier, context, next) {
  return specifier === "server-only" ? { url: ${JSON.stringify(EMPTY_MODULE)}, shortCircuit: true } : next(specifier, context);
}`;

register(`data:text/javascript,${encodeURIComponent(hooks)}`);
