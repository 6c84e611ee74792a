// A manager's proposal in one statement instead of nine. A planning manager proposes with every
// reply, so proposePlan (lib/delegation/service.ts) ran BEGIN, the session's lock, two reads, the
// version, its audit entry, a read of the plan as it then stood, COMMIT and a NOTIFY for every
// message: most of the statements a chat message cost. cc_propose_plan does the same in one
// round trip: each statement of a plpgsql function reads after the lock, as the transaction's did,
// and the NOTIFY goes out when the statement commits. An audit entry is written by one function,
// cc_record_audit, whether from here or from lib/audit/record.ts.
import "server-only";
import type { Migration } from "./index";

export const proposePlan: Migration = {
  id: "0016-propose-plan",
  sql: `
CREATE OR REPLACE FUNCTION cc_record_audit(
  p_team_id uuid, p_action text, p_description text, p_performed_by text, p_details jsonb
) RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  entry team_audit_log;
BEGIN
  -- Stamped when written, not when the transaction began: a proposal that waited for the
  -- session's lock comes after the one it waited for, in time as in fact.
  INSERT INTO team_audit_log (team_id, action, description, performed_by, details, created_at)
  VALUES (p_team_id, p_action, p_description, p_performed_by, p_details, clock_timestamp())
  RETURNING * INTO entry;
  -- Sealed as written (migration 0010): a later change or removal shows in cc_audit_tampered.
  INSERT INTO cc_audit_seals (audit_id, entry) VALUES (entry.id::text, to_jsonb(entry) - 'team_id');
END
$$;

-- Returns {"unassignable": [team, …]} when a subtask goes to a team that is not active (nothing is
-- written), else {"changed": false | true, "plan": the plan row, "team_name": …}.
CREATE OR REPLACE FUNCTION cc_propose_plan(
  p_session_id uuid, p_team_id uuid, p_user_id text, p_draft jsonb, p_origin jsonb,
  p_teams text[], p_channel text
) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  missing text[];
  plan cc_delegation_plans;
  current_draft jsonb;
  team_name text;
BEGIN
  -- Two proposals for one session (two replies, two instances) are written one after the other.
  PERFORM pg_advisory_xact_lock(hashtext('plan:' || p_session_id::text));
  SELECT array_agg(u.name ORDER BY u.ord) INTO missing
  FROM unnest(p_teams) WITH ORDINALITY AS u(name, ord)
  WHERE NOT EXISTS (
    SELECT 1 FROM teams t WHERE t.name = u.name AND coalesce(t.status, 'active') = 'active');
  IF missing IS NOT NULL THEN
    RETURN jsonb_build_object('unassignable', to_jsonb(missing));
  END IF;

  SELECT * INTO plan FROM cc_delegation_plans
  WHERE session_id = p_session_id AND status = 'proposed' FOR UPDATE;
  IF FOUND THEN
    -- ELF's session id changes after a reconnect: a repeat still records where it came from.
    IF p_origin IS NOT NULL AND plan.origin IS DISTINCT FROM p_origin THEN
      UPDATE cc_delegation_plans SET origin = p_origin WHERE id = plan.id RETURNING * INTO plan;
    END IF;
    SELECT draft INTO current_draft FROM cc_delegation_plan_versions
    WHERE plan_id = plan.id AND version = plan.current_version;
    IF current_draft = p_draft THEN
      RETURN jsonb_build_object('changed', false, 'plan', to_jsonb(plan), 'draft', current_draft,
        'team_name', (SELECT t.name FROM teams t WHERE t.id = plan.team_id));
    END IF;
    INSERT INTO cc_delegation_plan_versions (plan_id, version, draft, author, created_by)
    VALUES (plan.id, plan.current_version + 1, p_draft, 'manager', 'manager');
    UPDATE cc_delegation_plans SET current_version = plan.current_version + 1
    WHERE id = plan.id RETURNING * INTO plan;
    PERFORM cc_record_audit(p_team_id, 'delegation_revised',
      format('Manager revised plan "%s" (version %s)', p_draft->>'title', plan.current_version),
      'manager', jsonb_build_object('plan_id', plan.id, 'version', plan.current_version));
  ELSE
    INSERT INTO cc_delegation_plans (session_id, team_id, user_id, origin)
    VALUES (p_session_id, p_team_id, p_user_id, p_origin) RETURNING * INTO plan;
    INSERT INTO cc_delegation_plan_versions (plan_id, version, draft, author, created_by)
    VALUES (plan.id, plan.current_version, p_draft, 'manager', 'manager');
    PERFORM cc_record_audit(p_team_id, 'delegation_previewed',
      format('Manager proposed plan "%s" (version 1)', p_draft->>'title'),
      'manager', jsonb_build_object('plan_id', plan.id, 'version', 1, 'session_id', p_session_id));
  END IF;

  SELECT t.name INTO team_name FROM teams t WHERE t.id = plan.team_id;
  -- Open transcripts on every instance hear it once this commits (lib/events/bus.ts).
  IF team_name IS NOT NULL THEN
    PERFORM pg_notify(p_channel, json_build_object(
      'type', 'plan_changed', 'team', team_name, 'session_id', p_session_id)::text);
  END IF;
  RETURN jsonb_build_object('changed', true, 'plan', to_jsonb(plan), 'draft', p_draft,
    'team_name', team_name);
END
$$;
`,
};
