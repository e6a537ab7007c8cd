package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"unicode"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect holds every difference between SQLite and PostgreSQL. Nothing outside this file
// knows which engine it is talking to: SQL texts elsewhere are written once, with $n
// placeholders, which both drivers bind by number.
type dialect struct {
	name string
	// migrations is the folder of this engine's own migrations, those written per engine
	// before migrations were written once for both (migrate.go).
	migrations string
	// idColumn, refColumn and timestampColumn are the types a migration written once for
	// both engines names {{id}} (an id column, its primary key, numbered by the database),
	// {{ref}} (a column holding such an id) and {{timestamp}} (a time, kept in UTC).
	// TEXT, INTEGER (a count), BOOLEAN (with DEFAULT FALSE or TRUE) and REFERENCES are
	// written as they are: both engines read them alike. JSON is kept in TEXT.
	idColumn, refColumn, timestampColumn string
	// fullTextIndex is what {{fullText "table"}} stands for in such a migration: the
	// index fullText searches, of the table's search_text column.
	fullTextIndex func(table string) string
	// skipLocked ends a SELECT that claims rows several instances may race for.
	skipLocked string
	// lockRow ends a SELECT of a row the transaction holds until it commits, so that
	// transactions touching it take turns (an event while its places are given out).
	lockRow string
	// skipLockedOf is skipLocked for a SELECT over a join: it claims only the rows of the
	// table with alias.
	skipLockedOf func(alias string) string
	// isUnique reports whether err is a unique constraint violation.
	isUnique func(error) bool
	// lockMigrations holds a lock for the duration of migrations across instances.
	lockMigrations func(ctx context.Context, conn *sql.Conn) (unlock func(), err error)
	// columnsSQL lists (table, column) pairs of the application's tables.
	columnsSQL string
	// columnTypesSQL lists (table, column, type) of the same columns, each type as the
	// engine names it, so that a test can check the engines' types agree.
	columnTypesSQL string
	// booleanColumnsSQL lists (table, column) pairs stored as booleans, which SQLite keeps
	// as 0 and 1; copy-data converts them.
	booleanColumnsSQL string
	// foreignKeysSQL lists (table, referenced table) pairs of the application's tables'
	// foreign keys, so that copy-data writes parents before children.
	foreignKeysSQL string
	// resetIDSQL, given a table name, moves its id generator past copied rows ("" if the
	// engine needs nothing).
	resetIDSQL func(table string) string
	// fullText returns the condition "row alias.id of table matches the search in param".
	// Convention: a searchable table has a search_text column the store fills; SQLite
	// indexes it in an FTS5 table <table>_fts (rowid = id) kept by triggers in its
	// migration, PostgreSQL in a generated tsvector column search_vector with a GIN index.
	fullText func(alias, table, param string) string
	// fullTextQuery turns what a person typed into the engine's search syntax.
	fullTextQuery func(q string) string
	// nameSearch returns the condition "organisation alias matches the name query in
	// param": every word typed starts a word of organisations.name_search (names and
	// aliases), so "north york" finds North Yorkshire Council. SQLite keeps an FTS5 index
	// organisations_fts (rowid = id), PostgreSQL a generated search_vector with a GIN
	// index (migration 0013).
	// dense says the search matches many organisations (a good share of those the list
	// reads), so that the engine had better walk the list's order and test each row.
	nameSearch func(alias, param string, dense bool) string
	// nameSearchQuery turns the words of what a person typed (nameWords) into the
	// engine's prefix query for nameSearch.
	nameSearchQuery func(words []string) string
	// yearOf is the calendar year (UTC) of a timestamp column, as an integer.
	yearOf func(col string) string
}

