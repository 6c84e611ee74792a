// Which of ELF's tables the Control Center reads from the project (the registry, mirrored
// locally) and writes to it (conversations and audit, through the outbox), with the columns
// elf-contract.md §1 names. A project missing one of them is not an ELF project yet.
import "server-only";

/** Read from the project and mirrored into the local database. */
export const REGISTRY_TABLES = {
  teams: [
    "id",
    "name",
    "display_name",
    "department",
    "placement",
    "purpose",
    "framework",
    "llm_provider",
    "llm_model",
    "status",
    "metadata",
    "is_top_level",
    "enable_chat_interface",
    "chat_config",
    "created_at",
    "updated_at",
  ],
  team_members: [
    "id",
    "team_id",
    "role",
    "is_manager",
    "responsibilities",
    "skills",
    "system_prompt",
    "created_at",
  ],
  team_relationships: [
    "id",
    "child_team_id",
    "parent_entity_type",
    "parent_entity_name",
    "relationship_type",
    "created_at",
  ],
  executive_management: ["executive_role", "executive_team", "managed_team_id"],
} as const;

/** Written to the project from the local rows, in the order they were written here. */
export const OUTBOX_TABLES = {
  team_chat_sessions: [
    "id",
    "team_id",
    "user_id",
    "session_id",
    "started_at",
    "ended_at",
    "message_count",
    "total_tokens",
    "delegated",
    "delegation_task_id",
    "session_metadata",
    "created_at",
    "updated_at",
  ],
  team_chat_messages: [
    "id",
    "session_id",
    "role",
    "content",
    "token_count",
    "metadata",
    "created_at",
  ],
  team_chat_delegations: [
    "id",
    "session_id",
    "from_team_id",
    "to_team_id",
    "task_specification",
    "a2a_message_id",
    "status",
    "created_at",
    "updated_at",
  ],
  team_audit_log: [
    "id",
    "team_id",
    "action",
    "description",
    "performed_by",
    "details",
    "created_at",
  ],
} as const;

export type OutboxTable = keyof typeof OUTBOX_TABLES;
export const isOutboxTable = (name: string): name is OutboxTable => name in OUTBOX_TABLES;

/** The ELF columns an admin changes here; they are written to the project first. */
export const ELF_TEAM_COLUMNS = [
  "enable_chat_interface",
  "is_top_level",
  "status",
  "chat_config",
] as const;
