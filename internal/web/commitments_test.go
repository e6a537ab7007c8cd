package web

// Commitments rows of the authorization matrix.
func (matrices) Commitments() map[string][]string {
	return map[string][]string{}
}