var sqliteDialect = dialect{
	name:            "sqlite",
	migrations:      "migrations/sqlite",
	idColumn:        "INTEGER PRIMARY KEY", // an alias of the rowid
	refColumn:       "INTEGER",
	timestampColumn: "TIMESTAMP", // text that starts with the year (yearOf), written in UTC
	fullTextIndex: func(table string) string {
		return strings.ReplaceAll(`CREATE VIRTUAL TABLE {t}_fts USING fts5 (
    search_text, content = '{t}', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER {t}_fts_insert AFTER INSERT ON {t} BEGIN
    INSERT INTO {t}_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER {t}_fts_delete AFTER DELETE ON {t} BEGIN
    INSERT INTO {t}_fts ({t}_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER {t}_fts_update AFTER UPDATE OF search_text ON {t} BEGIN
    INSERT INTO {t}_fts ({t}_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO {t}_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;`, "{t}", table)
	},
	skipLocked:   "", // SQLite has one writer at a time: a claim in a write transaction is exclusive.
	lockRow:      "", // the write transaction holds the one write lock from BEGIN (_txlock=immediate)
	skipLockedOf: func(string) string { return "" },
	isUnique: func(err error) bool {
		var se *sqlite.Error
		if errors.As(err, &se) {
			c := se.Code()
			return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
		}
		return false
	},
	lockMigrations: func(ctx context.Context, conn *sql.Conn) (func(), error) {
		return func() {}, nil // the single write connection already serialises them
	},
	// Ordinary tables only: FTS5 virtual tables and their shadow tables are an index.
	columnsSQL: `SELECT t.name, p.name FROM pragma_table_list t JOIN pragma_table_info(t.name) p
WHERE t.schema = 'main' AND t.type = 'table' AND t.name NOT LIKE 'sqlite_%' ORDER BY t.name, p.cid`,
	columnTypesSQL: `SELECT t.name, p.name, upper(p.type) FROM pragma_table_list t JOIN pragma_table_info(t.name) p
WHERE t.schema = 'main' AND t.type = 'table' AND t.name NOT LIKE 'sqlite_%'`,
	booleanColumnsSQL: `SELECT t.name, p.name FROM pragma_table_list t JOIN pragma_table_info(t.name) p
WHERE t.schema = 'main' AND t.type = 'table' AND upper(p.type) IN ('BOOLEAN', 'BOOL')`,
	foreignKeysSQL: `SELECT t.name, f."table" FROM pragma_table_list t JOIN pragma_foreign_key_list(t.name) f
WHERE t.schema = 'main' AND t.type = 'table' AND t.name NOT LIKE 'sqlite_%'`,
	resetIDSQL: func(string) string { return "" }, // INTEGER PRIMARY KEY follows MAX(id)
	fullText: func(alias, table, param string) string {
		return alias + ".id IN (SELECT rowid FROM " + table + "_fts WHERE " + table + "_fts MATCH " + param + ")"
	},
	fullTextQuery: ftsQuery,
	// Few matches: look each up by id. Many: the unary + keeps SQLite from doing that; it
	// reads the matches into a set once and walks the list's index in order instead,
	// stopping at the end of the page.
	nameSearch: func(alias, param string, dense bool) string {
		plus := ""
		if dense {
			plus = "+"
		}
		return plus + alias + ".id IN (SELECT rowid FROM organisations_fts WHERE organisations_fts MATCH " + param + ")"
	},
	nameSearchQuery: func(words []string) string {
		parts := make([]string, len(words))
		for i, w := range words {
			parts[i] = `"` + w + `"*`
		}
		return strings.Join(parts, " ")
	},
	// Times are written in UTC as text that starts with the year.
	yearOf: func(col string) string { return "CAST(substr(" + col + ", 1, 4) AS INTEGER)" },
}

// migrationLockKey is the PostgreSQL advisory lock that serialises migrations across
// instances starting at once ("ldmigrat" as a number).
const migrationLockKey = 0x6c646d6967726174

var postgresDialect = dialect{
	name:            "postgres",
	migrations:      "migrations/postgres",
	idColumn:        "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
	refColumn:       "BIGINT",
	timestampColumn: "TIMESTAMPTZ",
	fullTextIndex: func(table string) string {
		return "ALTER TABLE " + table + " ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('english', search_text)) STORED;\n" +
			"CREATE INDEX " + table + "_search ON " + table + " USING GIN (search_vector);"
	},
	skipLocked:   " FOR UPDATE SKIP LOCKED",
	lockRow:      " FOR UPDATE",
	skipLockedOf: func(alias string) string { return " FOR UPDATE OF " + alias + " SKIP LOCKED" },
	isUnique: func(err error) bool {
		var pe *pgconn.PgError
		return errors.As(err, &pe) && pe.Code == "23505"
	},
	lockMigrations: func(ctx context.Context, conn *sql.Conn) (func(), error) {
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", int64(migrationLockKey)); err != nil {
			return nil, err
		}
		return func() {
			conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", int64(migrationLockKey))
		}, nil
	},
	// Stored columns only: generated search vectors are an index, computed from search_text.
	columnsSQL: `SELECT table_name, column_name FROM information_schema.columns
WHERE table_schema = current_schema() AND is_generated = 'NEVER' ORDER BY table_name, ordinal_position`,
	columnTypesSQL: `SELECT table_name, column_name, data_type FROM information_schema.columns
WHERE table_schema = current_schema() AND is_generated = 'NEVER'`,
	booleanColumnsSQL: `SELECT table_name, column_name FROM information_schema.columns
WHERE table_schema = current_schema() AND data_type = 'boolean'`,
	foreignKeysSQL: `SELECT c.relname, p.relname FROM pg_constraint k
JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
WHERE k.contype = 'f' AND c.relnamespace = current_schema()::regnamespace`,
	resetIDSQL: func(table string) string {
		return "SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), COALESCE((SELECT MAX(id) FROM " + table + "), 0) + 1, false)"
	},
	fullText: func(alias, table, param string) string {
		return alias + ".search_vector @@ websearch_to_tsquery('english', " + param + ")"
	},
	fullTextQuery: func(q string) string { return q },
	nameSearch: func(alias, param string, dense bool) string {
		return alias + ".search_vector @@ to_tsquery('simple', " + param + ")"
	},
	nameSearchQuery: func(words []string) string {
		parts := make([]string, len(words))
		for i, w := range words {
			parts[i] = "'" + w + "':*"
		}
		return strings.Join(parts, " & ")
	},
	yearOf: func(col string) string { return "CAST(EXTRACT(YEAR FROM " + col + ") AS INTEGER)" },
}

