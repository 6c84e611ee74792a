// ELF's registry and chat tables (elf-contract.md §1), adopted without touching existing rows.
import "server-only";
import type { Migration } from "./index";
import { ADOPTION_HELPERS_SQL, adoptTableSql, type TableSpec } from "../adopt";

const timestamps = {
  created_at: { type: "timestamptz", default: "now()", notNull: true },
  updated_at: { type: "timestamptz", default: "now()", notNull: true },
};

const uuidPk = `"id" uuid PRIMARY KEY DEFAULT gen_random_uuid()`;

export const ELF_TABLES: TableSpec[] = [
  {
    name: "teams",
    primaryKey: uuidPk,
    columns: {
      name: { type: "varchar(255)", notNull: true },
      display_name: { type: "varchar(255)", notNull: true },
      department: { type: "varchar(100)", notNull: true },
      placement: { type: "varchar(255)", notNull: true },
      purpose: { type: "text", notNull: true },
      framework: { type: "varchar(50)" },
      llm_provider: { type: "varchar(50)" },
      llm_model: { type: "varchar(100)" },
      status: { type: "varchar(50)", default: "'active'" },
      metadata: { type: "jsonb", default: "'{}'::jsonb" },
      is_top_level: { type: "boolean", default: "false" },
      enable_chat_interface: { type: "boolean", default: "false" },
      chat_config: { type: "jsonb", default: "'{}'::jsonb" },
      ...timestamps,
    },
    unique: [["name"]],
    indexes: [["department"], ["status"]],
    touchUpdatedAt: true,
  },
  {
    name: "team_members",
    primaryKey: uuidPk,
    columns: {
      team_id: { type: "uuid", notNull: true, references: "teams(id) ON DELETE CASCADE" },
      role: { type: "varchar(255)", notNull: true },
      is_manager: { type: "boolean", default: "false" },
      responsibilities: { type: "text[]", default: "'{}'" },
      skills: { type: "text[]", default: "'{}'" },
      system_prompt: { type: "text" },
      created_at: timestamps.created_at,
    },
    unique: [["team_id", "role"]],
  },
  {
    name: "team_relationships",
    primaryKey: uuidPk,
    columns: {
      child_team_id: { type: "uuid", notNull: true, references: "teams(id) ON DELETE CASCADE" },
      parent_entity_type: { type: "varchar(50)", notNull: true, default: "'team'" },
      parent_entity_name: { type: "varchar(255)", notNull: true },
      relationship_type: { type: "varchar(50)", default: "'reports_to'" },
      ...timestamps,
    },
    unique: [["child_team_id", "parent_entity_name", "relationship_type"]],
  },
  {
    name: "executive_management",
    primaryKey: uuidPk,
    columns: {
      executive_role: { type: "varchar(255)", notNull: true },
      executive_team: { type: "varchar(255)", default: "'executive-team'" },
      managed_team_id: { type: "uuid", references: "teams(id) ON DELETE CASCADE" },
      created_at: timestamps.created_at,
    },
    unique: [["executive_role", "managed_team_id"]],
  },
  {
    name: "team_audit_log",
    primaryKey: uuidPk,
    columns: {
      team_id: { type: "uuid", references: "teams(id) ON DELETE SET NULL" },
      action: { type: "varchar(50)", notNull: true },
      description: { type: "text" },
      performed_by: { type: "varchar(255)" },
      details: { type: "jsonb", default: "'{}'::jsonb" },
      created_at: timestamps.created_at,
    },
    indexes: [["team_id"], ["created_at"]],
  },
  {
    name: "team_chat_sessions",
    primaryKey: uuidPk,
    columns: {
      team_id: { type: "uuid", references: "teams(id) ON DELETE CASCADE" },
      user_id: { type: "text", notNull: true },
      session_id: { type: "text", notNull: true },
      started_at: { type: "timestamptz", default: "now()" },
      ended_at: { type: "timestamptz" },
      message_count: { type: "integer", default: "0" },
      total_tokens: { type: "integer", default: "0" },
      delegated: { type: "boolean", default: "false" },
      delegation_task_id: { type: "text" },
      session_metadata: { type: "jsonb", default: "'{}'::jsonb" },
      ...timestamps,
    },
    unique: [["session_id"]],
    indexes: [["team_id", "user_id"]],
    touchUpdatedAt: true,
  },
  {
    name: "team_chat_messages",
    primaryKey: uuidPk,
    columns: {
      session_id: { type: "uuid", references: "team_chat_sessions(id) ON DELETE CASCADE" },
      role: { type: "varchar(20)", notNull: true },
      content: { type: "text", notNull: true },
      token_count: { type: "integer", default: "0" },
      metadata: { type: "jsonb", default: "'{}'::jsonb" },
      created_at: timestamps.created_at,
    },
    indexes: [["session_id", "created_at"]],
  },
  {
    name: "team_chat_delegations",
    primaryKey: uuidPk,
    columns: {
      session_id: { type: "uuid", references: "team_chat_sessions(id) ON DELETE CASCADE" },
      from_team_id: { type: "uuid", references: "teams(id) ON DELETE SET NULL" },
      to_team_id: { type: "uuid", references: "teams(id) ON DELETE SET NULL" },
      task_specification: { type: "jsonb", notNull: true, default: "'{}'::jsonb" },
      a2a_message_id: { type: "text" },
      status: { type: "varchar(50)", default: "'pending'" },
      ...timestamps,
    },
    indexes: [["session_id"]],
    touchUpdatedAt: true,
  },
];

export const elfRegistry: Migration = {
  id: "0001-elf-registry",
  sql: [ADOPTION_HELPERS_SQL, ...ELF_TABLES.map(adoptTableSql)].join("\n"),
};
