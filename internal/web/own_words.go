package web

import (
	"html/template"
	"net/http"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
)

// People's own words (a signature's commitment, a resource, a case study, an event) stay
// as they were written, in English or Welsh, whichever the page around them is in. Each
// of their forms asks "Which language is this written in?" (the partial
// "language-question", field "language"), chosen at first as the page's own language;
// the pages and lists that show the words mark them with lang where it is not the page's
// (langAttr: WCAG 3.1.2, language of parts).

// ownWordsFuncs adds the templates' functions for people's own words, in printer's
// language: languageChoices (the question's options), languageName (a language's name)
// and langAttr (see below).
func ownWordsFuncs(funcs template.FuncMap, printer *locale.Printer) {
	funcs["languageChoices"] = func() []choice { return languageChoices(printer) }
	funcs["languageName"] = func(lang string) string { return printer.Msg(model.LanguageName(model.WrittenIn(lang))) }
	funcs["langAttr"] = func(lang string) template.HTMLAttr { return langAttr(printer.Lang(), lang) }
}

// formLanguage is the language a form's question shows chosen: the one the words were
// saved in, or for words not yet written the page's language.
func formLanguage(r *http.Request, saved string) string {
	if saved == "" {
		return langOf(r)
	}
	return saved
}

// languageChoices are the question's options (and the language filter's), in pr's words.
func languageChoices(pr *locale.Printer) []choice {
	return labelChoices(pr, model.WritingLanguages, model.LanguageName)
}

// langAttr is the lang attribute of an element that holds words written in lang, on a
// page in pageLang: none when they are the same (or lang is unknown), so that a page's
// own language is said once, on <html>.
func langAttr(pageLang, lang string) template.HTMLAttr {
	if lang == "" || lang == pageLang || !model.ValidLanguage(lang) {
		return ""
	}
	return template.HTMLAttr(` lang="` + lang + `"`)
}