// ftsQuery makes FTS5 syntax from a person's words: each word quoted (so no operator
// or column filter can be typed) and matched as a prefix, all words required.
func ftsQuery(q string) string {
	var parts []string
	for _, w := range strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) {
		parts = append(parts, `"`+w+`"*`)
	}
	if len(parts) == 0 {
		return `""`
	}
	return strings.Join(parts, " ")
}

// nameWords splits what a person typed into the lower-case words that name search looks
// for: letters and digits only, so that no operator or quote reaches the engine.
func nameWords(q string) []string {
	return strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
}

// IsUnavailable reports whether err means the database cannot be reached just now (the
// server is down, restarting or refusing connections), as opposed to a fault in a query:
// the web layer answers 503 and the platform recovers when the database is back.
//
// A database whose disk is full or failing (see writeFailureKind) is unavailable too:
// writes fail until space is freed, and then work again without a restart.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	if writeFailureKind(err) != "" {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return strings.HasPrefix(pe.Code, "08") || strings.HasPrefix(pe.Code, "57P")
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	var oe *net.OpError
	return errors.As(err, &ce) || errors.As(err, &oe) || errors.As(err, &ne) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.ErrUnexpectedEOF) || pgconn.SafeToRetry(err)
}

// writeFailureKind tells a failure of the storage under the database from a fault in a
// query: WriteDiskFull for SQLite's SQLITE_FULL, PostgreSQL's disk_full (53100) or
// ENOSPC; WriteIOError for SQLite's SQLITE_IOERR family, PostgreSQL's io_error (58030)
// or EIO; "" otherwise.
func writeFailureKind(err error) string {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff { // the primary code under an extended one
		case sqlite3.SQLITE_FULL:
			return WriteDiskFull
		case sqlite3.SQLITE_IOERR:
			return WriteIOError
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "53100":
			return WriteDiskFull
		case "58030":
			return WriteIOError
		}
	}
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return WriteDiskFull
	case errors.Is(err, syscall.EIO):
		return WriteIOError
	}
	return ""
}

// sqliteDSNs returns the write and read data source names for a sqlite: URL, creating the
// database's folder. WAL lets readers go on while the one writer writes; _txlock=immediate
// takes the write lock at BEGIN so that two writers queue instead of failing.
func sqliteDSNs(url string) (write, read string, err error) {
	path := strings.TrimPrefix(strings.TrimPrefix(url, "sqlite://"), "sqlite:")
	if path == "" {
		return "", "", fmt.Errorf("store: empty SQLite path in %q", url)
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return "", "", fmt.Errorf("store: create database folder: %w", err)
		}
	}
	common := "_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
		"&_pragma=synchronous(NORMAL)&_time_format=sqlite"
	return "file:" + path + "?" + common + "&_txlock=immediate", "file:" + path + "?" + common + "&_pragma=query_only(1)", nil
}

// backupSQL returns the statement that writes a consistent copy of the database to path.
func (d dialect) backupSQL() (string, error) {
	if d.name != "sqlite" {
		return "", fmt.Errorf("store: backup of %s is done with its own tools (see README)", d.name)
	}
	return "VACUUM INTO $1", nil
}
