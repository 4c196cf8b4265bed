package knowledge

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"
)

// parseGolden is, by ParseVersion, the SHA-256 of what parseDocument makes
// of testdata/parse/fixture.md (a file with front matter, CRLF line ends,
// an "asked as" comment, a table, a code block holding a heading line, a
// setext heading, lists, a quote and a FAQ section), as JSON.
var parseGolden = map[int]string{
	1: "ac114ff16038dfaeba4b727813312a83db7f66f301daea9ce17f92876df91023",
}

// TestParseGolden fails when parsing a fixed file gives anything else:
// documents kept from an earlier parse (see LoadLayeredParsed) would then
// differ from what irbot now makes of the same files. Raise ParseVersion
// and record the new sum under it.
func TestParseGolden(t *testing.T) {
	src, err := os.ReadFile("testdata/parse/fixture.md")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := parseDocument("guides/fixture.md", src)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Passages) < 5 {
		t.Fatalf("the fixture gave %d passages, want its sections", len(doc.Passages))
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	if got, want := hex.EncodeToString(sum[:]), parseGolden[ParseVersion]; got != want {
		t.Errorf("parsing the fixture gives SHA-256 %s, want %s at ParseVersion %d: parsing changed; raise ParseVersion and record the new sum under it\n%s", got, want, ParseVersion, b)
	}
}
