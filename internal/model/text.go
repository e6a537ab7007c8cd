package model

import (
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// CleanText trims spaces and drops control characters other than newlines and tabs, so
// that what is stored is what a person meant to type.
func CleanText(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if r == '\r' || unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// CleanLine is CleanText for one-line fields: any run of white space becomes one space.
func CleanLine(s string) string {
	return strings.Join(strings.Fields(CleanText(s)), " ")
}

// Length counts characters as a person would, not bytes.
func Length(s string) int { return utf8.RuneCountInString(s) }

// NormaliseEmail lower-cases and trims an address, and reports whether it is a plain
// addr-spec with a dotted domain (no display names, no comments).
func NormaliseEmail(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || len(s) > 254 || strings.ContainsAny(s, " <>()\",;:\\[]") {
		return s, false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return s, false
	}
	at := strings.LastIndexByte(s, '@')
	if at < 1 {
		return s, false
	}
	domain := s[at+1:]
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") {
		return s, false
	}
	return s, true
}

// EmailDomain returns the part after the @ of a normalised address.
func EmailDomain(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return ""
	}
	return email[at+1:]
}

// Slugify turns a name into a lower-case, hyphenated URL segment. Accented letters are
// transliterated ("Ynys Môn" -> "ynys-mon"): the name is decomposed (Unicode NFD) and its
// combining marks dropped, and the few Latin letters that do not decompose (ß, æ, ø, ł,
// đ, þ, œ) are spelt out.
func Slugify(s string) string {
	return slugifyASCII(Transliterate(s))
}

// latinLetters spells out the Latin letters that Unicode does not decompose into a base
// letter and marks.
var latinLetters = strings.NewReplacer(
	"ß", "ss", "æ", "ae", "Æ", "AE", "ø", "o", "Ø", "O", "ł", "l", "Ł", "L",
	"đ", "d", "Đ", "D", "þ", "th", "Þ", "TH", "œ", "oe", "Œ", "OE", "ı", "i",
)

// Transliterate drops the accents of Latin letters: "Môn" -> "Mon", "Caerffili" stays.
func Transliterate(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	return latinLetters.Replace(b.String())
}

// slugifyASCII is the slug of s keeping ASCII letters and digits only: anything else,
// an accented letter included, separates words. Slugify transliterates first;
// migrations use this to recognise slugs made before it did.
func slugifyASCII(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '&':
			if b.Len() > 0 && !dash {
				b.WriteByte('-')
			}
			b.WriteString("and")
			dash = false
		case (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9'):
			b.WriteRune(r)
			dash = false
		case r == '\'' || r == '\u2019' || r == '.':
			// dropped: "King's Lynn" -> "kings-lynn"
		default:
			if b.Len() > 0 && !dash {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.Trim(b.String(), "-")
}

// LegacySlugify is the slug this platform made before Slugify transliterated accented
// letters ("Ynys Môn" -> "ynys-m-n"). A migration uses it to find and mend such slugs.
func LegacySlugify(s string) string { return slugifyASCII(s) }
