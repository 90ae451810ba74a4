package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/blevesearch/bleve/v2/util"
	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/newsindex/newsindex/internal/schema"
)

// Problem is one thing wrong with the files of an index: the file (relative
// to the index directory) and what is wrong with it.
type Problem struct {
	File   string
	Reason string
}

func (p Problem) String() string { return p.File + ": " + p.Reason }

// zapFooter is the size of the fixed part of a zap segment's footer: the
// number of documents, three offsets, the chunk mode, the version and the
// CRC-32 of everything before the CRC.
const zapFooter = 8 + 8 + 8 + 4 + 4 + 4

// Verify checks the files of the index at path that Bleve's own open does
// not: that the latest snapshot in root.bolt names segment files that exist
// and end in a footer of the version the snapshot says (Bleve falls back to
// an older snapshot, silently, when one of them does not open: the articles
// since would be lost) and, with full, that root.bolt's pages are
// consistent and every segment's CRC-32 matches its bytes. The index must
// not be open for writing. An index of several shards has every shard
// checked; the files are named from the index directory (shard-1/store/…).
func Verify(path string, full bool, timeout time.Duration) ([]Problem, error) {
	n := 1
	if l, err := schema.Read(path); err == nil {
		n = l.ShardCount()
	}
	var problems []Problem
	for i := range n {
		dir := schema.ShardDir(path, i, n)
		found, err := verifyBleve(dir, full, timeout)
		if err != nil {
			return nil, err
		}
		rel, _ := filepath.Rel(path, dir)
		for _, p := range found {
			if rel != "." && rel != "" {
				p.File = filepath.ToSlash(filepath.Join(rel, p.File))
			}
			problems = append(problems, p)
		}
	}
	return problems, nil
}

// verifyBleve checks the files of one Bleve index (Verify).
func verifyBleve(path string, full bool, timeout time.Duration) ([]Problem, error) {
	boltPath := filepath.Join(path, "store", "root.bolt")
	if _, err := os.Stat(boltPath); err != nil {
		return []Problem{{File: "store/root.bolt", Reason: fileReason(err)}}, nil
	}
	db, err := bolt.Open(boltPath, 0o600, &bolt.Options{ReadOnly: true, Timeout: timeout})
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("%w: %s", ErrLocked, path)
		}
		return []Problem{{File: "store/root.bolt", Reason: "does not open: " + err.Error()}}, nil
	}
	defer db.Close()
	var problems []Problem
	var segments []segmentFile
	err = db.View(func(tx *bolt.Tx) error {
		if full {
			for err := range tx.Check() {
				problems = append(problems, Problem{File: "store/root.bolt", Reason: err.Error()})
			}
		}
		snapshots := tx.Bucket(util.BoltSnapshotsBucket)
		if snapshots == nil {
			return nil // an index no batch was written to
		}
		k, _ := snapshots.Cursor().Last()
		if k == nil {
			return nil
		}
		snap := snapshots.Bucket(k)
		if snap == nil {
			problems = append(problems, Problem{File: "store/root.bolt", Reason: "the latest snapshot has no bucket"})
			return nil
		}
		version := 0
		if meta := snap.Bucket(util.BoltMetaDataKey); meta != nil {
			if v := meta.Get(util.BoltMetaDataSegmentVersionKey); len(v) >= 4 {
				version = int(binary.BigEndian.Uint32(v))
			}
		}
		return snap.ForEach(func(name, _ []byte) error {
			if len(name) == 0 || name[0] == util.BoltInternalKey[0] || name[0] == util.BoltMetaDataKey[0] {
				return nil
			}
			seg := snap.Bucket(name)
			if seg == nil {
				problems = append(problems, Problem{File: "store/root.bolt", Reason: fmt.Sprintf("segment %x of the latest snapshot has no bucket", name)})
				return nil
			}
			p := seg.Get(util.BoltPathKey)
			if p == nil {
				problems = append(problems, Problem{File: "store/root.bolt", Reason: fmt.Sprintf("segment %x of the latest snapshot has no file name", name)})
				return nil
			}
			segments = append(segments, segmentFile{name: string(p), version: version})
			return nil
		})
	})
	if err != nil {
		problems = append(problems, Problem{File: "store/root.bolt", Reason: err.Error()})
	}
	for _, s := range segments {
		if reason := s.check(filepath.Join(path, "store"), full); reason != "" {
			problems = append(problems, Problem{File: "store/" + s.name, Reason: reason})
		}
	}
	return problems, nil
}

type segmentFile struct {
	name    string
	version int
}

// check returns what is wrong with a segment file, or "".
func (s segmentFile) check(dir string, full bool) string {
	f, err := os.Open(filepath.Join(dir, s.name))
	if err != nil {
		return fileReason(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err.Error()
	}
	size := info.Size()
	if size < zapFooter {
		return fmt.Sprintf("%d bytes: too short for a segment (cut off?)", size)
	}
	tail := make([]byte, 8)
	if _, err := f.ReadAt(tail, size-8); err != nil {
		return err.Error()
	}
	if v := binary.BigEndian.Uint32(tail[:4]); s.version > 0 && int(v) != s.version {
		return fmt.Sprintf("its footer says version %d where the snapshot says %d: damaged", v, s.version)
	}
	if !full {
		return ""
	}
	h := crc32.NewIEEE()
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, size-4)); err != nil {
		return err.Error()
	}
	if want := binary.BigEndian.Uint32(tail[4:]); h.Sum32() != want {
		return fmt.Sprintf("checksum mismatch (CRC-32 %08x, the footer says %08x): its bytes changed after it was written", h.Sum32(), want)
	}
	return ""
}

func fileReason(err error) string {
	if errors.Is(err, os.ErrNotExist) {
		return "missing"
	}
	return err.Error()
}
