package model

import (
	"net/url"
	"strings"
)

// The languages people write their own words in (a signature's commitment, a resource,
// a case study, an event). The words stay as written; their language is kept beside
// them, so that pages can mark them (lang) and lists can be filtered by it.
const (
	LanguageEnglish = "en"
	LanguageWelsh   = "cy"
)

// WritingLanguages are the languages people may write in, in the order forms offer them.
var WritingLanguages = []string{LanguageEnglish, LanguageWelsh}

// languageNames are the languages' names, as the forms and filters show them.
var languageNames = map[string]Msg{
	LanguageEnglish: {Key: "own_words.language.en"},
	LanguageWelsh:   {Key: "own_words.language.cy"},
}

// LanguageName is a writing language's name, as a message.
func LanguageName(lang string) Msg { return labelOf(languageNames, lang) }

// ValidLanguage reports whether lang is a language people may write in.
func ValidLanguage(lang string) bool { return Contains(WritingLanguages, lang) }

// WrittenIn is the language of words whose language was not given (words written
// before it was asked, a form sent without the question): English, as the database's
// default says; otherwise lang.
func WrittenIn(lang string) string {
	if lang == "" {
		return LanguageEnglish
	}
	return lang
}

// languageField checks the language a form says its words are written in (the field
// "language"): none given is English (WrittenIn); anything but en or cy is an error next
// to the field, and the value is kept as it came, trimmed, to be shown again.
func languageField(fe *FieldErrors, lang *string) {
	*lang = WrittenIn(strings.TrimSpace(*lang))
	if !ValidLanguage(*lang) {
		fe.Add("language", "own_words.language.missing")
	}
}

// languageParam reads a list's language filter: none, en or cy.
func languageParam(v url.Values) (string, error) {
	l := strings.TrimSpace(v.Get("language"))
	if l != "" && !ValidLanguage(l) {
		return l, InvalidParam("language", ReasonNotAnOption, 0, 0, "own_words.language.query", "Options", WritingLanguages)
	}
	return l, nil
}
