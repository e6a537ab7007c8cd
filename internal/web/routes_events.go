package web

// eventRoutes are this feature's part of the route table (see routes.go).
func (s *Server) eventRoutes() []route { return nil }
