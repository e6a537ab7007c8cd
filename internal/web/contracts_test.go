package web

// contractMatrix is the contract register's rows of the authorization matrix.
var contractMatrix = map[string][]string{}

func (matrices) Contracts() map[string][]string { return contractMatrix }
