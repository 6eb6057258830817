package reader

import (
	"fmt"

	"github.com/kpireport/kpireport/figures"
)

// warn makes a warning of a kind from its argument names and values, in
// order.
func warn(kind string, names []string, values ...any) figures.Warning {
	args := make(map[string]string, len(names))
	for i, n := range names {
		args[n] = fmt.Sprint(values[i])
	}
	return figures.Warning{Kind: kind, Args: args}
}
