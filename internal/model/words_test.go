package model

import "github.com/localdigital/localdigital/internal/locale"

// inEnglish puts fe's messages into the English catalog's words, as the web layer does.
func inEnglish(fe *FieldErrors) *FieldErrors {
	fe.Word(func(m Msg) string { return locale.English.Msg(m) })
	return fe
}

// msgText is m in English, or "" for none.
func msgText(m *Msg) string {
	if m == nil {
		return ""
	}
	return locale.English.Msg(*m)
}
