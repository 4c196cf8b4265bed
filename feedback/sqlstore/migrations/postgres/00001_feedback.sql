-- The feedback record: no user id, username or message id anywhere.

-- +goose Up
CREATE TABLE answers (
    id         text        PRIMARY KEY,
    created_at timestamptz NOT NULL,
    guild      text        NOT NULL,    -- '' for a DM
    command    text        NOT NULL,    -- ask or find
    question   text        NOT NULL,    -- '' for find
    key        text        NOT NULL,    -- normalized words; '' for find
    confidence text        NOT NULL,    -- high, low or none
    passages   text        NOT NULL     -- JSON array of passage ids, best first
);
CREATE INDEX answers_created_at ON answers (created_at);
CREATE INDEX answers_guild_created_at ON answers (guild, created_at);

CREATE TABLE votes (
    answer_id  text        NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
    voter      text        NOT NULL,    -- HMAC of user and answer under the day's voter key
    vote       text        NOT NULL,    -- helpful or not_quite
    created_at timestamptz NOT NULL,
    UNIQUE (answer_id, voter)
);

CREATE TABLE opens (
    answer_id  text        NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
    passage_id text        NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX opens_answer_id ON opens (answer_id);

CREATE TABLE voter_keys (
    day        text        PRIMARY KEY, -- YYYY-MM-DD, UTC
    key        bytea       NOT NULL,
    created_at timestamptz NOT NULL
);

-- +goose Down
DROP TABLE voter_keys;
DROP TABLE opens;
DROP TABLE votes;
DROP TABLE answers;
