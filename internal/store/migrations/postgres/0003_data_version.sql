-- A counter bumped in every transaction that changes what people can see, so that every
-- instance can cache public pages and still show a change on the very next request.
CREATE TABLE data_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 1);
