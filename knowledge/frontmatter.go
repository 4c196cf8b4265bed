package knowledge

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// frontMatter is the YAML header of a guide file.
type frontMatter struct {
	Title   string `yaml:"title"`
	Source  string `yaml:"source"`
	Author  string `yaml:"author"`
	Updated string `yaml:"updated"`
	// FAQSection names the heading whose subheadings are FAQ entries.
	FAQSection string `yaml:"faq_section"`
	// Kind "faq" makes every passage of the file a FAQ entry (an admin's
	// FAQ file); empty or "guide" leaves them guide sections.
	Kind Kind `yaml:"kind"`
}

const fence = "---"

// splitFrontMatter separates the YAML header from the Markdown body. It
// returns the YAML, the body and the number of lines before the body, so
// that line numbers in the body can be reported as file lines. A file
// without a leading "---" line has no front matter.
func splitFrontMatter(file string, src []byte) (yml, body []byte, bodyLine int, err error) {
	// The YAML and the body are slices of src: a guide of thousands of
	// sections is not copied line by line.
	first, rest := cutLine(src)
	if string(bytes.TrimRight(first, " \t\n")) != fence {
		return nil, nil, 0, fileErrorf(file, 1, "missing front matter: start the file with a %q line, then at least \"title: ...\", then %q", fence, fence)
	}
	start := len(first)
	for n := 2; len(rest) > 0; n++ { // n: the line's number in the file
		at := len(src) - len(rest)
		var line []byte
		line, rest = cutLine(rest)
		if string(bytes.TrimRight(line, " \t\n")) == fence {
			return src[start:at:at], rest, n, nil
		}
	}
	return nil, nil, 0, fileErrorf(file, 1, "front matter is not closed: add a %q line after it", fence)
}

// cutLine splits b after its first newline (the line keeps it).
func cutLine(b []byte) (line, rest []byte) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i+1], b[i+1:]
	}
	return b, nil
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// yamlError turns a yaml.v3 error into a *FileError whose line is a line of
// the file rather than of the YAML fragment, which starts offset lines in.
func yamlError(file string, offset int, err error) *FileError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	line := 0
	if m := yamlLine.FindStringSubmatchIndex(msg); m != nil && m[0] == 0 {
		n, _ := strconv.Atoi(msg[m[2]:m[3]])
		line = n + offset
		msg = strings.TrimLeft(msg[m[1]:], ": ")
	}
	// Later mentions ("already defined at line 2") count YAML lines too.
	msg = yamlLine.ReplaceAllStringFunc(msg, func(s string) string {
		n, _ := strconv.Atoi(strings.TrimPrefix(s, "line "))
		return "line " + strconv.Itoa(n+offset)
	})
	return fileErrorf(file, line, "%s", yamlWords.Replace(msg))
}

// yamlWords rewords yaml.v3's messages for admins, who know no Go types.
var yamlWords = strings.NewReplacer(
	" in type knowledge.frontMatter", " (known fields: title, source, author, updated, faq_section, kind)",
	" in type knowledge.Pathway", " in pathway",
	" in type knowledge.Stage", " in stage",
	" in type knowledge.Fact", " in fact",
	"!!seq", "a list",
	"!!map", "a mapping",
	"!!str", "text",
	"!!int", "a number",
	"!!bool", "true/false",
	"!!float", "a number",
	"[][]string", "a list of lists of terms",
	"[]string", "a list of terms",
	"[]knowledge.Pathway", "a list of pathways",
	"[]knowledge.Fact", "a list of facts",
	"[]knowledge.Stage", "a list of stages",
	"knowledge.Pathway", "a pathway",
	"knowledge.Fact", "a fact",
	"knowledge.frontMatter", "front matter",
	"knowledge.Kind", "text",
)

// parseFrontMatter decodes and checks the YAML header. Unknown keys are
// errors: a misspelt "titel" should not pass silently.
func parseFrontMatter(file string, yml []byte) (frontMatter, error) {
	var fm frontMatter
	dec := yaml.NewDecoder(bytes.NewReader(yml))
	dec.KnownFields(true)
	if err := dec.Decode(&fm); err != nil {
		if errors.Is(err, io.EOF) {
			return fm, fileErrorf(file, 1, "front matter is empty: it needs at least \"title: ...\"")
		}
		return fm, yamlError(file, 1, err)
	}
	fm.Title = strings.TrimSpace(fm.Title)
	if fm.Title == "" {
		return fm, fileErrorf(file, fieldLine(yml, "title", 1), "front matter has no title")
	}
	if fm.Updated != "" {
		if _, err := time.Parse(time.DateOnly, fm.Updated); err != nil {
			return fm, fileErrorf(file, fieldLine(yml, "updated", 1), "updated %q is not a date like 2025-11-26", fm.Updated)
		}
	}
	switch fm.Kind {
	case "", KindGuide, KindFAQ:
	default:
		return fm, fileErrorf(file, fieldLine(yml, "kind", 1), "kind %q is neither %q nor %q", fm.Kind, KindGuide, KindFAQ)
	}
	return fm, nil
}

// fieldLine finds the file line of a top-level key in a YAML fragment that
// starts offset lines into the file; it returns offset when the key is
// absent, pointing at the fence.
func fieldLine(yml []byte, key string, offset int) int {
	for i, l := range strings.Split(string(yml), "\n") {
		if strings.HasPrefix(l, key+":") {
			return offset + i + 1
		}
	}
	return offset
}
