package model

import (
	"errors"
	"net/url"
	"testing"
	"time"
)

// Each form that holds people's own words checks the language they say it is written
// in: en or cy is kept, none is English, anything else is an error on the field
// "language" with what was sent kept to be shown again.
func TestOwnWordsLanguage(t *testing.T) {
	validate := map[string]func(lang string) (string, *FieldErrors){
		"commitment": func(lang string) (string, *FieldErrors) {
			c := Commitment{Title: "T", Mission: "M", Impact: "I", Language: lang}
			return c.Language, c.Validate()
		},
		"resource": func(lang string) (string, *FieldErrors) {
			r := validResource()
			r.Language = lang
			fe := ValidateResource(r, false)
			return r.Language, fe
		},
		"case study": func(lang string) (string, *FieldErrors) {
			c := CaseStudy{Title: "T", Summary: "S", Problem: "P", Approach: "A", Outcomes: "O", Lessons: "L",
				Principles: []int{1}, Organisations: []OrgRef{{ID: 1}}, Language: lang}
			fe := c.Validate()
			return c.Language, fe
		},
		"event": func(lang string) (string, *FieldErrors) {
			f := EventForm{Title: "T", Description: "D", Audience: AudienceLeaders, Format: FormatInPerson, Address: "A",
				StartDay: "1", StartMonth: "7", StartYear: "2099", StartTime: "10am", EndTime: "11am", Capacity: "5",
				Language: lang}
			e, fe := f.Validate(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), nil)
			return e.Language, fe
		},
	}
	tests := []struct {
		sent, want string
		bad        bool
	}{
		{"en", "en", false},
		{"cy", "cy", false},
		{" cy ", "cy", false},
		{"", "en", false},
		{"fr", "fr", true},
		{"CY", "CY", true},
		{"<b>", "<b>", true},
	}
	for name, v := range validate {
		for _, tt := range tests {
			got, fe := v(tt.sent)
			if got != tt.want {
				t.Errorf("%s, language %q: kept %q, want %q", name, tt.sent, got, tt.want)
			}
			if tt.bad != fe.Has("language") {
				t.Errorf("%s, language %q: error on language = %v, want %v (%v)", name, tt.sent, fe.Has("language"), tt.bad, fe.Msgs)
			}
			if tt.bad && fe.Msgs["language"].Key != "own_words.language.missing" {
				t.Errorf("%s: message %v", name, fe.Msgs["language"])
			}
			if others := len(fe.Fields) - btoi(tt.bad); others != 0 {
				t.Errorf("%s, language %q: other errors %v", name, tt.sent, fe.Msgs)
			}
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// The lists of resources, case studies and events read the language filter alike: none,
// en or cy, and refuse anything else naming the parameter; Values keeps it.
func TestLanguageFilter(t *testing.T) {
	type parsed struct {
		lang   string
		values url.Values
	}
	parse := map[string]func(url.Values) (parsed, error){
		"resources": func(v url.Values) (parsed, error) {
			q, err := ParseResourceQuery(v)
			return parsed{q.Language, q.Values()}, err
		},
		"case studies": func(v url.Values) (parsed, error) {
			q, err := ParseCaseStudyQuery(v)
			return parsed{q.Language, q.Values()}, err
		},
		"events": func(v url.Values) (parsed, error) {
			q, err := ParseEventQuery(v)
			return parsed{q.Language, q.Values()}, err
		},
	}
	tests := []struct {
		sent, want string
		bad        bool
	}{
		{"", "", false},
		{"en", "en", false},
		{"cy", "cy", false},
		{"fr", "", true},
		{"cymraeg", "", true},
	}
	for name, p := range parse {
		for _, tt := range tests {
			got, err := p(url.Values{"language": {tt.sent}})
			var e *Error
			if tt.bad {
				if !errors.As(err, &e) || e.Field != "language" || e.Code != EINVALID || e.Key != "own_words.language.query" {
					t.Errorf("%s, language=%q: error %v, want one about language", name, tt.sent, err)
				}
				continue
			}
			if err != nil || got.lang != tt.want || got.values.Get("language") != tt.want {
				t.Errorf("%s, language=%q: %q, %v, %v", name, tt.sent, got.lang, got.values, err)
			}
		}
	}
}
