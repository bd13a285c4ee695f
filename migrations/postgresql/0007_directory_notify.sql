-- Announce every new directory version when the transaction that raised it
-- commits, so that each node learns it without reading directory_state on
-- every request (see src/features/common/directory_version.hpp). A
-- transaction that rolls back announces nothing.
CREATE FUNCTION directory_state_announce() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('hearth_directory_version', NEW.version::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER directory_state_announce
    AFTER UPDATE ON directory_state
    FOR EACH ROW EXECUTE FUNCTION directory_state_announce();
