package importer

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/localdigital/localdigital/internal/model"
)

// The file-level failures are model errors with code EINVALID, so the web layer maps them
// to a 422 like any other bad input, and callers can still test for them with errors.Is.
var (
	// ErrNoRows means the file was empty or held only a header.
	ErrNoRows = model.Errorf(model.EINVALID, "import.errors.no_rows")
	// ErrTooManyRows means the file has more than MaxRows rows; nothing was imported.
	ErrTooManyRows = model.Errorf(model.EINVALID, "import.errors.too_many_rows", "Max", MaxRows)
)

// RowError is one problem with one row. Line is the physical line in the file where the
// row starts (the header is line 1), so that a person can find it in a text editor.
type RowError struct {
	Line   int
	Reason string
	// Msg is the reason as a catalog message, for rows whose reason people read in
	// either language (a contracts file uploaded by a council); Reason is then its
	// English words. It is empty for the platform team's reference files.
	Msg model.Msg
}

func (e RowError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// ImportError holds every problem found in a file, in line order. A row with several
// problems appears once for each, so that the file can be fixed in one pass.
type ImportError struct {
	Rows []RowError
}

// Error lists the problems one per line, e.g. `line 12: gss_code "X123" is not a GSS code`.
func (e *ImportError) Error() string {
	lines := make([]string, len(e.Rows))
	for i, r := range e.Rows {
		lines[i] = r.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap gives the error a code from the model's vocabulary (EINVALID) and a short
// message that is safe to show, while Error keeps the detail.
func (e *ImportError) Unwrap() error {
	return model.Errorf(model.EINVALID, "import.errors.problems", "Count", len(e.Rows))
}

// eachRow reads the rows after the header, calling row with each and the line it starts
// on; a row with broken quoting is added to errs instead. More than MaxRows rows is
// ErrTooManyRows. what names the file in an error reading it.
func eachRow(cr *csv.Reader, what string, errs *[]RowError, row func(rec []string, line int)) error {
	for rows := 1; ; rows++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if rows > MaxRows {
			return ErrTooManyRows
		}
		if err != nil {
			if e, ok := parseRowError(err); ok {
				*errs = append(*errs, e)
				continue
			}
			return fmt.Errorf("importer: read %s: %w", what, err)
		}
		line, _ := cr.FieldPos(0)
		row(rec, line)
	}
}
