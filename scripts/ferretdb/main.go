// Command ferretdb-launcher runs an embedded FerretDB (MongoDB wire protocol) on a
// loopback port with the SQLite backend. The project's scripts build it once and
// start it for development, the demo and the tests.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	addr := flag.String("listen", "127.0.0.1:27017", "loopback address to listen on")
	dir := flag.String("data", "./data/ferretdb", "directory for the SQLite databases")
	parent := flag.Int("parent-pid", 0, "exit when this process is gone (no orphans if the starter is killed)")
	// WAL with synchronous=NORMAL: a commit no longer waits for an fsync (durable across a crash of the
	// process, not of the machine, which is right for the embedded development, demo and test database),
	// and writers wait up to 30 s for the single SQLite write lock instead of failing with SQLITE_BUSY
	// after 10 s when many people save at once.
	idIndex := flag.Bool("id-index", true, "index the expression FerretDB looks `_id` up by (see idindex.go)")
	params := flag.String("sqlite-params", "_pragma=busy_timeout(30000)&_pragma=journal_mode(wal)&_pragma=synchronous(normal)", "SQLite URI parameters")
	flag.Parse()

	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		log.Fatalf("bad -listen %q: %v", *addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		log.Fatalf("refusing to listen on non-loopback address %q", *addr)
	}

	abs, err := filepath.Abs(*dir)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		log.Fatal(err)
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *addr},
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/?" + *params,
	})
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if *parent > 0 {
		go func() {
			for range time.Tick(500 * time.Millisecond) {
				if os.Getppid() != *parent || syscall.Kill(*parent, 0) != nil {
					log.Printf("parent %d is gone; stopping", *parent)
					stop()
					return
				}
			}
		}()
	}

	if *idIndex {
		go keepIDIndexes(ctx, abs, time.Second)
	}

	go func() {
		// The scripts wait for this line before connecting.
		fmt.Printf("FerretDB listening: %s (SQLite at %s)\n", f.MongoDBURI(), abs)
	}()

	if err := f.Run(ctx); err != nil && ctx.Err() == nil {
		log.Fatal(err)
	}
}
