package discover

import "path/filepath"

func filepathToSlash(p string) string { return filepath.ToSlash(filepath.Clean(p)) }
