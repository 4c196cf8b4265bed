// Package sqlstore is the database implementation of feedback.Store, for
// SQLite (one file in DATA_DIR, through the pure-Go modernc.org/sqlite
// driver, no cgo) and PostgreSQL (DATABASE_URL, through pgx's database/sql
// driver).
//
// It owns the schema: embedded migrations, one directory per dialect,
// applied in order by goose when a store is opened and recorded in
// goose_db_version; on PostgreSQL a session advisory lock makes replicas that
// start together take turns. The same SQL serves both dialects (placeholders
// are $N, which modernc's SQLite binds by number), except for how times are
// stored: INTEGER unix milliseconds in SQLite, timestamptz in PostgreSQL.
//
// Nothing in the schema can hold a user id, a username or a message id: votes
// carry only the voter hash of feedback.VoterHash.
package sqlstore
