import type { Migration } from "./migration.js";

// Every change that must reach the in-memory caches of the server processes (API keys and the tokens bought with
// them, models, deployments, capturing monitors) sends `NOTIFY parzen_changes, '<kind>:<id>'` from a trigger, so that
// no writer — a route, a job, a cascade from deleting a team or user — can forget to. Only the columns the caches
// read count: `last_used_at` updates stay silent. Within a transaction PostgreSQL sends a payload once.
export const migration: Migration = {
  id: 10,
  name: "change notifications for the in-memory caches",
  sql: `
      CREATE FUNCTION parzen_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          PERFORM pg_notify('parzen_changes', TG_ARGV[0] || ':' || (to_jsonb(OLD) ->> TG_ARGV[1]));
        END IF;
        IF TG_OP <> 'DELETE' THEN
          PERFORM pg_notify('parzen_changes', TG_ARGV[0] || ':' || (to_jsonb(NEW) ->> TG_ARGV[1]));
        END IF;
        RETURN NULL;
      END $$;

      CREATE TRIGGER api_keys_changed AFTER UPDATE ON api_keys FOR EACH ROW
        WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
          OR OLD.key_hash IS DISTINCT FROM NEW.key_hash OR OLD.team_id IS DISTINCT FROM NEW.team_id
          OR OLD.user_id IS DISTINCT FROM NEW.user_id)
        EXECUTE FUNCTION parzen_notify_change('key', 'id');
      CREATE TRIGGER api_keys_deleted AFTER DELETE ON api_keys FOR EACH ROW
        EXECUTE FUNCTION parzen_notify_change('key', 'id');
      CREATE TRIGGER auth_tokens_deleted AFTER DELETE ON auth_tokens FOR EACH ROW
        EXECUTE FUNCTION parzen_notify_change('key', 'api_key_id');
      CREATE TRIGGER models_changed AFTER UPDATE OR DELETE ON models FOR EACH ROW
        EXECUTE FUNCTION parzen_notify_change('model', 'id');
      CREATE TRIGGER deployments_changed AFTER UPDATE OR DELETE ON deployments FOR EACH ROW
        EXECUTE FUNCTION parzen_notify_change('deployment', 'id');
      CREATE TRIGGER monitors_changed AFTER INSERT OR UPDATE OR DELETE ON monitors FOR EACH ROW
        EXECUTE FUNCTION parzen_notify_change('monitors', 'deployment_id');
    `,
};
