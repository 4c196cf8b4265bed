package knowledge

import "fmt"

// FileError is a problem in one knowledge file. Admins edit these files by
// hand, so the message always names the file and, when it is known, the line.
type FileError struct {
	// File is the path inside the fs.FS the file was loaded from.
	File string
	// Line is 1-based; 0 means the problem is not tied to a line.
	Line int
	Err  error
}

// Error formats the problem as "file:line: message", like a compiler.
func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

// Unwrap returns the underlying error.
func (e *FileError) Unwrap() error { return e.Err }

// fileErrorf builds a *FileError with a formatted message.
func fileErrorf(file string, line int, format string, args ...any) *FileError {
	return &FileError{File: file, Line: line, Err: fmt.Errorf(format, args...)}
}
