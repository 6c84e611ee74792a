// ESLint rule: a "use client" module is browser code, so from lib/ it may import values only from
// lib/protocol (zod schemas and constants the browser and the server share); anything else from
// lib/ only as a type. The server-only marker on lib's server modules fails Next's build for the
// same mistake; this names it at the import, and also catches a lib module that lacks the marker.
import path from "node:path";

function isTypeOnly(node) {
  if (node.importKind === "type" || node.exportKind === "type") return true;
  const specifiers = node.specifiers ?? [];
  return (
    specifiers.length > 0 &&
    specifiers.every((s) => s.importKind === "type" || s.exportKind === "type")
  );
}

export const clientLibImports = {
  meta: {
    type: "problem",
    docs: { description: "Browser code reaches lib/ only through lib/protocol and type imports." },
    schema: [],
    messages: {
      serverCode:
        '"{{source}}" is lib code the browser must not load: a "use client" module may import values only from lib/protocol (move shared schemas and constants there), and anything else from lib/ only with `import type`.',
    },
  },
  create(context) {
    const libDir = path.join(context.cwd, "lib");
    const protocolDir = path.join(libDir, "protocol");
    let isClient = false;

    function libPath(source) {
      if (source.startsWith("@/")) return path.join(context.cwd, source.slice(2));
      if (source.startsWith(".")) return path.resolve(path.dirname(context.filename), source);
      return null;
    }

    function check(node, typeOnly) {
      if (!isClient || typeOnly || node.source?.type !== "Literal") return;
      const target = libPath(String(node.source.value));
      if (!target || !(target === libDir || target.startsWith(libDir + path.sep))) return;
      if (target === protocolDir || target.startsWith(protocolDir + path.sep)) return;
      context.report({ node, messageId: "serverCode", data: { source: node.source.value } });
    }

    return {
      Program(program) {
        isClient = program.body.some(
          (statement) =>
            statement.type === "ExpressionStatement" && statement.directive === "use client",
        );
      },
      ImportDeclaration: (node) => check(node, isTypeOnly(node)),
      ExportNamedDeclaration: (node) => node.source && check(node, isTypeOnly(node)),
      ExportAllDeclaration: (node) => check(node, isTypeOnly(node)),
      ImportExpression: (node) => check(node, false),
    };
  },
};

const plugin = { rules: { "client-lib-imports": clientLibImports } };
export default plugin;
