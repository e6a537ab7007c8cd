package model

import (
	"slices"
	"strconv"
	"testing"
	"time"
)

func TestCommitmentYear(t *testing.T) {
	verified := time.Date(2024, 11, 30, 15, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		now  time.Time
		want int
	}{
		{verified, 0},
		{verified.AddDate(0, 3, 0).Add(-time.Second), 0},
		{verified.AddDate(0, 3, 0), 1}, // 2 March 2025: 30 November + 3 months, as AddDate normalises
		{verified.AddDate(1, 0, 0), 4},
		{verified.AddDate(3, 0, 0), 12},
	} {
		if got := CheckInQuarter(verified, tt.now); got != tt.want {
			t.Errorf("CheckInQuarter(%s) = %d, want %d", tt.now, got, tt.want)
		}
	}
	due := CommitmentDue(verified)
	for _, tt := range []struct {
		said string
		now  time.Time
		want string
	}{
		{CommitmentAtRisk, due.Add(-time.Microsecond), CommitmentAtRisk},
		{CommitmentOnTrack, due, CommitmentOverdue},
		{CommitmentAtRisk, due.AddDate(0, 1, 0), CommitmentOverdue},
		{CommitmentDelivered, due.AddDate(0, 1, 0), CommitmentDelivered},
		{CommitmentStopped, due, CommitmentStopped},
	} {
		if got := CommitmentStatusAfter(tt.said, due, tt.now); got != tt.want {
			t.Errorf("CommitmentStatusAfter(%s at %s) = %s, want %s", tt.said, tt.now, got, tt.want)
		}
	}
	if got := PartnerNames("Camden; Southwark,\nWorthing Borough Council ;; "); !slices.Equal(got, []string{"Camden", "Southwark", "Worthing Borough Council"}) {
		t.Errorf("PartnerNames = %q", got)
	}
}

func TestCheckInFormValidate(t *testing.T) {
	now := time.Date(2027, 6, 27, 23, 30, 0, 0, time.UTC) // 28 June in London (BST)
	good := CheckInForm{Status: CommitmentAtRisk, WhatHappened: "Slipping", Evidence: "https://a.example/x\n\nhttp://b.example",
		Language: "cy", AsOfDay: "28", AsOfMonth: "6", AsOfYear: "2027"}
	c, fe := good.Validate(now)
	if fe.Any() || len(c.Evidence) != 2 || !c.AsOf.Equal(time.Date(2027, 6, 28, 0, 0, 0, 0, time.UTC)) || c.Language != "cy" {
		t.Fatalf("good form: %+v, %v", c, fe)
	}
	for _, tt := range []struct {
		name  string
		edit  func(*CheckInForm)
		field string
	}{
		{"no status", func(f *CheckInForm) { f.Status = "" }, "status"},
		{"overdue is not chosen", func(f *CheckInForm) { f.Status = CommitmentOverdue }, "status"},
		{"nothing happened", func(f *CheckInForm) { f.WhatHappened = " " }, "what_happened"},
		{"javascript link", func(f *CheckInForm) { f.Evidence = "javascript:alert(1)" }, "evidence"},
		{"ftp link", func(f *CheckInForm) { f.Evidence = "https://ok.example\nftp://files.example/x" }, "evidence"},
		{"too many links", func(f *CheckInForm) {
			f.Evidence = ""
			for i := range MaxCheckInEvidence + 1 {
				f.Evidence += "https://a.example/" + strconv.Itoa(i) + "\n"
			}
		}, "evidence"},
		{"tomorrow in London", func(f *CheckInForm) { f.AsOfDay = "29" }, "as_of-day"},
		{"no date", func(f *CheckInForm) { f.AsOfDay, f.AsOfMonth, f.AsOfYear = "", "", "" }, "as_of-day"},
		{"no month", func(f *CheckInForm) { f.AsOfMonth = "" }, "as_of-month"},
		{"not a date", func(f *CheckInForm) { f.AsOfDay, f.AsOfMonth = "31", "4" }, "as_of-day"},
		{"bad language", func(f *CheckInForm) { f.Language = "fr" }, "language"},
	} {
		f := good
		tt.edit(&f)
		if _, fe := f.Validate(now); !fe.Has(tt.field) || len(fe.Fields) != 1 {
			t.Errorf("%s: errors %v, want one on %s", tt.name, fe, tt.field)
		}
	}
}

func TestSelfAssessmentFormValidate(t *testing.T) {
	now := time.Date(2027, 4, 1, 9, 0, 0, 0, time.UTC)
	good := SelfAssessmentForm{Levels: [5]string{"1", "2", "3", "4", "4"}, Evidence: [5]string{"a", "b", "c", "d", "e"},
		AsOfDay: "31", AsOfMonth: "3", AsOfYear: "2027"}
	a, fe := good.Validate(now)
	if fe.Any() || a.Year != 2027 || a.Quarter != 1 || len(a.Levels) != 5 || a.Levels[3] != (PrincipleLevel{4, 4, "d"}) {
		t.Fatalf("good form: %+v, %v", a, fe)
	}
	for _, tt := range []struct {
		name  string
		edit  func(*SelfAssessmentForm)
		field string
	}{
		{"level 0", func(f *SelfAssessmentForm) { f.Levels[0] = "0" }, "level-1"},
		{"level 5", func(f *SelfAssessmentForm) { f.Levels[2] = "5" }, "level-3"},
		{"level not a number", func(f *SelfAssessmentForm) { f.Levels[4] = "high" }, "level-5"},
		{"no level", func(f *SelfAssessmentForm) { f.Levels[1] = "" }, "level-2"},
		{"no evidence", func(f *SelfAssessmentForm) { f.Evidence[3] = "" }, "evidence-4"},
		{"future", func(f *SelfAssessmentForm) { f.AsOfDay, f.AsOfMonth = "2", "4" }, "as_of-day"},
	} {
		f := good
		tt.edit(&f)
		if _, fe := f.Validate(now); !fe.Has(tt.field) || len(fe.Fields) != 1 {
			t.Errorf("%s: errors %v, want one on %s", tt.name, fe, tt.field)
		}
	}
	for p := 1; p <= 5; p++ {
		for l := MinLevel; l <= MaxLevel; l++ {
			if LevelDescriptor(p, l).Key == "" {
				t.Errorf("no descriptor for principle %d level %d", p, l)
			}
		}
	}
	if LevelDescriptor(1, 5).Key != "" || LevelDescriptor(6, 1).Key != "" {
		t.Error("a descriptor outside 1-5 and 1-4")
	}
}
