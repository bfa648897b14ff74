package store_test

import (
	"os"
	"testing"

	"wijkregie/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }
