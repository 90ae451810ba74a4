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

// startBrowser starts headless Chromium for a test, its window 1280 by
// 1000 pixels, or skips the test when there is none.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	chromium := findChromium()
	if chromium == "" {
		t.Skip("skipping: no chromium on PATH (.ci/run installs Debian's chromium package)")
	}
	if testing.Short() {
		t.Skip("skipping the browser in -short mode")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox, // CI runs as root
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancelTimeout)
	return ctx
}

// browse returns the helpers of a browser test: run reads text from the
// page, eval evaluates JavaScript, navigate performs steps that load a page.
func browse(t *testing.T, ctx context.Context) (run func(chromedp.Action[string]) string, eval func(string) float64, navigate func(...chromedp.Action[chromedp.Void])) {
	run = func(a chromedp.Action[string]) string {
		t.Helper()
		v, err := chromedp.Run(ctx, a)
		require.NoError(t, err)
		return strings.TrimSpace(v)
	}
	eval = func(js string) float64 {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](js))
		require.NoError(t, err, js)
		return v
	}
	// Actions that load a page go through RunResponse, which returns once
	// the new page has loaded: reading it any earlier can hit the old page's
	// script context as it goes ("Cannot find context with specified id").
	navigate = func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		_, err := chromedp.RunResponse(ctx, steps...)
		require.NoError(t, err)
	}
	return run, eval, navigate
}

// TestBrowser drives the page in headless Chromium as a reader would:
// search, narrow by a facet, open an article.
func TestBrowser(t *testing.T) {
	ctx := startBrowser(t)
	srv := seedServer(t)
	run, _, navigate := browse(t, ctx)
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
	assert.Regexp(t, `^(Putin|Russia)`, run(chromedp.Text(chromedp.CSS("article.full mark"))), "the query's words are marked")
	assert.NotEmpty(t, run(chromedp.Text(chromedp.CSS("section.entities li a"))), "the names it holds")

	navigate(chromedp.Click(chromedp.Search(`//a[text()="Back to the results"]`)))
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("p.count"))))
	assert.Equal(t, "3 articles match", run(chromedp.Text(chromedp.CSS("p.count"))), "back to the same results")
	assert.Equal(t, "Putin OR Russia", run(chromedp.Value(chromedp.ID("q"))))
}

// TestBrowserLayout: long facet values (Rodong Sinmun's slogans for
// authors) leave the results most of the width; nothing is wider than the
// window, wide or narrow; placeholders are set apart from typed text.
func TestBrowserLayout(t *testing.T) {
	ctx := startBrowser(t)
	srv, _ := rodongServer(t)
	run, eval, navigate := browse(t, ctx)
	navigate(chromedp.Navigate(srv.URL + "/?q=Pyongyang&more=author&copies=1")) // the articles are near-duplicates: every copy
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("ol.hits"))))
	assert.Equal(t, "14 articles match", run(chromedp.Text(chromedp.CSS("p.count"))))
	facets := eval(`document.querySelector('nav.facets').getBoundingClientRect().width`)
	hits := eval(`document.querySelector('ol.hits').getBoundingClientRect().width`)
	assert.LessOrEqual(t, facets, 250.0, "the facet column is bounded")
	assert.GreaterOrEqual(t, hits, 700.0, "the results keep the width")
	assert.Zero(t, eval(`document.documentElement.scrollWidth - document.documentElement.clientWidth`), "no sideways scrolling")
	assert.Zero(t, eval(`Array.from(document.querySelectorAll('.facets .n')).filter(n => n.getBoundingClientRect().height > 1.5 * parseFloat(getComputedStyle(n).lineHeight)).length`), "no count broken over two lines")
	assert.Equal(t, "italic", run(chromedp.Evaluate[string](`getComputedStyle(document.getElementById('from'), '::placeholder').fontStyle`)))
	assert.GreaterOrEqual(t, eval(`document.querySelector('nav.pages').getBoundingClientRect().left`), eval(`document.querySelector('ol.hits').getBoundingClientRect().left`), "the next page link under the results, not under the facets")
	// sameLine is how far apart (in pixels) the middles of a label and its
	// control are, up and down.
	sameLine := func(id string) float64 {
		return eval(`(function(){const c = document.getElementById('` + id + `').getBoundingClientRect(), l = document.querySelector('label[for="` + id + `"]').getBoundingClientRect(); return Math.abs((c.top + c.bottom) / 2 - (l.top + l.bottom) / 2)})()`)
	}

	require.NoError(t, chromedp.Do(ctx, chromedp.EmulateViewport(420, 1200)))
	navigate(chromedp.Reload())
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("ol.hits"))))
	assert.Zero(t, eval(`document.documentElement.scrollWidth - document.documentElement.clientWidth`), "no sideways scrolling in a narrow window")
	assert.LessOrEqual(t, eval(`document.querySelector('nav.facets').getBoundingClientRect().bottom`), eval(`document.querySelector('ol.hits').getBoundingClientRect().top`), "the facets above the results")
	for _, id := range []string{"any", "from", "to", "sort"} {
		assert.Less(t, sameLine(id), 8.0, "the label of %s wraps with it", id)
	}
}
