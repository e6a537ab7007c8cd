package web

import (
	"errors"
	"strconv"

	"github.com/localdigital/localdigital/internal/model"
)

// queryLabels are the labels of the list pages' query parameters, as their forms show
// them. A refused parameter is worded with its label ("Search must be 100 characters or
// fewer"), never with the raw parameter name that open data clients see.
var queryLabels = map[string]model.Msg{
	"q":            {Key: "lists.labels.q"},
	"type":         {Key: "lists.labels.type"},
	"nation":       {Key: "lists.labels.nation"},
	"region":       {Key: "lists.labels.region"},
	"year":         {Key: "lists.labels.year"},
	"signed":       {Key: "lists.labels.signed"},
	"status":       {Key: "lists.labels.status"},
	"sort":         {Key: "lists.labels.sort"},
	"page":         {Key: "lists.labels.page"},
	"per_page":     {Key: "lists.labels.per_page"},
	"principle":    {Key: "lists.labels.principle"},
	"service":      {Key: "lists.labels.service"},
	"organisation": {Key: "lists.labels.organisation"},
	"licence":      {Key: "lists.labels.licence"},
	"when":         {Key: "lists.labels.when"},
	"audience":     {Key: "lists.labels.audience"},
	"format":       {Key: "lists.labels.format"},
	"language":     {Key: "own_words.language.filter"},
	// commitment_status: the register's commitment filter (commitments.go).
	"commitment_status": {Key: "commitments.filter.label"},
}

// Labels that differ on one page from queryLabels.
var (
	registerLabels  = map[string]model.Msg{"q": {Key: "lists.labels.register_q"}, "type": {Key: "lists.labels.register_type"}}
	eventListLabels = map[string]model.Msg{"audience": {Key: "lists.labels.event_audience"}}
)

// queryErrors turns a list page's refused query parameter into the error shown next to
// its field, worded with the page's label for it (labels, else queryLabels). Parameters
// with no field on the page (page, per_page) are shown next to field def. ok is false
// when err is not a model error (a server error).
func queryErrors(err error, def string, labels map[string]model.Msg) (fe *model.FieldErrors, ok bool) {
	var me *model.Error
	if !errors.As(err, &me) {
		return nil, false
	}
	label, known := labels[me.Field]
	if !known {
		label, known = queryLabels[me.Field]
	}
	msg := model.Msg{Key: me.Key, Args: me.Args}
	if known {
		msg = queryMessage(me, label)
	}
	fe = &model.FieldErrors{}
	fe.AddMsg(fieldOr(me.Field, def), msg)
	return fe, true
}

// queryMessage is the message for a refused query parameter, by model reason, worded with
// the field's label.
func queryMessage(me *model.Error, label model.Msg) model.Msg {
	switch me.Reason {
	case model.ReasonTooLong:
		return model.Msg{Key: "lists.errors.too_long", Args: []any{"Label", label, "Max", me.Max}}
	case model.ReasonWholeNumber:
		return model.Msg{Key: "lists.errors.whole_number",
			Args: []any{"Label", label, "Min", numberText(me.Field, me.Min), "Max", numberText(me.Field, me.Max)}}
	case model.ReasonNotAnOption:
		return model.Msg{Key: "lists.errors.not_an_option", Args: []any{"Label", label}}
	}
	return model.Msg{Key: me.Key, Args: me.Args}
}

// numberText writes a bound as the page would: years plainly, other numbers with commas.
func numberText(field string, n int) string {
	if field == "year" {
		return strconv.Itoa(n)
	}
	return comma(n)
}
