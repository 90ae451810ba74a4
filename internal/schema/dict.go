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
// compressed needs it to be read.
const DictFile = "stored.dict"

// DictBytes is the size of a dictionary: the last DictBytes of the JSON of
// articles sampled from the first large write. On the KCNA archive a
// dictionary of 64 KiB from 300 articles takes the stored article from
// 52% of its JSON (DEFLATE) to 40% (zstd, fastest, with it); 32 KiB gave
// 42%, 112 KiB 39.5%; a trained dictionary (zdict) no better than the raw
// text and 0.25 to 3 seconds to build.
const DictBytes = 64 << 10

// DictMinArticles is the fewest current articles a write must hold for a
// dictionary to be made of them: fewer say too little about the archive.
// Until such a write, articles are stored with DEFLATE.
const DictMinArticles = 200

// Packing is how this version stores an article, for the golden file of
// the format.
const Packing = "JSON of schema.Article; zstd (fastest) with the raw-content dictionary of " + DictFile +
	" (the frame's dictionary ID is the first 4 bytes of its SHA-256, big-endian), or DEFLATE (level 1) when the index has no dictionary"

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
	id := binary.BigEndian.Uint32(sum[:4])
	if id == 0 { // 0 means no dictionary in a zstd frame
		id = 1
	}
	content = bytes.Clone(content)
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest),
		zstd.WithEncoderDictRaw(id, content), zstd.WithEncoderConcurrency(runtime.GOMAXPROCS(0)))
	if err != nil {
		return nil, err
	}
	dec, err := zstd.NewReader(nil, zstd.WithDecoderDictRaw(id, content),
		zstd.WithDecoderConcurrency(runtime.GOMAXPROCS(0)), zstd.WithDecoderMaxMemory(maxArticleJSON))
	if err != nil {
		enc.Close()
		return nil, err
	}
	return &Dict{id: id, content: content, enc: enc, dec: dec}, nil
}

// maxArticleJSON bounds what a stored article may decompress to: far above
// any article (Validate limits the body), far below what would exhaust
// memory if a stored value were damaged.
const maxArticleJSON = 1 << 30

// ID is the dictionary's ID, as the zstd frames it compressed name it.
func (d *Dict) ID() uint32 { return d.id }

// Close releases the dictionary's encoder and decoder.
func (d *Dict) Close() {
	if d == nil {
		return
	}
	d.enc.Close()
	d.dec.Close()
}

// DictContent returns the content of a dictionary made of articles: the
// JSON of articles taken evenly across them, the last [DictBytes] of it (a
// match in zstd costs less the nearer its end). It is nil for fewer than
// [DictMinArticles] articles.
func DictContent(articles []Article) ([]byte, error) {
	if len(articles) < DictMinArticles {
		return nil, nil
	}
	var sizes int
	for _, a := range articles[:DictMinArticles] {
		sizes += len(a.Title) + len(a.Body) + 100
	}
	// Enough articles to fill the dictionary twice over, spread evenly.
	want := min(len(articles), max(1, 2*DictBytes*DictMinArticles/max(sizes, 1)))
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

// ReadDict reads the dictionary of the index at dir: nil when it has none.
func ReadDict(dir string) (*Dict, error) {
	content, err := os.ReadFile(filepath.Join(dir, DictFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	d, err := NewDict(content)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", DictFile, err)
	}
	return d, nil
}

// WriteDict saves a dictionary's content in the index at dir, atomically
// and synced, before anything is compressed with it.
func WriteDict(dir string, d *Dict) error {
	return WriteFileAtomic(filepath.Join(dir, DictFile), d.content)
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
		return nil, fmt.Errorf("compressed with dictionary %08x, and the index has no %s", h.DictionaryID, DictFile)
	case h.DictionaryID != d.id:
		return nil, fmt.Errorf("compressed with dictionary %08x, and the index's %s is %08x (replaced or damaged)", h.DictionaryID, DictFile, d.id)
	}
	return d.dec.DecodeAll([]byte(packed), make([]byte, 0, 3*len(packed)))
}
