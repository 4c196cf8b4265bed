-- The feedback record: no user id, username or message id anywhere.
-- Times are INTEGER unix milliseconds, UTC.

-- +goose Up
CREATE TABLE answers (
    id         TEXT    PRIMARY KEY,
    created_at INTEGER NOT NULL,
    guild      TEXT    NOT NULL,        -- '' for a DM
    command    TEXT    NOT NULL,        -- ask or find
    question   TEXT    NOT NULL,        -- '' for find
    key        TEXT    NOT NULL,        -- normalized words; '' for find
    confidence TEXT    NOT NULL,        -- high, low or none
    passages   TEXT    NOT NULL         -- JSON array of passage ids, best first
) STRICT;
CREATE INDEX answers_created_at ON answers (created_at);
CREATE INDEX answers_guild_created_at ON answers (guild, created_at);

CREATE TABLE votes (
    answer_id  TEXT    NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
    voter      TEXT    NOT NULL,        -- HMAC of user and answer under the day's voter key
    vote       TEXT    NOT NULL,        -- helpful or not_quite
    created_at INTEGER NOT NULL,
    UNIQUE (answer_id, voter)
) STRICT;

CREATE TABLE opens (
    answer_id  TEXT    NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
    passage_id TEXT    NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX opens_answer_id ON opens (answer_id);

CREATE TABLE voter_keys (
    day        TEXT    PRIMARY KEY,     -- YYYY-MM-DD, UTC
    key        BLOB    NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

-- +goose Down
DROP TABLE voter_keys;
DROP TABLE opens;
DROP TABLE votes;
DROP TABLE answers;
