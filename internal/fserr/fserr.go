// Package fserr shapes the errors of file system operations for messages
// that name the path themselves.
package fserr

import (
	"errors"
	"io/fs"
)

// Bare returns the cause of a *fs.PathError in err's chain ("no such file or
// directory", "permission denied") without the operation and the path, so
// that a message written as "PATH: CAUSE" does not name the path twice; any
// other error is returned as is.
func Bare(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
