package testdb

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// pooled is one copy of the migrated template on PostgreSQL that the tests of this
// process take in turn. Between tests it is reset to the template's state: every table
// emptied, the rows the migrations wrote put back, every sequence set back. A test that
// changed the schema (dropped a table to make a statement fail, say) leaves a database
// that such a reset would not bring back, so it is dropped instead: the schema's
// fingerprint is compared with the template's at each reset.
type pooled struct {
	name string
	url  string
	conn *sql.DB // one connection of our own to the database, kept open, for the resets
}

// reference is what every copy of the template holds. Copies share the template's object
// identifiers too, so one fingerprint fits them all.
type reference struct {
	reset       string // the statements that bring a used copy back to the template's state
	fingerprint string
}

var pool struct {
	sync.Mutex
	free []*pooled
	ref  *reference
}

// takePooled returns a copy that a finished test gave back, reset, or nil if there is none.
func takePooled() *pooled {
	pool.Lock()
	defer pool.Unlock()
	n := len(pool.free)
	if n == 0 {
		return nil
	}
	p := pool.free[n-1]
	pool.free = pool.free[:n-1]
	return p
}

// givePooled resets p for the next test and keeps it, or drops it if it can not be reset.
func givePooled(t testing.TB, admin string, p *pooled) {
	if err := p.resetTo(context.Background(), pool.ref); err != nil {
		t.Logf("testdb: %s is dropped, not reused: %v", p.name, err)
		p.conn.Close()
		exec(t, admin, "DROP DATABASE IF EXISTS "+p.name+" WITH (FORCE)")
		return
	}
	pool.Lock()
	defer pool.Unlock()
	pool.free = append(pool.free, p)
}

