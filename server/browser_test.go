package server_test

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// findChromium returns the path of a Chromium or Chrome binary, or "".
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestBrowser drives the page in headless Chromium as a reader would:
// search, narrow by a facet, open an article.
func TestBrowser(t *testing.T) {
	chromium := findChromium()
	if chromium == "" {
		t.Skip("skipping: no chromium on PATH (.ci/run installs Debian's chromium package)")
	}
	if testing.Short() {
		t.Skip("skipping the browser in -short mode")
	}
	srv := seedServer(t)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox, // CI runs as root
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	defer cancelTimeout()

	run := func(a chromedp.Action[string]) string {
		t.Helper()
		v, err := chromedp.Run(ctx, a)
		require.NoError(t, err)
		return strings.TrimSpace(v)
	}
	// Actions that load a page go through RunResponse, which returns once
	// the new page has loaded: reading it any earlier can hit the old page's
	// script context as it goes ("Cannot find context with specified id").
	navigate := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		_, err := chromedp.RunResponse(ctx, steps...)
		require.NoError(t, err)
	}
	navigate(chromedp.Navigate(srv.URL + "/"))
	require.NoError(t, chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), "Putin OR Russia"),
	))
	navigate(chromedp.Submit(chromedp.ID("q")))
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("p.count"))))
	assert.Equal(t, "6 articles match", run(chromedp.Text(chromedp.CSS("p.count"))))
	assert.Regexp(t, `Putin|Russia`, run(chromedp.Text(chromedp.CSS("ol.hits li:first-child p.fragment"))))
	bars, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.timeline rect').length`))
	require.NoError(t, err)
	assert.Positive(t, bars, "the timeline has bars")

	navigate(chromedp.Click(chromedp.Search(`//nav[@aria-label="Filters"]//a[normalize-space(text())="KCNA"]`)))
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("ul.active"))))
	assert.Contains(t, run(chromedp.Text(chromedp.CSS("ul.active"))), "source: KCNA")
	assert.Equal(t, "3 articles match", run(chromedp.Text(chromedp.CSS("p.count"))), "the facet narrowed the search")

	navigate(chromedp.Click(chromedp.CSS("ol.hits li:first-child h2 a")))
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("article.full h1"))))
	assert.NotEmpty(t, run(chromedp.Text(chromedp.CSS("article.full h1"))))
	assert.Equal(t, "KCNA", run(chromedp.Text(chromedp.Search(`//dt[text()="Outlet"]/following-sibling::dd[1]`))))
}
