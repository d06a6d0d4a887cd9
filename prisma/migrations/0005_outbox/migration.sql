-- A durable outbox for messages to other systems (the national prescription system, later the provincial IOC and
-- referrals), and the per-facility counter behind national prescription codes, which that first sender needs.

-- One row per message. It is written in the same transaction as the change that causes it, so a message exists if
-- and only if the change committed; workers in any Sen process deliver it, at least once, idempotent on the key.
CREATE TABLE outbox_message (
  id              bigserial   PRIMARY KEY,
  -- Which sender delivers it, e.g. 'national-prescription'.
  topic           text        NOT NULL,
  -- The receiver de-duplicates on this (the prescription code); enqueueing the same key twice keeps one message.
  idempotency_key text        NOT NULL UNIQUE,
  payload         text        NOT NULL,
  status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'in_flight', 'delivered', 'failed')),
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- The worker that claimed it and until when: a claim whose lease ran out (its process died) is taken over.
  locked_by       text,
  locked_until    timestamptz,
  -- The peer's answer: its receipt once delivered, its reason when it refused or the last error while retrying.
  result          text,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz
);
CREATE INDEX outbox_message_due ON outbox_message (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_message_leased ON outbox_message (locked_until) WHERE status = 'in_flight';

-- Every delivery attempt, for the status shown to the doctor and for support: when, by whom, what came back.
CREATE TABLE outbox_attempt (
  message_id  bigint      NOT NULL REFERENCES outbox_message (id),
  attempt     integer     NOT NULL,
  worker      text        NOT NULL,
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  -- delivered | retry | failed | interrupted (the worker stopped) | lease-expired (the worker vanished)
  outcome     text,
  http_status integer,
  detail      text,
  PRIMARY KEY (message_id, attempt)
);

-- Next counter per facility for national prescription codes (facility code + 7 characters from the counter):
-- incremented under the row lock, so concurrent signings in any process never share a code.
CREATE TABLE prescription_code_counter (
  facility_code text   PRIMARY KEY,
  next_counter  bigint NOT NULL
);
