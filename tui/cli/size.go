package cli

import (
	"fmt"
	"strconv"
	"strings"

	"cxroom/meeting"
)

// sizeValue is a flag holding a size in bytes written as 256MB, 1GB, 512K
// or 0 (stored as -1: none).
type sizeValue int64

func (v *sizeValue) String() string {
	switch {
	case *v == 0:
		return ""
	case *v < 0:
		return "0"
	}
	return strconv.FormatInt(int64(*v), 10)
}

func (v *sizeValue) Type() string { return "size" }

func (v *sizeValue) Set(s string) error {
	n, err := ParseSize(s)
	if err != nil {
		return err
	}
	*v = sizeValue(n)
	return nil
}

// ParseSize reads 256MB, 1GB, 512K, 1048576 or 0; 0 comes back as -1
// ("none"), so that 0 can mean "the default" to whoever holds the value.
func ParseSize(v string) (int64, error) {
	s := strings.ToUpper(strings.TrimSpace(v))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GB", 1 << 30}, {"G", 1 << 30}, {"MB", 1 << 20}, {"M", 1 << 20}, {"KB", 1 << 10}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > (1<<50)/mult {
		return 0, fmt.Errorf("%q is not a size; try 256MB, 1GB or 0 for none", meeting.CleanLine(v, 40))
	}
	if n == 0 {
		return -1, nil
	}
	return n * mult, nil
}
