package api

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

// Atom as a feed reader would parse it, namespace and all.
type feedIn struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Author  string `xml:"author>name"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Summary string `xml:"summary"`
	} `xml:"entry"`
}

func parseFeed(t *testing.T, body string) feedIn {
	t.Helper()
	var f feedIn
	if err := xml.Unmarshal([]byte(body), &f); err != nil {
		t.Fatalf("parse feed: %v\n%s", err, body)
	}
	return f
}

func TestSignatoriesAtom(t *testing.T) {
	f := newFixture(t)
	w := f.get(t, "/feeds/signatories.atom")
	checkHeaders(t, w, 200, "application/atom+xml; charset=utf-8")
	if !strings.HasPrefix(w.Body.String(), `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("no XML declaration: %.60s", w.Body)
	}
	if !strings.Contains(w.Body.String(), "Telford &amp; Wrekin Council") {
		t.Errorf("ampersand not escaped as &amp;")
	}
	feed := parseFeed(t, w.Body.String())
	self := testBase + "/feeds/signatories.atom"
	if feed.ID != self || feed.Title != "Local Digital Declaration signatories" || feed.Author == "" {
		t.Errorf("feed id, title, author = %q, %q, %q", feed.ID, feed.Title, feed.Author)
	}
	wantLinks := map[string]string{"self": self, "alternate": testBase + "/signatories"}
	if len(feed.Links) != len(wantLinks) {
		t.Errorf("links = %+v, want %v", feed.Links, wantLinks)
	}
	for _, l := range feed.Links {
		if wantLinks[l.Rel] != l.Href {
			t.Errorf("link %s = %q, want %q", l.Rel, l.Href, wantLinks[l.Rel])
		}
	}
	wantTitles := []string{
		hostileName + " signed the Local Digital Declaration",
		"Fife Council signed the Local Digital Declaration",
		"Bournemouth, Christchurch and Poole Council signed the Local Digital Declaration",
		"Telford & Wrekin Council signed the Local Digital Declaration",
		"London Borough of Hammersmith & Fulham withdrew from the Local Digital Declaration",
	}
	if len(feed.Entries) != len(wantTitles) {
		t.Fatalf("%d entries, want %d", len(feed.Entries), len(wantTitles))
	}
	for i, e := range feed.Entries {
		if e.Title != wantTitles[i] {
			t.Errorf("entry %d title = %q, want %q", i, e.Title, wantTitles[i])
		}
		if !strings.HasPrefix(e.ID, e.Link.Href+"#signature-") || !strings.HasPrefix(e.Link.Href, testBase+"/organisations/") {
			t.Errorf("entry %d id, link = %q, %q", i, e.ID, e.Link.Href)
		}
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
			t.Errorf("entry %d updated %q: %v", i, e.Updated, err)
		}
	}
	if got := feed.Entries[3].Summary; got != "Commitment: Planning & building control API" {
		t.Errorf("summary = %q", got)
	}
	if got := feed.Entries[4].Updated; got != "2021-09-30T10:30:00Z" {
		t.Errorf("withdrawn entry updated = %q, want the withdrawal time", got)
	}
	if feed.Updated != "2023-05-02T10:30:00Z" {
		t.Errorf("feed updated = %q, want the newest entry's", feed.Updated)
	}
}

func TestSignatoriesAtomFiltered(t *testing.T) {
	f := newFixture(t)
	w := f.get(t, "/feeds/signatories.atom?nation=Scotland&page=7")
	checkHeaders(t, w, 200, "application/atom+xml; charset=utf-8")
	feed := parseFeed(t, w.Body.String())
	if feed.ID != testBase+"/feeds/signatories.atom?nation=Scotland" {
		t.Errorf("id = %q, want the filtered address without paging", feed.ID)
	}
	if len(feed.Entries) != 1 || feed.Entries[0].Title != "Fife Council signed the Local Digital Declaration" {
		t.Errorf("entries = %+v, want Fife only", feed.Entries)
	}
}

func TestSignatoriesAtomEmpty(t *testing.T) {
	w := do(mux(New(openDB(t), testBase, nil)), "GET", "/feeds/signatories.atom")
	checkHeaders(t, w, 200, "application/atom+xml; charset=utf-8")
	feed := parseFeed(t, w.Body.String())
	if _, err := time.Parse(time.RFC3339, feed.Updated); err != nil || len(feed.Entries) != 0 {
		t.Errorf("empty feed: updated %q (%v), %d entries", feed.Updated, err, len(feed.Entries))
	}
}
