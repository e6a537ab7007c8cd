package web

// caseStudyRoutes are this feature's part of the route table (see routes.go).
func (s *Server) caseStudyRoutes() []route { return nil }
