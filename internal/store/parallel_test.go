package store

import (
	"errors"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParallel(t *testing.T) {
	var sum atomic.Int64
	assert.NoError(t, parallel(100, func(i int) error { sum.Add(int64(i)); return nil }))
	assert.Equal(t, int64(4950), sum.Load(), "every call ran")

	boom := errors.New("boom")
	var ran atomic.Int64
	err := parallel(10000, func(i int) error {
		ran.Add(1)
		if i == 3 {
			return boom
		}
		return nil
	})
	assert.ErrorIs(t, err, boom, "the error of the call that failed")
	assert.Less(t, ran.Load(), int64(10000), "calls not yet started are skipped")
	assert.NoError(t, parallel(0, func(int) error { return boom }))
}
