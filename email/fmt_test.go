package email

import "fmt"

func fmtS(f string, v any) string { return fmt.Sprintf(f, v) }
