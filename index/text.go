package index

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// newMarkdown returns the parser that turns passage bodies into plain text.
// It knows GFM tables, which the guides use.
func newMarkdown() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.Table))
}

// plainSegments returns the readable text of a Markdown body as segments:
// one per paragraph, list item, quote paragraph or table row, with every
// piece of Markdown syntax (bullets, '>', pipes, emphasis markers, link
// targets) gone. Snippets are cut from these, and the body field indexes
// them, so a search never matches syntax.
func plainSegments(md goldmark.Markdown, body string) []string {
	src := []byte(body)
	doc := md.Parser().Parse(text.NewReader(src))
	var segs []string
	add := func(s string) {
		s = strings.Join(strings.Fields(s), " ")
		if s != "" {
			segs = append(segs, s)
		}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Paragraph, *ast.TextBlock, *ast.Heading:
			add(inlineText(n, src))
			return ast.WalkSkipChildren, nil
		case *extast.TableRow, *extast.TableHeader:
			var cells []string
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if t := strings.TrimSpace(inlineText(c, src)); t != "" {
					cells = append(cells, t)
				}
			}
			add(strings.Join(cells, " – "))
			return ast.WalkSkipChildren, nil
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			var b strings.Builder
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				b.Write(seg.Value(src))
				b.WriteByte(' ')
			}
			add(b.String())
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock, *ast.ThematicBreak:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return segs
}

// inlineText is the text of a block's inline content: emphasis and code
// markers dropped, links reduced to their text, raw HTML left out.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.URL(src))
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// sentences splits a plain segment after '.', '!' or '?' followed by a
// space, so a snippet can start at a sentence. Abbreviations may split
// early; that only makes a snippet a little shorter.
func sentences(seg string) []string {
	var out []string
	start := 0
	for i := 0; i < len(seg); {
		r, size := utf8.DecodeRuneInString(seg[i:])
		i += size
		if r != '.' && r != '!' && r != '?' {
			continue
		}
		// Closing quotes and brackets belong to the sentence they end.
		for i < len(seg) {
			q, qs := utf8.DecodeRuneInString(seg[i:])
			if q != '"' && q != '”' && q != '’' && q != ')' {
				break
			}
			i += qs
		}
		if i < len(seg) && seg[i] == ' ' {
			next, _ := utf8.DecodeRuneInString(seg[i+1:])
			if unicode.IsUpper(next) || unicode.IsDigit(next) || next == '“' || next == '"' {
				out = append(out, seg[start:i])
				start = i + 1
			}
		}
	}
	if start < len(seg) {
		out = append(out, seg[start:])
	}
	return out
}
