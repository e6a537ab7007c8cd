package web

// resourceRoutes are this feature's part of the route table (see routes.go).
func (s *Server) resourceRoutes() []route { return nil }
