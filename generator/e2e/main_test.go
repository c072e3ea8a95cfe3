package e2e

import (
	"os"
	"testing"
)

// TestMain closes the browser and removes the site that the tests share.
func TestMain(m *testing.M) {
	code := m.Run()
	Shutdown()
	os.Exit(code)
}
