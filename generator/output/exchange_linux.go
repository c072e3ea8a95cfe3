package output

import "golang.org/x/sys/unix"

// exchange swaps two paths atomically, so a reader of the output folder
// sees either the old build or the new one, never a missing folder.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
