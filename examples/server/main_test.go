package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMountedUnderPrefix(t *testing.T) {
	mux, err := newMux(context.Background(), "../../testdata/seed.txt")
	require.NoError(t, err)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for path, want := range map[string]string{
		"/":                      "The archive of 6 articles is at /news/.",
		"/news/?q=Kursk":         "1 article matches",
		"/news/api/search?q=*":   `"total":6`,
		"/news/static/style.css": "mark {",
	} {
		resp, err := http.Get(srv.URL + path)
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Equal(t, 200, resp.StatusCode, path)
		assert.Contains(t, string(body), want, path)
	}
}
