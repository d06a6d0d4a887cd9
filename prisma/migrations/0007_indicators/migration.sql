-- Health indicators (issue 7): what each resource contributes, written in the statement that writes its version
-- (so an edit or a deletion corrects the figures at once), and the few patient facts they are disaggregated by.
-- A report is one GROUP BY over a facility's facts of a measure and period; nothing scans history.

-- One row per event a measure counts (a visit, a diagnosis, a notifiable case), replaced with each new version.
CREATE TABLE indicator_fact (
  resource_type text NOT NULL,
  resource_id   text NOT NULL,
  facility_id   text NOT NULL,
  measure       text NOT NULL,
  -- Vietnamese calendar day of the event.
  day           date NOT NULL,
  -- The measure's own disaggregation: how the visit is paid, the ICD-10 code, the disease.
  dimension     text NOT NULL,
  patient_id    text
);
CREATE INDEX indicator_fact_period ON indicator_fact (facility_id, measure, day);
CREATE INDEX indicator_fact_resource ON indicator_fact (resource_id, resource_type);
-- Whether a patient had an earlier visit at the facility (new patients).
CREATE INDEX indicator_fact_patient ON indicator_fact (facility_id, measure, patient_id, day);

-- Sex, birth date and commune of residence of each patient as the record stands: joined at aggregation, so that a
-- corrected birth date or a move corrects every figure without rewriting facts.
CREATE TABLE indicator_patient (
  patient_id   text PRIMARY KEY,
  sex          text,
  -- A year-only birth date is stored as 1 January of that year.
  birth_date   date,
  commune_code text
);
