package model

import "time"

// Report is a member's report that content (a resource) should not be on the platform,
// as the platform team's moderation page lists it.
type Report struct {
	ID        int64
	ContentID int64
	Title     string // the content's
	Hidden    bool   // the content's
	Reason    string
	CreatedAt time.Time
}
