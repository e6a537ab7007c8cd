package model

import "time"

// CaseStudyImage is an image uploaded for case studies: a PNG or JPEG kept in the file
// store and served at URL() for authors to put in their Markdown.
type CaseStudyImage struct {
	ID             int64
	StoredName     string // made by the file store; the image's address ends with it
	Name           string // what the uploader called it, cleaned; for display only
	ContentType    string
	Size           int64
	SHA256         string
	OrganisationID int64 // the uploader's organisation
	UploadedBy     int64
	UploadedAt     time.Time
}

// URL is the image's address on this site.
func (i *CaseStudyImage) URL() string { return CaseStudyImageURL(i.StoredName) }
