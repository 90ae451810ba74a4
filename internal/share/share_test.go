package share

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCallAndErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := Dial(dir)
	assert.ErrorIs(t, err, ErrNoOwner, "nobody shares it")

	srv, err := Listen(dir, func(_ context.Context, method string, body json.RawMessage) (any, error) {
		switch method {
		case "echo":
			return body, nil
		case "fail":
			return nil, &Error{Kind: "query", Message: "bad", Detail: json.RawMessage(`{"pos":3}`)}
		}
		return nil, errors.New("plain failure")
	})
	require.NoError(t, err)
	c, err := Dial(dir)
	require.NoError(t, err)
	defer c.Close()
	ctx := context.Background()
	var out map[string]int
	require.NoError(t, c.Call(ctx, "echo", map[string]int{"a": 1}, &out))
	assert.Equal(t, map[string]int{"a": 1}, out)
	var e *Error
	require.True(t, errors.As(c.Call(ctx, "fail", nil, nil), &e))
	assert.Equal(t, &Error{Kind: "query", Message: "bad", Detail: json.RawMessage(`{"pos":3}`)}, e)
	require.True(t, errors.As(c.Call(ctx, "other", nil, nil), &e))
	assert.Equal(t, "internal", e.Kind)
	assert.Equal(t, "plain failure", e.Message)

	require.NoError(t, srv.Close())
	assert.ErrorContains(t, c.Call(ctx, "echo", 1, nil), "does not answer")
	_, err = Dial(dir)
	assert.ErrorIs(t, err, ErrNoOwner, "the descriptor goes with the server")
}
