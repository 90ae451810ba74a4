// Package share lets the one process that holds an index open for writing
// serve the other processes that open it: Bleve takes an exclusive lock for
// a writer, which also keeps readers out, so the page that is up all day and
// the scraper that adds articles every hour could not both have the index.
// The owner listens on a Unix socket beside the index; the others call it
// with JSON over HTTP. The package knows nothing of articles or queries:
// calls are a method name and a JSON body, answered by a JSON body or an
// error of a kind the caller maps back to its own.
package share

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// DescriptorFile is the file in the index directory that tells where the
// owner listens.
const DescriptorFile = "newsindex.share"

// descriptor is what DescriptorFile holds.
type descriptor struct {
	Socket string `json:"socket"`
	PID    int    `json:"pid"`
}

// Error is a failed call: a kind the caller maps to its own errors, the
// message, and a body with details (a query error's position, say).
type Error struct {
	Kind    string          `json:"kind"`
	Message string          `json:"message"`
	Detail  json.RawMessage `json:"detail,omitempty"`
}

func (e *Error) Error() string { return e.Message }

// Handler answers one call. An error that is an *Error travels as it is;
// any other becomes one of kind "internal".
type Handler func(ctx context.Context, method string, body json.RawMessage) (any, error)

// Server is the owner's side.
type Server struct {
	dir  string
	ln   net.Listener
	srv  *http.Server
	done chan error
}

// socketPath is where the owner of the index in dir listens: in dir when
// the path fits a socket address, else in the temporary directory under a
// name derived from dir.
func socketPath(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	p := filepath.Join(abs, "newsindex.sock")
	if len(p) < 100 {
		return p, nil
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(os.TempDir(), "newsindex-"+hex.EncodeToString(sum[:8])+".sock"), nil
}

// Listen starts serving h for the index in dir, which the caller holds
// open for writing (so that any socket left there is stale).
func Listen(dir string, h Handler) (*Server, error) {
	sock, err := socketPath(dir)
	if err != nil {
		return nil, err
	}
	_ = os.Remove(sock)
	ln, err := net.Listen("unix", sock)
	if err != nil {
		return nil, fmt.Errorf("share: listen: %w", err)
	}
	if err := os.Chmod(sock, 0o600); err != nil {
		ln.Close()
		return nil, err
	}
	data, _ := json.Marshal(descriptor{Socket: sock, PID: os.Getpid()})
	if err := os.WriteFile(filepath.Join(dir, DescriptorFile), data, 0o600); err != nil {
		ln.Close()
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /call/{method}", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return
		}
		var out any = struct{}{}
		if method := r.PathValue("method"); method != "ping" {
			out, err = h(r.Context(), method, body)
		}
		w.Header().Set("Content-Type", "application/json")
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				e = &Error{Kind: "internal", Message: err.Error()}
			}
			w.WriteHeader(http.StatusUnprocessableEntity)
			_ = json.NewEncoder(w).Encode(e)
			return
		}
		_ = json.NewEncoder(w).Encode(out)
	})
	s := &Server{dir: dir, ln: ln, srv: &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}, done: make(chan error, 1)}
	go func() { s.done <- s.srv.Serve(ln) }()
	return s, nil
}

// Close stops serving: calls under way finish first.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	<-s.done
	_ = os.Remove(filepath.Join(s.dir, DescriptorFile))
	return err
}

// Client calls the owner of an index.
type Client struct {
	hc *http.Client
}

// ErrNoOwner is returned by Dial when no process serves the index.
var ErrNoOwner = errors.New("no process shares the index")

// Dial connects to the owner of the index in dir.
func Dial(dir string) (*Client, error) {
	data, err := os.ReadFile(filepath.Join(dir, DescriptorFile))
	if err != nil {
		return nil, ErrNoOwner
	}
	var d descriptor
	if err := json.Unmarshal(data, &d); err != nil || d.Socket == "" {
		return nil, ErrNoOwner
	}
	c := &Client{hc: &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var dl net.Dialer
			return dl.DialContext(ctx, "unix", d.Socket)
		},
		MaxIdleConnsPerHost: 4,
	}}}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := c.Call(ctx, "ping", nil, nil); err != nil {
		c.Close()
		return nil, fmt.Errorf("%w (its socket does not answer: %v)", ErrNoOwner, err)
	}
	return c, nil
}

// Call calls a method of the owner with req as its JSON body and decodes
// the answer into resp (when not nil).
func (c *Client) Call(ctx context.Context, method string, req, resp any) error {
	body, err := json.Marshal(req)
	if err != nil {
		return err
	}
	r, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://newsindex/call/"+method, bytes.NewReader(body))
	if err != nil {
		return err
	}
	res, err := c.hc.Do(r)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("the process that shared the index does not answer (it may have closed it: open the index again): %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		var e Error
		if err := json.NewDecoder(res.Body).Decode(&e); err != nil {
			return fmt.Errorf("the process that shares the index answered %s", res.Status)
		}
		return &e
	}
	if resp == nil {
		_, _ = io.Copy(io.Discard, res.Body)
		return nil
	}
	return json.NewDecoder(res.Body).Decode(resp)
}

// Close releases the connections.
func (c *Client) Close() { c.hc.CloseIdleConnections() }
