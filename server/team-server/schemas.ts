// Inputs of the team server's HTTP endpoints: the contract's own schemas (lib/protocol/elf.ts),
// so the team server reads requests exactly as ELF's clients write them.
export {
  confirmBodySchema as modificationsSchema,
  confirmQuerySchema,
  taskRequestSchema,
  type TaskRequest,
} from "@/lib/protocol/elf";
