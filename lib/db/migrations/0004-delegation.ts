// Delegation plans (every version kept), and the tasks a confirmed plan becomes.
import "server-only";
import type { Migration } from "./index";

export const delegation: Migration = {
  id: "0004-delegation",
  sql: `
CREATE TABLE IF NOT EXISTS cc_delegation_plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  session_id uuid NOT NULL REFERENCES team_chat_sessions(id) ON DELETE CASCADE,
  team_id uuid REFERENCES teams(id) ON DELETE SET NULL,
  user_id text NOT NULL,
  status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'confirmed', 'cancelled')),
  current_version integer NOT NULL DEFAULT 1,
  confirmed_version integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS cc_delegation_plans_session_idx ON cc_delegation_plans (session_id, created_at DESC);
-- At most one plan per session is open for edits at a time.
CREATE UNIQUE INDEX IF NOT EXISTS cc_delegation_plans_open_key ON cc_delegation_plans (session_id) WHERE status = 'proposed';
CREATE OR REPLACE TRIGGER cc_delegation_plans_touch_updated_at BEFORE UPDATE ON cc_delegation_plans
  FOR EACH ROW EXECUTE FUNCTION cc_touch_updated_at();

CREATE TABLE IF NOT EXISTS cc_delegation_plan_versions (
  plan_id uuid NOT NULL REFERENCES cc_delegation_plans(id) ON DELETE CASCADE,
  version integer NOT NULL,
  draft jsonb NOT NULL,
  -- 'manager' (proposed or revised by the team's manager) or 'user' (an edit).
  author text NOT NULL CHECK (author IN ('manager', 'user')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (plan_id, version)
);

CREATE TABLE IF NOT EXISTS cc_tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- One task per plan: the unique key is what makes confirmation exactly-once.
  plan_id uuid NOT NULL UNIQUE REFERENCES cc_delegation_plans(id) ON DELETE RESTRICT,
  plan_version integer NOT NULL,
  team_id uuid REFERENCES teams(id) ON DELETE SET NULL,
  title text NOT NULL,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'dispatched', 'in_progress', 'completed', 'failed', 'cancelled')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX IF NOT EXISTS cc_tasks_status_idx ON cc_tasks (status, created_at DESC);
CREATE OR REPLACE TRIGGER cc_tasks_touch_updated_at BEFORE UPDATE ON cc_tasks
  FOR EACH ROW EXECUTE FUNCTION cc_touch_updated_at();

CREATE TABLE IF NOT EXISTS cc_subtasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  task_id uuid NOT NULL REFERENCES cc_tasks(id) ON DELETE CASCADE,
  plan_subtask_id text NOT NULL,
  position integer NOT NULL,
  team_id uuid REFERENCES teams(id) ON DELETE SET NULL,
  team_name text NOT NULL,
  title text NOT NULL,
  instructions text NOT NULL,
  depends_on text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'dispatched', 'in_progress', 'completed', 'failed', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  result text,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (task_id, plan_subtask_id)
);
CREATE OR REPLACE TRIGGER cc_subtasks_touch_updated_at BEFORE UPDATE ON cc_subtasks
  FOR EACH ROW EXECUTE FUNCTION cc_touch_updated_at();

-- The task's timeline: every status change, dispatch attempt and result.
CREATE TABLE IF NOT EXISTS cc_task_events (
  id bigserial PRIMARY KEY,
  task_id uuid NOT NULL REFERENCES cc_tasks(id) ON DELETE CASCADE,
  subtask_id uuid REFERENCES cc_subtasks(id) ON DELETE CASCADE,
  kind text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS cc_task_events_task_idx ON cc_task_events (task_id, id);
`,
};
