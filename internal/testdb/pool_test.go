package testdb

import (
	"context"
	"database/sql"
	"os"
	"testing"
)

// TestPooledDatabasesAreResetOrDropped: on PostgreSQL a database a test has finished with
// is handed to the next test just as the template is (rows the migrations wrote back as
// they were, every other row gone, sequences where they were), and one whose schema a
// test changed is dropped, never handed out again.
func TestPooledDatabasesAreResetOrDropped(t *testing.T) {
	if Engine(os.Getenv) != "postgres" {
		t.Skip("the pool is PostgreSQL's: set " + EnvPostgres)
	}
	migrate := func(ctx context.Context, url string) error {
		db, err := sql.Open("pgx", url)
		if err != nil {
			return err
		}
		defer db.Close()
		_, err = db.ExecContext(ctx, `
CREATE TABLE kinds (id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name TEXT NOT NULL,
  made TIMESTAMP NOT NULL, bytes BYTEA, tags TEXT[], upper_name TEXT GENERATED ALWAYS AS (upper(name)) STORED);
CREATE TABLE things (id BIGSERIAL PRIMARY KEY, kind_id INTEGER NOT NULL REFERENCES kinds (id), note TEXT);
CREATE SEQUENCE tickets START 100;
SELECT nextval('tickets');
INSERT INTO kinds (name, made, bytes, tags) VALUES ('one', '2024-03-15 10:00:00.123456', '\x00ff', '{a,"b c"}'),
  ('it''s two', '2024-03-16 11:00:00', NULL, NULL);`)
		return err
	}
	state := func(t *testing.T, db *sql.DB) string {
		t.Helper()
		var s string
		err := db.QueryRow(`SELECT concat_ws(' | ',
  (SELECT string_agg(concat_ws(',', id, name, made, encode(bytes, 'hex'), tags, upper_name), ';' ORDER BY id) FROM kinds),
  (SELECT COUNT(*) FROM things), (SELECT last_value FROM tickets), (SELECT is_called FROM tickets),
  (SELECT last_value FROM things_id_seq), (SELECT is_called FROM things_id_seq))`).Scan(&s)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	open := func(t *testing.T) (*sql.DB, string) {
		t.Helper()
		u := Migrated(t, os.Getenv, migrate)
		db, err := sql.Open("pgx", u)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db, u
	}
	const want = `1,one,2024-03-15 10:00:00.123456,00ff,{a,"b c"},ONE;2,it's two,2024-03-16 11:00:00,IT'S TWO | 0 | 100 | t | 1 | f`
	var first string
	t.Run("a test that writes", func(t *testing.T) {
		db, u := open(t)
		first = u
		if got := state(t, db); got != want {
			t.Fatalf("a new copy holds %s, want %s", got, want)
		}
		for _, q := range []string{
			`INSERT INTO kinds (name, made) VALUES ('three', now())`,
			`UPDATE kinds SET name = 'changed' WHERE id = 1`,
			`INSERT INTO things (kind_id) VALUES (1), (3)`,
			`SELECT nextval('tickets')`,
		} {
			if _, err := db.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		// A connection the test leaves open does not stop the reset.
		left, err := db.Begin()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := left.Exec(`DELETE FROM kinds WHERE id = 2`); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("the next test", func(t *testing.T) {
		db, u := open(t)
		if u != first {
			t.Fatalf("the next test has %s, want %s again", u, first)
		}
		if got := state(t, db); got != want {
			t.Fatalf("after the reset the copy holds %s, want %s", got, want)
		}
		if _, err := db.Exec(`ALTER TABLE things DROP COLUMN note`); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("after a change of schema", func(t *testing.T) {
		db, u := open(t)
		if u == first {
			t.Fatalf("a copy whose schema a test changed was handed out again")
		}
		if got := state(t, db); got != want {
			t.Fatalf("a new copy holds %s, want %s", got, want)
		}
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM pg_database WHERE $1 LIKE '%/' || datname || '?%'`, first).Scan(&n); err != nil || n != 0 {
			t.Fatalf("the changed copy is still there (%d, %v)", n, err)
		}
	})
}
