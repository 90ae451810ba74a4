package schema

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/klauspost/compress/zstd"
)

// DictFile is the file of an index's dictionary, beside [LayoutFile]:
// articles that an index of version 11 or later stores are compressed with
// it once it exists (zstd frames that name it by its ID), and those stored
// before it with DEFLATE. It never changes once written: what it
// compressed needs it to be read. The layout records its ID (Layout.Dict);
// a file the layout does not name (a crash between the two writes) was
// never used, and is replaced by the next dictionary made.
const DictFile = "stored.dict"

// DictBytes is the size of a dictionary: the last DictBytes of the JSON of
// articles sampled from those of the index when it first holds enough. On the KCNA archive a
// dictionary of 64 KiB from 300 articles takes the stored article from
// 52% of its JSON (DEFLATE) to 40% (zstd, fastest, with it); 32 KiB gave
// 42%, 112 KiB 39.5%; a trained dictionary (zdict) no better than the raw
// text and 0.25 to 3 seconds to build.
const DictBytes = 64 << 10

// DictMinArticles is the fewest current articles a dictionary is made of:
// fewer say too little about the archive. Until the index, with a write,
// holds as many, articles are stored with DEFLATE.
const DictMinArticles = 200

// Packing is how this version stores an article, for the golden file of
// the format.
const Packing = "JSON of schema.Article; zstd (fastest, 256 KiB window) with the raw-content dictionary of " + DictFile +
	" (its ID, in the layout's stored_dictionary and in each frame, is 32768 + the first 4 bytes of its SHA-256, big-endian, modulo 2^31-32768), or DEFLATE (level 1) when the index has no dictionary"

// Locations is what the text fields keep of each term, for the golden
// file of the format: positions for phrases, no byte offsets (0, cheaper
// in a segment); highlighting finds the offsets in the stored text.
const Locations = "title and body: term vectors with positions; byte offsets 0 (highlight.Offsets analyses the stored text for them)"

// Dict is an index's dictionary of stored articles. It is safe for
// concurrent use.
type Dict struct {
	id      uint32
	content []byte
	enc     *zstd.Encoder
	dec     *zstd.Decoder
}

// NewDict makes the dictionary of content (what [DictFile] holds).
func NewDict(content []byte) (*Dict, error) {
	if len(content) == 0 {
		return nil, errors.New("empty dictionary")
	}
	sum := sha256.Sum256(content)
	// IDs below 32768 and from 2^31 are zstd's reserved ones.
	id := uint32(32768 + uint64(binary.BigEndian.Uint32(sum[:4]))%(1<<31-32768))
	content = bytes.Clone(content)
	// A window of 256 KiB holds the dictionary and any article it is worth
	// compressing against it; zstd's default of 8 MiB made each encoder
	// keep 5 MiB (40 MiB on 8 cores) for the same output.
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithWindowSize(256<<10),
		zstd.WithEncoderDictRaw(id, content), zstd.WithEncoderConcurrency(min(runtime.GOMAXPROCS(0), 8)))
	if err != nil {
		return nil, err
	}
	dec, err := zstd.NewReader(nil, zstd.WithDecoderDictRaw(id, content),
		zstd.WithDecoderConcurrency(min(runtime.GOMAXPROCS(0), 8)), zstd.WithDecoderMaxMemory(1<<40))
	if err != nil {
		enc.Close()
		return nil, err
	}
	return &Dict{id: id, content: content, enc: enc, dec: dec}, nil
}

// ID is the dictionary's ID, as the zstd frames it compressed name it.
func (d *Dict) ID() uint32 { return d.id }

// Name is the ID as the layout records it.
func (d *Dict) Name() string { return fmt.Sprintf("%08x", d.id) }

// Close releases the dictionary's encoder and decoder. Nothing may use the
// dictionary during or after it (klauspost's decoder panics).
func (d *Dict) Close() {
	if d == nil {
		return
	}
	d.enc.Close()
	d.dec.Close()
}

// DictContent returns the content of a dictionary made of articles: the
// JSON of articles taken evenly across them, about [DictBytes] of it and
// cut to that from its start (a match in zstd costs less the nearer its
// end). It is nil for fewer than [DictMinArticles] articles.
func DictContent(articles []Article) ([]byte, error) {
	if len(articles) < DictMinArticles {
		return nil, nil
	}
	var sizes int
	for _, a := range articles[:DictMinArticles] {
		sizes += len(a.Title) + len(a.Body) + 100 // the JSON's names, dates and the rest
	}
	want := min(len(articles), DictBytes*DictMinArticles/max(sizes, 1)+2)
	var out []byte
	for i := range want {
		data, err := json.Marshal(articles[i*len(articles)/want])
		if err != nil {
			return nil, err
		}
		out = append(out, data...)
	}
	if len(out) > DictBytes {
		out = out[len(out)-DictBytes:]
	}
	return out, nil
}

// ReadDict reads the dictionary of the index at dir whose layout names it
// (nil when the layout names none): the file must be there and be the one
// the layout names.
func ReadDict(dir string, l Layout) (*Dict, error) {
	if l.Dict == "" {
		return nil, nil
	}
	path := filepath.Join(dir, DictFile)
	content, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s is missing: %s says the articles are stored with dictionary %s; restore the file from a copy of the index", path, LayoutFile, l.Dict)
	}
	if err != nil {
		return nil, err
	}
	d, err := NewDict(content)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if d.Name() != l.Dict {
		d.Close()
		return nil, fmt.Errorf("%s is damaged or replaced: it is dictionary %s, and %s says %s; restore the file from a copy of the index", path, d.Name(), LayoutFile, l.Dict)
	}
	return d, nil
}

// WriteDict saves a dictionary's content in the index at dir, atomically
// and synced, then the layout l naming it, before anything is compressed
// with it; it returns the layout written.
func WriteDict(dir string, l Layout, d *Dict) (Layout, error) {
	if err := WriteFileAtomic(filepath.Join(dir, DictFile), d.content); err != nil {
		return l, err
	}
	l.Dict = d.Name()
	return l, l.Write(dir)
}

// zstdMagic begins every zstd frame. A DEFLATE stream cannot begin so: its
// first byte would make a stored block whose length (0x2FB5) and the
// complement after it (0x??FD, not 0xD04A) disagree.
var zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}

// isZstd reports a value packed with a dictionary.
func isZstd(packed string) bool {
	return len(packed) >= len(zstdMagic) && packed[:len(zstdMagic)] == string(zstdMagic)
}

// compress packs JSON with the dictionary.
func (d *Dict) compress(data []byte) []byte {
	return d.enc.EncodeAll(data, make([]byte, 0, len(data)/2+64))
}

// decompress reads what compress wrote, naming the dictionary a frame
// wants when it is not this one.
func (d *Dict) decompress(packed string) ([]byte, error) {
	var h zstd.Header
	if err := h.Decode([]byte(packed[:min(len(packed), zstd.HeaderMaxSize)])); err != nil {
		return nil, err
	}
	switch {
	case d == nil:
		return nil, fmt.Errorf("compressed with dictionary %08x, and the index has no %s (its %s names none)", h.DictionaryID, DictFile, LayoutFile)
	case h.DictionaryID != d.id:
		return nil, fmt.Errorf("compressed with dictionary %08x, and the index's %s is %08x", h.DictionaryID, DictFile, d.id)
	}
	return d.dec.DecodeAll([]byte(packed), make([]byte, 0, 3*len(packed)))
}