// newPooled makes a new copy of the template tmpl.
func newPooled(t testing.TB, admin, tmpl string) *pooled {
	t.Helper()
	name := fmt.Sprintf("ld_test_%d_%d", time.Now().UnixNano()%1e9, counter.Add(1))
	tu, _ := url.Parse(tmpl)
	// FILE_COPY copies the template's files: for a small database it is several times
	// quicker than the default, which writes every page through the WAL.
	stmt := "CREATE DATABASE " + name + " TEMPLATE " + strings.TrimPrefix(tu.Path, "/") + " STRATEGY FILE_COPY"
	for try := 0; ; try++ { // the template's last connection may take a moment to end
		err := execErr(admin, stmt)
		if err == nil {
			break
		}
		if try == 50 || !strings.Contains(err.Error(), "being accessed by other users") {
			t.Fatalf("testdb: %s: %v", stmt, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	pu, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("testdb: %s: %v", EnvPostgres, err)
	}
	pu.Path = "/" + name
	p := &pooled{name: name, url: pu.String()}
	if p.conn, err = sql.Open("pgx", p.url); err != nil {
		t.Fatalf("testdb: %v", err)
	}
	p.conn.SetMaxOpenConns(1)
	p.conn.SetMaxIdleConns(1)
	pool.Lock()
	defer pool.Unlock()
	if pool.ref == nil { // the first copy, still as the template is: read what it holds
		if pool.ref, err = readReference(context.Background(), p.conn); err != nil {
			t.Fatalf("testdb: read the template: %v", err)
		}
	}
	return p
}

// userTables lists the tables of the schemas that are not PostgreSQL's own.
const userTables = `SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND c.relpersistence = 'p' AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
ORDER BY 1`

// fingerprintSQL sums up the schema: the user schemas and every table, column, default,
// constraint, index, trigger, function, type and rule in them (temporary ones aside).
const fingerprintSQL = `WITH ns AS (SELECT oid FROM pg_namespace
  WHERE nspname NOT LIKE 'pg\_%' AND nspname <> 'information_schema'),
rel AS (SELECT c.* FROM pg_class c WHERE c.relpersistence <> 't'
  AND (c.relnamespace IN (SELECT oid FROM ns) OR c.oid >= 16384))
SELECT md5(string_agg(x, E'\n' ORDER BY x)) FROM (
  SELECT 'n ' || oid FROM ns
  UNION ALL SELECT concat_ws(' ', 'c', oid, relname, relkind, relnamespace, reloptions, relrowsecurity) FROM rel
  UNION ALL SELECT concat_ws(' ', 'a', a.attrelid, a.attnum, a.attname, a.atttypid, a.atttypmod, a.attnotnull,
    a.atthasdef, a.attisdropped, a.attgenerated, a.attidentity, a.attcollation)
    FROM pg_attribute a WHERE a.attnum > 0 AND a.attrelid IN (SELECT oid FROM rel)
  UNION ALL SELECT concat_ws(' ', 'd', oid, adrelid, adnum) FROM pg_attrdef WHERE adrelid IN (SELECT oid FROM rel)
  UNION ALL SELECT concat_ws(' ', 'k', oid, conname, convalidated, condeferrable) FROM pg_constraint
    WHERE connamespace IN (SELECT oid FROM ns)
  UNION ALL SELECT concat_ws(' ', 'i', indexrelid, indisvalid, indisunique) FROM pg_index WHERE indrelid IN (SELECT oid FROM rel)
  UNION ALL SELECT concat_ws(' ', 't', oid, tgenabled) FROM pg_trigger WHERE tgrelid IN (SELECT oid FROM rel)
  UNION ALL SELECT concat_ws(' ', 'p', oid, proname) FROM pg_proc WHERE pronamespace IN (SELECT oid FROM ns)
  UNION ALL SELECT concat_ws(' ', 'y', oid, typname) FROM pg_type WHERE typnamespace IN (SELECT oid FROM ns)
  UNION ALL SELECT concat_ws(' ', 'r', oid, ev_enabled) FROM pg_rewrite WHERE ev_class IN (SELECT oid FROM rel)
  UNION ALL SELECT concat_ws(' ', 'x', oid, extname) FROM pg_extension
  UNION ALL SELECT concat_ws(' ', 's', setrole, setconfig) FROM pg_db_role_setting
    WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
) f(x)`

// readReference reads a copy of the template that no test has used: its fingerprint, and
// the statements that bring it back after a test. These empty every table and put back
// the rows the migrations wrote (JSON keeps each value exactly), with the replica role,
// so that neither foreign keys nor triggers act, and set each sequence back.
func readReference(ctx context.Context, db *sql.DB) (*reference, error) {
	ref := &reference{}
	if err := db.QueryRowContext(ctx, fingerprintSQL).Scan(&ref.fingerprint); err != nil {
		return nil, err
	}
	var tables []string
	rows, err := db.QueryContext(ctx, userTables)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return nil, err
		}
		tables = append(tables, name)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	var b strings.Builder
	b.WriteString("BEGIN;\nSET LOCAL session_replication_role = replica;\n")
	for _, table := range tables {
		fmt.Fprintf(&b, "DELETE FROM %s;\n", table)
	}
	for _, table := range tables {
		// Generated columns are left for PostgreSQL to compute.
		var cols, data sql.NullString
		err := db.QueryRowContext(ctx, `SELECT (SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum)
FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''),
(SELECT json_agg(t)::text FROM `+table+` t)`, table).Scan(&cols, &data)
		if err != nil {
			return nil, err
		}
		if data.Valid {
			fmt.Fprintf(&b, "INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM json_populate_recordset(NULL::%s, %s);\n",
				table, cols.String, cols.String, table, quoteLiteral(data.String))
		}
	}
	var setvals sql.NullString
	err = db.QueryRowContext(ctx, `SELECT string_agg(format('SELECT setval(%L, %s, %L);',
  quote_ident(schemaname) || '.' || quote_ident(sequencename), COALESCE(last_value, start_value), last_value IS NOT NULL), E'\n')
FROM pg_sequences WHERE schemaname NOT LIKE 'pg\_%' AND schemaname <> 'information_schema'`).Scan(&setvals)
	if err != nil {
		return nil, err
	}
	if setvals.Valid {
		b.WriteString(setvals.String + "\n")
	}
	b.WriteString("COMMIT;")
	ref.reset = b.String()
	return ref, nil
}

// resetTo brings p back to ref after a test: it ends the connections the test left, checks
// that the schema is still the template's, and empties and refills the tables.
func (p *pooled) resetTo(ctx context.Context, ref *reference) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	for {
		var left int
		err := p.conn.QueryRowContext(ctx, `SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
WHERE datname = current_database() AND pid <> pg_backend_pid()`).Scan(&left)
		if err != nil {
			return err
		}
		if left == 0 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	var fingerprint string
	if err := p.conn.QueryRowContext(ctx, fingerprintSQL).Scan(&fingerprint); err != nil {
		return err
	}
	if fingerprint != ref.fingerprint {
		return fmt.Errorf("the test changed the schema")
	}
	_, err := p.conn.ExecContext(ctx, ref.reset)
	return err
}

func quoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
