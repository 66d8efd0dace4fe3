-- A counter bumped by every directory write, so each replica can tell cheaply when its cache is stale.
CREATE TABLE directory_version (
  id INTEGER PRIMARY KEY,
  version BIGINT NOT NULL
);

INSERT INTO directory_version (id, version) VALUES (1, 0);
