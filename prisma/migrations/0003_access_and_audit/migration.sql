-- Facility isolation, patient access grants, machine clients, scoped sign-ins and the append-only audit trail.

-- The facility that owns each resource (the one whose user created it), and the patients whose compartment the
-- version belongs to (R4 Patient CompartmentDefinition). Access checks read both without parsing the JSON.
-- Rows written before this migration have no owner: only system-wide principals see them.
ALTER TABLE resource ADD COLUMN facility_id text;
ALTER TABLE resource ADD COLUMN patient_ids text[] NOT NULL DEFAULT '{}';
ALTER TABLE resource_history ADD COLUMN facility_id text;
ALTER TABLE resource_history ADD COLUMN patient_ids text[] NOT NULL DEFAULT '{}';
CREATE INDEX resource_facility ON resource (facility_id, resource_type);

-- Access to one patient's records beyond the owning facility: a referral (to a facility) or break-the-glass (to
-- one user, for a short time, with a reason).
CREATE TABLE patient_access (
  id          text        PRIMARY KEY,
  patient_id  text        NOT NULL,
  kind        text        NOT NULL CHECK (kind IN ('referral', 'break-glass')),
  facility_id text,
  user_id     text,
  reason      text        NOT NULL,
  granted_by  text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz,
  CHECK (facility_id IS NOT NULL OR user_id IS NOT NULL)
);
CREATE INDEX patient_access_patient ON patient_access (patient_id);

-- The scopes a sign-in was granted, kept with its refresh tokens so that a refresh cannot widen them.
ALTER TABLE refresh_token ADD COLUMN scope text;

-- OAuth2 client_credentials clients (other hospitals, the provincial IOC). Secrets are random and stored hashed.
CREATE TABLE api_client (
  id           text        PRIMARY KEY,
  client_id    text        NOT NULL UNIQUE,
  secret_hash  text        NOT NULL,
  display_name text        NOT NULL,
  facility_id  text,
  scope        text        NOT NULL,
  active       boolean     NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- AuditEvents, apart from the resource store so that nothing written through the FHIR API can touch them. Each
-- row's hash covers its content and the previous row's hash (a chain `npm run audit:verify` checks).
CREATE TABLE audit_event (
  seq         bigint      PRIMARY KEY,
  id          text        NOT NULL UNIQUE,
  recorded    timestamptz NOT NULL,
  facility_id text,
  agent_id    text,
  patient_ids text[]      NOT NULL DEFAULT '{}',
  content     text        NOT NULL,
  prev_hash   text        NOT NULL,
  hash        text        NOT NULL
);
CREATE INDEX audit_event_patients ON audit_event USING gin (patient_ids);
-- Every read appends a row, so each index here is paid on every read: entries arrive in time order, which a BRIN
-- index (a few bytes per range of pages, nothing per row) serves as well as a btree for time ranges; ids are
-- time-ordered too (server/audit/time-ordered-id.ts) and append at the edge of their unique index.
CREATE INDEX audit_event_recorded ON audit_event USING brin (recorded);
CREATE INDEX audit_event_agent ON audit_event (agent_id, recorded);

-- Append-only for every database role, administrators included: changing or removing an entry fails.
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
