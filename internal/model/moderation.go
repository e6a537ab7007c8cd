package model

import "time"

// Report is a member's report that content (a resource, a case study) should not be on the platform,
// as the platform team's moderation page lists it.
type Report struct {
	ID        int64
	ContentID int64
	Title     string // the content's
	Hidden    bool   // the content's
	Reason    string
	CreatedAt time.Time
}

// Hidden is content the platform team has hidden, as the moderation page lists it.
type Hidden struct {
	ID       int64
	Title    string
	Reason   string
	HiddenAt time.Time
}
