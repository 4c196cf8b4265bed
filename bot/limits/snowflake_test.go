package limits

import (
	"strconv"
	"strings"
	"testing"
)

func TestIsSnowflake(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"300000000000000001", true},
		{"175928847299117063", true},   // Discord's documented example
		{"100000000000000", true},      // 15 digits
		{"18446744073709551615", true}, // the largest uint64
		{"18446744073709551616", false},
		{"99999999999999999999", false},
		{"10000000000000", false}, // 14 digits
		{"", false},
		{"+30000000000000001", false},
		{"-30000000000000001", false},
		{"30000000000000000a", false},
		{"３00000000000000001", false}, // a full-width digit
		{" 300000000000000001", false},
		{"everyone", false},
	}
	for _, tt := range tests {
		if got := IsSnowflake(tt.in); got != tt.want {
			t.Errorf("IsSnowflake(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func FuzzIsSnowflake(f *testing.F) {
	for _, s := range []string{"300000000000000001", "", "<@123>", "18446744073709551616"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !IsSnowflake(s) {
			return
		}
		if _, err := strconv.ParseUint(s, 10, 64); err != nil || len(s) < 15 || len(s) > 20 || strings.ContainsAny(s, "+-_") {
			t.Errorf("IsSnowflake(%q) but it is not 15 to 20 digits of a uint64", s)
		}
	})
}
