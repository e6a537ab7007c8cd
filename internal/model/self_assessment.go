package model

import (
	"strconv"
	"strings"
	"time"
)

// Self-assessment levels: each principle is assessed from 1 to 4, each level with a
// plain-English descriptor (LevelDescriptor).
const (
	MinLevel = 1
	MaxLevel = 4
)

// MaxSelfAssessmentEvidence limits the sentence of evidence given for each principle.
const MaxSelfAssessmentEvidence = 500

// SelfAssessment is an organisation's assessment of itself against the five principles,
// for the calendar quarter of its as-of date. Only the latest of a quarter counts.
type SelfAssessment struct {
	ID             int64
	OrganisationID int64
	AuthorID       int64
	Year, Quarter  int
	AsOf           time.Time
	Language       string
	CreatedAt      time.Time
	Levels         []PrincipleLevel // one per principle, in order
}

// PrincipleLevel is one principle's level and the evidence for it.
type PrincipleLevel struct {
	Principle int
	Level     int
	Evidence  string
}

// QuarterOf is the calendar year and quarter (1 to 4) of a day.
func QuarterOf(t time.Time) (year, quarter int) {
	return t.Year(), (int(t.Month())-1)/3 + 1
}

// levelDescriptors are what each level of each principle means, by principle and level.
var levelDescriptors = [5][4]Msg{
	{{Key: "self_assessment.levels.redesign_services.1"}, {Key: "self_assessment.levels.redesign_services.2"},
		{Key: "self_assessment.levels.redesign_services.3"}, {Key: "self_assessment.levels.redesign_services.4"}},
	{{Key: "self_assessment.levels.fix_plumbing.1"}, {Key: "self_assessment.levels.fix_plumbing.2"},
		{Key: "self_assessment.levels.fix_plumbing.3"}, {Key: "self_assessment.levels.fix_plumbing.4"}},
	{{Key: "self_assessment.levels.share_information.1"}, {Key: "self_assessment.levels.share_information.2"},
		{Key: "self_assessment.levels.share_information.3"}, {Key: "self_assessment.levels.share_information.4"}},
	{{Key: "self_assessment.levels.digital_leadership.1"}, {Key: "self_assessment.levels.digital_leadership.2"},
		{Key: "self_assessment.levels.digital_leadership.3"}, {Key: "self_assessment.levels.digital_leadership.4"}},
	{{Key: "self_assessment.levels.open_culture.1"}, {Key: "self_assessment.levels.open_culture.2"},
		{Key: "self_assessment.levels.open_culture.3"}, {Key: "self_assessment.levels.open_culture.4"}},
}

// LevelDescriptor is what level (1 to 4) of principle (1 to 5) means; empty otherwise.
func LevelDescriptor(principle, level int) Msg {
	if !ValidPrinciple(principle) || level < MinLevel || level > MaxLevel {
		return Msg{}
	}
	return levelDescriptors[principle-1][level-1]
}

// LevelField and EvidenceField are the form fields of principle n: level-N (radios) and
// evidence-N.
func LevelField(n int) string    { return "level-" + strconv.Itoa(n) }
func EvidenceField(n int) string { return "evidence-" + strconv.Itoa(n) }

// SelfAssessmentForm is the form as sent: for each principle (1 to 5) its level and
// evidence as typed, the language and the as-of date.
type SelfAssessmentForm struct {
	Levels                       [5]string
	Evidence                     [5]string
	Language                     string
	AsOfDay, AsOfMonth, AsOfYear string
}

// Validate checks the form at time now: every principle needs a level from 1 to 4 and a
// sentence of evidence, and the as-of date may not be in the future.
func (f SelfAssessmentForm) Validate(now time.Time) (SelfAssessment, *FieldErrors) {
	fe := &FieldErrors{}
	a := SelfAssessment{Language: f.Language}
	for i := range f.Levels {
		n := i + 1
		pl := PrincipleLevel{Principle: n, Evidence: CleanText(f.Evidence[i])}
		lv, err := strconv.Atoi(strings.TrimSpace(f.Levels[i]))
		switch {
		case strings.TrimSpace(f.Levels[i]) == "":
			fe.Add(LevelField(n), "self_assessment.level.missing", "Principle", PrincipleName(n))
		case err != nil || lv < MinLevel || lv > MaxLevel:
			fe.Add(LevelField(n), "self_assessment.level.range", "Principle", PrincipleName(n), "Min", MinLevel, "Max", MaxLevel)
		default:
			pl.Level = lv
		}
		switch {
		case pl.Evidence == "":
			fe.Add(EvidenceField(n), "self_assessment.evidence.missing", "Principle", PrincipleName(n))
		case Length(pl.Evidence) > MaxSelfAssessmentEvidence:
			fe.Add(EvidenceField(n), "self_assessment.evidence.too_long", "Principle", PrincipleName(n), "Max", MaxSelfAssessmentEvidence)
		}
		a.Levels = append(a.Levels, pl)
	}
	languageField(fe, &a.Language)
	a.AsOf = asOfField(fe, now, f.AsOfDay, f.AsOfMonth, f.AsOfYear)
	a.Year, a.Quarter = QuarterOf(a.AsOf)
	return a, fe
}

var quarterNames = [4]Msg{{Key: "self_assessment.quarter.1"}, {Key: "self_assessment.quarter.2"},
	{Key: "self_assessment.quarter.3"}, {Key: "self_assessment.quarter.4"}}

// QuarterName names a calendar quarter ("January to March 2027"), as a message.
func QuarterName(year, quarter int) Msg {
	if quarter < 1 || quarter > 4 {
		return Msg{}
	}
	return Msg{Key: quarterNames[quarter-1].Key, Args: []any{"Year", year}}
}
