package web

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/localdigital/localdigital/internal/model"
)

// queryLabels are the labels of the list pages' query parameters, as their forms show
// them. A refused parameter is worded with its label ("Search must be 100 characters or
// fewer"), never with the raw parameter name that open data clients see.
var queryLabels = map[string]string{
	"q":            "Search",
	"type":         "Type",
	"nation":       "Nation",
	"region":       "Region",
	"year":         "Year signed",
	"signed":       "Signed",
	"status":       "Status",
	"sort":         "Sort by",
	"page":         "Page",
	"per_page":     "Results per page",
	"principle":    "Principle",
	"service":      "Service",
	"organisation": "Organisation",
	"licence":      "Licence",
	"when":         "When",
	"audience":     "Audience",
	"format":       "Format",
}

// Messages for a refused query parameter, by model reason; %s is the field's label.
const (
	msgQueryTooLong     = "%s must be %d characters or fewer"
	msgQueryWholeNumber = "%s must be a whole number from %s to %s"
	msgQueryNotAnOption = "%s must be one of the options in the list"
)

// Labels that differ on one page from queryLabels.
var (
	registerLabels  = map[string]string{"q": "Search by name", "type": "Type of organisation"}
	eventListLabels = map[string]string{"audience": "Who it is for"}
)

// queryErrors turns a list page's refused query parameter into the error shown next to
// its field, worded with the page's label for it (labels, else queryLabels). Parameters
// with no field on the page (page, per_page) are shown next to field def. ok is false
// when err is not a model error (a server error).
func queryErrors(err error, def string, labels map[string]string) (fe *model.FieldErrors, ok bool) {
	var me *model.Error
	if !errors.As(err, &me) {
		return nil, false
	}
	label, known := labels[me.Field]
	if !known {
		label, known = queryLabels[me.Field]
	}
	msg := me.Message
	if known {
		msg = queryMessage(me, label)
	}
	fe = &model.FieldErrors{}
	fe.Add(fieldOr(me.Field, def), msg)
	return fe, true
}

func queryMessage(me *model.Error, label string) string {
	if label == "" {
		return me.Message
	}
	switch me.Reason {
	case model.ReasonTooLong:
		return fmt.Sprintf(msgQueryTooLong, label, me.Max)
	case model.ReasonWholeNumber:
		return fmt.Sprintf(msgQueryWholeNumber, label, numberText(me.Field, me.Min), numberText(me.Field, me.Max))
	case model.ReasonNotAnOption:
		return fmt.Sprintf(msgQueryNotAnOption, label)
	}
	return me.Message
}

// numberText writes a bound as the page would: years plainly, other numbers with commas.
func numberText(field string, n int) string {
	if field == "year" {
		return strconv.Itoa(n)
	}
	return comma(n)
}
