package limits

import "strconv"

// IsSnowflake reports whether s has the shape of a Discord ID (a
// snowflake): 15 to 20 decimal digits that fit in 64 bits. Every real ID
// has 17 or more digits; the shortest possible, for 2015, has 15.
func IsSnowflake(s string) bool {
	if len(s) < 15 || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}
