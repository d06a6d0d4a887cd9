-- The FHIR resource store: the current version of every resource, its full history, and the first search index.

CREATE TABLE resource (
  resource_type text        NOT NULL,
  id            text        NOT NULL,
  version_id    integer     NOT NULL,
  last_updated  timestamptz NOT NULL,
  deleted       boolean     NOT NULL DEFAULT false,
  -- The resource exactly as served (meta included), so decimals keep the precision the client wrote.
  content       text,
  PRIMARY KEY (resource_type, id)
);

CREATE TABLE resource_history (
  -- A global, ever-increasing sequence gives history a stable order for keyset paging.
  seq           bigserial   PRIMARY KEY,
  resource_type text        NOT NULL,
  id            text        NOT NULL,
  version_id    integer     NOT NULL,
  last_updated  timestamptz NOT NULL,
  deleted       boolean     NOT NULL DEFAULT false,
  method        text        NOT NULL,
  content       text,
  UNIQUE (resource_type, id, version_id)
);
CREATE INDEX resource_history_type_seq ON resource_history (resource_type, seq);
CREATE INDEX resource_history_instance_seq ON resource_history (resource_type, id, seq);
CREATE INDEX resource_history_updated ON resource_history (last_updated);

-- Token index rows (system|code) extracted on write; the search engine builds on it.
CREATE TABLE search_token (
  resource_type text NOT NULL,
  resource_id   text NOT NULL,
  param         text NOT NULL,
  system        text,
  code          text
);
CREATE INDEX search_token_lookup ON search_token (resource_type, param, code, system);
CREATE INDEX search_token_owner ON search_token (resource_type, resource_id);

CREATE TABLE app_user (
  id              text        PRIMARY KEY,
  username        text        NOT NULL UNIQUE,
  password_hash   text        NOT NULL,
  display_name    text        NOT NULL,
  role            text        NOT NULL,
  facility_id     text,
  practitioner_id text,
  active          boolean     NOT NULL DEFAULT true,
  failed_logins   integer     NOT NULL DEFAULT 0,
  locked_until    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE signing_key (
  kid         text        PRIMARY KEY,
  algorithm   text        NOT NULL,
  private_pem text        NOT NULL,
  public_pem  text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  retired_at  timestamptz
);

CREATE TABLE refresh_token (
  id          text        PRIMARY KEY,
  family_id   text        NOT NULL,
  user_id     text        NOT NULL REFERENCES app_user (id),
  token_hash  text        NOT NULL UNIQUE,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  revoked_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_token_family ON refresh_token (family_id);
