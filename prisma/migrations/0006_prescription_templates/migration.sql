-- A doctor's own shortcuts in the prescription editor: named prescription templates ("Viêm họng người lớn") and
-- starred drugs with the dosage to start from. Both belong to the user account (app_user.id) that made them; no one
-- else reads them. The drugs are the facility's catalogue Medications, checked again whenever a template is applied.

CREATE TABLE prescription_template (
  id         text        PRIMARY KEY,
  owner_id   text        NOT NULL,
  name       text        NOT NULL,
  -- The name lower-cased with its spaces collapsed: "Viêm họng" and "viêm  HỌNG" are one name for the doctor.
  name_key   text        NOT NULL,
  -- JSON list of {medicationId, code, name, dosage}: the catalogue code and name say which drug it was if it leaves.
  lines      text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (owner_id, name_key)
);

CREATE TABLE favourite_drug (
  owner_id      text        NOT NULL,
  medication_id text        NOT NULL,
  -- JSON dosage choices (the dosage builder's input): saved with the star, then the last one signed.
  dosage        text,
  starred_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (owner_id, medication_id)
);
