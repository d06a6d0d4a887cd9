-- The registration desk's visit queue: one counter per room and day (the next queue number is taken by an upsert in
-- the transaction that writes the Encounter, so concurrent clerks never share a number and a failed registration
-- leaves no gap), and one row per queued visit, the room's working list (the Encounter stays the record).

CREATE TABLE visit_queue_counter (
  location_id text    NOT NULL,
  queue_day   date    NOT NULL,
  last_number integer NOT NULL,
  PRIMARY KEY (location_id, queue_day)
);

CREATE TABLE visit_queue_entry (
  encounter_id  text        PRIMARY KEY,
  facility_id   text,
  location_id   text        NOT NULL,
  queue_day     date        NOT NULL,
  number        integer     NOT NULL,
  patient_id    text        NOT NULL,
  -- 0 emergency, 1 other priority (child under 6, elderly, disabled), 2 regular: the calling order before the number.
  priority_rank integer     NOT NULL,
  registered_at timestamptz NOT NULL DEFAULT now(),
  called_at     timestamptz,
  UNIQUE (location_id, queue_day, number)
);
CREATE INDEX visit_queue_entry_facility_recent ON visit_queue_entry (facility_id, registered_at DESC);

-- Merges of duplicate patient records (by a facility administrator): which record was kept, which references were
-- moved to it, so that the merge can be undone exactly.
CREATE TABLE patient_merge (
  id                text        PRIMARY KEY,
  source_id         text        NOT NULL,
  target_id         text        NOT NULL,
  facility_id       text,
  reason            text        NOT NULL,
  -- "Type/id" of every resource whose references to the source were moved to the target.
  moved             text[]      NOT NULL,
  source_was_active boolean     NOT NULL,
  merged_by         text        NOT NULL,
  merged_at         timestamptz NOT NULL DEFAULT now(),
  undone_by         text,
  undone_at         timestamptz
);
CREATE INDEX patient_merge_facility ON patient_merge (facility_id, merged_at DESC);
