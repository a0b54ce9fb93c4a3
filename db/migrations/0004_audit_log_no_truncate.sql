-- The row-level trigger of 0001 refuses UPDATE and DELETE on audit_log, but TRUNCATE fires no row trigger:
-- a statement-level trigger refuses it too, so the log stays append-only whatever the role may do.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
