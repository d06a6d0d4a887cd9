-- The search index: one table per search parameter type, each row one value of one parameter of one current
-- resource version (deleted resources have none). Rows are replaced in the statement that writes the version.
-- `grp` ties together the components of one composite parameter value (Observation code-value-quantity…).
-- Text keys use the C collation: byte order makes a prefix a plain btree range and comparisons cheap. The lookup
-- indexes carry resource_id so that a page's candidates come from the index alone (search-sql's driving filter).
-- The owner indexes (resource_id, resource_type, param) serve a row's own values — sort keys, per-candidate
-- filter probes, replacing a resource's rows — and must out-rank the lookup indexes for those even on a table
-- never analysed (on (resource_id) alone the planner may scan a parameter's every row per resource).
-- After upgrading a database that has resources, run `npm run reindex` to build their rows.

DROP TABLE search_token;

CREATE TABLE search_string (
  resource_type text     NOT NULL,
  resource_id   text     NOT NULL,
  param         text     NOT NULL,
  grp           smallint,
  -- The value as written (for :exact), and lower-cased without Vietnamese diacritics (đ → d) for the default
  -- prefix match and :contains.
  value         text     NOT NULL,
  folded        text     COLLATE "C" NOT NULL
);
CREATE INDEX search_string_lookup ON search_string (resource_type, param, folded) INCLUDE (resource_id);
CREATE INDEX search_string_owner ON search_string (resource_id, resource_type, param);

CREATE TABLE search_token (
  resource_type text     NOT NULL,
  resource_id   text     NOT NULL,
  param         text     NOT NULL,
  grp           smallint,
  system        text     COLLATE "C",
  code          text     COLLATE "C",
  -- Folded display or text, for :text.
  text          text     COLLATE "C",
  -- An identifier's type coding, for :of-type.
  type_system   text     COLLATE "C",
  type_code     text     COLLATE "C"
);
CREATE INDEX search_token_lookup ON search_token (resource_type, param, code, system) INCLUDE (resource_id);
-- A code's frequency depends on the type and parameter (8867-4 is common in Observation.code, absent elsewhere).
CREATE STATISTICS search_token_keys (mcv) ON resource_type, param, code FROM search_token;
CREATE INDEX search_token_owner ON search_token (resource_id, resource_type, param);

-- The implicit range of the value: [low, high), open ends as -infinity/infinity.
CREATE TABLE search_date (
  resource_type text        NOT NULL,
  resource_id   text        NOT NULL,
  param         text        NOT NULL,
  grp           smallint,
  low           timestamptz NOT NULL,
  high          timestamptz NOT NULL
);
CREATE INDEX search_date_lookup ON search_date (resource_type, param, low, high) INCLUDE (resource_id);
CREATE INDEX search_date_owner ON search_date (resource_id, resource_type, param);

CREATE TABLE search_number (
  resource_type text     NOT NULL,
  resource_id   text     NOT NULL,
  param         text     NOT NULL,
  grp           smallint,
  value         numeric  NOT NULL
);
CREATE INDEX search_number_lookup ON search_number (resource_type, param, value);
CREATE INDEX search_number_owner ON search_number (resource_id, resource_type, param);

-- A Quantity is low = high; a comparator or a Range leaves one end open (null).
CREATE TABLE search_quantity (
  resource_type text     NOT NULL,
  resource_id   text     NOT NULL,
  param         text     NOT NULL,
  grp           smallint,
  low           numeric,
  high          numeric,
  system        text     COLLATE "C",
  code          text     COLLATE "C",
  unit          text     COLLATE "C"
);
CREATE INDEX search_quantity_lookup ON search_quantity (resource_type, param, low);
CREATE INDEX search_quantity_owner ON search_quantity (resource_id, resource_type, param);

CREATE TABLE search_reference (
  resource_type     text     NOT NULL,
  resource_id       text     NOT NULL,
  param             text     NOT NULL,
  grp               smallint,
  target_type       text,
  target_id         text,
  -- An absolute or canonical URL, as written.
  url               text     COLLATE "C",
  -- Reference.identifier, for :identifier.
  identifier_system text     COLLATE "C",
  identifier_value  text     COLLATE "C"
);
-- Led by the target: "what points at Patient/x" serves reference search, reverse chains, _revinclude and $everything.
CREATE INDEX search_reference_target ON search_reference (target_id, resource_type, param) INCLUDE (resource_id, target_type);
CREATE INDEX search_reference_url ON search_reference (resource_type, param, url) WHERE url IS NOT NULL;
CREATE INDEX search_reference_identifier ON search_reference (resource_type, param, identifier_value) WHERE identifier_value IS NOT NULL;
CREATE INDEX search_reference_owner ON search_reference (resource_id, resource_type, param);

CREATE TABLE search_uri (
  resource_type text     NOT NULL,
  resource_id   text     NOT NULL,
  param         text     NOT NULL,
  grp           smallint,
  value         text     COLLATE "C" NOT NULL
);
CREATE INDEX search_uri_lookup ON search_uri (resource_type, param, value);
CREATE INDEX search_uri_owner ON search_uri (resource_id, resource_type, param);

-- People's name parameters (fhir/search/parameters/name-prefixes.ts): per resource and parameter, every prefix of
-- every folded value as `param:prefix`, so that several words are one GIN lookup (an intersection of posting lists).
CREATE TABLE search_prefix (
  resource_type text   NOT NULL,
  resource_id   text   NOT NULL,
  param         text   NOT NULL,
  keys          text[] NOT NULL
);
CREATE INDEX search_prefix_lookup ON search_prefix USING gin (keys);
CREATE INDEX search_prefix_owner ON search_prefix (resource_id, resource_type, param);

-- _lastUpdated filters and sorts read the resource row itself.
CREATE INDEX resource_type_updated ON resource (resource_type, last_updated);
