package store_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"wijkregie"
	"wijkregie/internal/bsnkey"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// crashChildEnv, when set, makes TestAcknowledgedWriteSurvivesKill act as the
// writer process that the parent kills: "data=DIR" or "db=URL".
const crashChildEnv = "WIJKREGIE_CRASH_CHILD"

// TestAcknowledgedWriteSurvivesKill starts a writer in a child process that
// commits teams (each with its audit record) and acknowledges each commit on
// standard output, kills it with SIGKILL in the middle of its work, and
// checks that every acknowledged write is in the store and the audit chain
// still verifies.
func TestAcknowledgedWriteSurvivesKill(t *testing.T) {
	if target := os.Getenv(crashChildEnv); target != "" {
		crashChild(target)
		return
	}
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		testKill(t, "data="+dir, store.Options{DataDir: dir})
	})
	t.Run("postgres", func(t *testing.T) {
		u := testdb.PostgresURLOrSkip(t)
		testKill(t, "db="+u, store.Options{DB: u, BSNKeys: testdb.Keys(t)})
	})
}

func testKill(t *testing.T, target string, o store.Options) {
	ctx := context.Background()
	s, err := store.Open(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	newMunicipality(t, s, "GM0001")
	s.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestAcknowledgedWriteSurvivesKill$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+target)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	const kill = 150
	acked := 0
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		n, ok := strings.CutPrefix(sc.Text(), "ack ")
		if !ok {
			continue
		}
		if acked, err = strconv.Atoi(n); err != nil {
			t.Fatal(err)
		}
		if acked == kill {
			break
		}
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no chance to flush or close
		t.Fatal(err)
	}
	cmd.Wait()
	if acked != kill {
		t.Fatalf("child acknowledged %d writes before it stopped; want %d", acked, kill)
	}

	s, err = store.Open(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	teams, err := s.R().Teams(ctx, "GM0001")
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, tm := range teams {
		have[tm.Name] = true
	}
	for i := 1; i <= acked; i++ {
		if !have[fmt.Sprintf("Team %d", i)] {
			t.Errorf("acknowledged write %d (Team %d) is lost after kill -9", i, i)
		}
	}
	brk, n, err := s.R().VerifyAudit(ctx, "GM0001", nil)
	if err != nil || brk != nil {
		t.Errorf("audit chain after kill -9: break %+v, err %v", brk, err)
	}
	if n < int64(acked) || n != int64(len(teams)) {
		t.Errorf("audit chain has %d records for %d teams, %d acknowledged; want one record per committed team", n, len(teams), acked)
	}
}

// crashChild writes until it is killed, acknowledging each commit only
// after Tx returned.
func crashChild(target string) {
	ctx := context.Background()
	var o store.Options
	if dir, ok := strings.CutPrefix(target, "data="); ok {
		o.DataDir = dir
	} else {
		// The child writes teams, no BSN: any key opens the store.
		o.DB = strings.TrimPrefix(target, "db=")
		keys, err := bsnkey.Random()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		o.BSNKeys = keys
	}
	s, err := store.Open(ctx, o)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	actor := wijkregie.SystemActor("GM0001")
	w := bufio.NewWriter(os.Stdout)
	for i := 1; ; i++ {
		err := s.Tx(ctx, func(q *store.Q) error {
			tm := &wijkregie.Team{MunicipalityID: "GM0001", Name: fmt.Sprintf("Team %d", i)}
			if err := q.CreateTeam(ctx, tm); err != nil {
				return err
			}
			return q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: "team.aanmaken", SubjectKind: "team", SubjectID: tm.ID}))
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		fmt.Fprintf(w, "ack %d\n", i)
		w.Flush()
	}
}
