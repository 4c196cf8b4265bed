package knowledge

import (
	"io/fs"
	"testing"
	"testing/fstest"
)

func TestFingerprint(t *testing.T) {
	base := fstest.MapFS{"guides/a.md": {Data: []byte("a")}, "synonyms.yaml": {Data: []byte("- [a, b]")}}
	fp := func(layers ...fstest.MapFS) string {
		t.Helper()
		var fss []fs.FS
		for _, l := range layers {
			fss = append(fss, l)
		}
		got, err := Fingerprint(fss...)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	same := fp(base)
	tests := []struct {
		name   string
		layers []fstest.MapFS
		equal  bool
	}{
		{"same files", []fstest.MapFS{{"guides/a.md": {Data: []byte("a")}, "synonyms.yaml": {Data: []byte("- [a, b]")}}}, true},
		{"a file changed", []fstest.MapFS{{"guides/a.md": {Data: []byte("A")}, "synonyms.yaml": {Data: []byte("- [a, b]")}}}, false},
		{"a data file changed", []fstest.MapFS{{"guides/a.md": {Data: []byte("a")}, "synonyms.yaml": {Data: []byte("- [a, c]")}}}, false},
		{"a file renamed", []fstest.MapFS{{"guides/b.md": {Data: []byte("a")}, "synonyms.yaml": {Data: []byte("- [a, b]")}}}, false},
		{"a file added", []fstest.MapFS{{"guides/a.md": {Data: []byte("a")}, "guides/c.md": {}, "synonyms.yaml": {Data: []byte("- [a, b]")}}}, false},
		{"an overlay added", []fstest.MapFS{base, {}}, false},
		{"bytes moved between files", []fstest.MapFS{{"guides/a.md": {Data: []byte("a- [a, b]")}, "synonyms.yaml": {}}}, false},
	}
	for _, tt := range tests {
		if got := fp(tt.layers...) == same; got != tt.equal {
			t.Errorf("%s: same fingerprint = %v, want %v", tt.name, got, tt.equal)
		}
	}
}
