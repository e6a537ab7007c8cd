package web

// commitmentsFeature is commitments through their year (issue 12): each published
// signature's commitment with its status and check-ins, and the organisation's quarterly
// self-assessment against the five principles.
func (s *Server) commitmentsFeature() feature {
	return feature{Name: "commitments",
		Tables: []string{"commitments", "commitment_check_ins", "self_assessments", "self_assessment_levels"},
	}
}
