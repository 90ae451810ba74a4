package server_test

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cspWatch records, in window.cspViolations, what the page's Content
// Security Policy refuses: the script is the browser's, run before the
// page's own (which has none).
const cspWatch = `window.cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));`

// watchCSP makes every page of the tab record the violations of its CSP.
func watchCSP(t *testing.T, ctx context.Context) {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatch})
		return err
	})))
}

// labelsJS checks the visible text of the SVG under selector: it returns
// how many labels there are, how many have no box or stand outside the
// window, and how many x labels overlap the next on their line.
const labelsJS = `(sel => {
  const shown = Array.from(document.querySelectorAll(sel + ' text')).filter(e => getComputedStyle(e).display !== 'none');
  let outside = 0;
  for (const e of shown) {
    const r = e.getBoundingClientRect();
    if (!(r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= document.documentElement.clientWidth && r.top >= 0)) outside++;
  }
  const rows = {};
  for (const e of shown.filter(e => e.classList.contains('x'))) {
    const r = e.getBoundingClientRect();
    (rows[Math.round(r.top)] ||= []).push(r);
  }
  let overlaps = 0;
  for (const row of Object.values(rows)) {
    row.sort((a, b) => a.left - b.left);
    for (let i = 1; i < row.length; i++) if (row[i].left < row[i-1].right + 2) overlaps++;
  }
  return [shown.length, outside, overlaps];
})`

// TestBrowserCompare: the compare chart renders in Chromium under the
// page's CSP, its labels inside the window and apart from each other, wide
// and narrow; the lines take their dashes (presentation attributes) and
// colours (the style sheet).
func TestBrowserCompare(t *testing.T) {
	ctx := startBrowser(t)
	srv, _ := kcnaServer(t)
	watchCSP(t, ctx)
	run, eval, navigate := browse(t, ctx)
	labels := func(sel string) (shown, outside, overlaps int) {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](labelsJS+`('`+sel+`')`))
		require.NoError(t, err)
		require.Len(t, v, 3)
		return v[0], v[1], v[2]
	}
	navigate(chromedp.Navigate(srv.URL + "/compare?q=Kim+Jong+Il&q=China&q=Russia"))
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("svg.chart"))))
	assert.Zero(t, eval(`window.cspViolations.length`), "nothing refused: %s", run(chromedp.Evaluate[string](`window.cspViolations.join('; ')`)))

	shown, outside, overlaps := labels("svg.chart")
	assert.GreaterOrEqual(t, shown, 12+5+2, "x labels, y labels and the axes' titles")
	assert.Zero(t, outside, "every label has a box inside the window")
	assert.Zero(t, overlaps, "no x label runs into the next")
	assert.Greater(t, eval(`document.querySelector('svg.chart polyline').getBoundingClientRect().width`), 900.0, "the lines span the plot")
	// The y labels stand left of the plot, in the margin of the SVG.
	assert.Less(t, eval(`Math.max(...Array.from(document.querySelectorAll('svg.chart text.y')).map(e => e.getBoundingClientRect().right))`),
		eval(`document.querySelector('svg.chart').getBoundingClientRect().left`))
	assert.Equal(t, "9px, 4px", run(chromedp.Evaluate[string](`getComputedStyle(document.querySelector('polyline.s1')).strokeDasharray`)), "the dash attribute applies")
	assert.Equal(t, "rgb(213, 94, 0)", run(chromedp.Evaluate[string](`getComputedStyle(document.querySelector('polyline.s1')).stroke`)), "the colour from the style sheet")
	assert.Equal(t, "rgb(213, 94, 0)", run(chromedp.Evaluate[string](`getComputedStyle(document.querySelector('.legend .swatch.s1 line')).stroke`)), "the legend says the same")
	assert.Equal(t, 3.0, eval(`new Set(Array.from(document.querySelectorAll('svg.chart g.markers use')).map(u => u.getAttribute('href'))).size`), "three marker shapes")
	assert.Equal(t, "Kim Jong Il China Russia", run(chromedp.Evaluate[string](`Array.from(document.querySelectorAll('.legend li')).map(l => l.textContent.trim()).join(' ')`)))

	require.NoError(t, chromedp.Do(ctx, chromedp.EmulateViewport(400, 1000)))
	navigate(chromedp.Reload())
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("svg.chart"))))
	shown, outside, overlaps = labels("svg.chart")
	assert.GreaterOrEqual(t, shown, 6+5+2, "every other x label, the y labels, the titles")
	assert.Zero(t, outside, "in a narrow window too")
	assert.Zero(t, overlaps, "in a narrow window too")
	assert.Equal(t, 2.0, eval(`Array.from(document.querySelectorAll('svg.chart text.sub')).filter(e => getComputedStyle(e).display !== 'none').length`), "both years")
	assert.Zero(t, eval(`document.documentElement.scrollWidth - document.documentElement.clientWidth`), "no sideways scrolling: the wide table scrolls in its box")
	assert.Greater(t, eval(`document.querySelector('.table-scroll').scrollWidth - document.querySelector('.table-scroll').clientWidth`), 0.0, "the table scrolls")
}

// TestBrowserTimeline: the search page's timeline has its labels inside
// the window and apart, wide and narrow, and a bar is a link to its month.
func TestBrowserTimeline(t *testing.T) {
	ctx := startBrowser(t)
	srv, _ := kcnaServer(t)
	watchCSP(t, ctx)
	run, eval, navigate := browse(t, ctx)
	for _, width := range []int64{1280, 400} {
		require.NoError(t, chromedp.Do(ctx, chromedp.EmulateViewport(width, 1000)))
		navigate(chromedp.Navigate(srv.URL + "/?q=Kim+Jong+Il"))
		require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("figure.timeline svg"))))
		v, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](labelsJS+`('figure.timeline')`))
		require.NoError(t, err)
		assert.GreaterOrEqual(t, v[0], 3+4, "%dpx: the y scale and some months", width)
		assert.Zero(t, v[1], "%dpx: every label inside the window", width)
		assert.Zero(t, v[2], "%dpx: no label runs into the next", width)
		assert.Zero(t, eval(`window.cspViolations.length`))
		assert.Zero(t, eval(`document.documentElement.scrollWidth - document.documentElement.clientWidth`), "%dpx", width)
	}
	// The hit area of a bar is its whole height: a click at the top of a
	// short bar's column still opens its month.
	navigate(chromedp.Click(chromedp.CSS(`figure.timeline a[href*="from=2011-01"] rect.hit`)))
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("ul.active"))))
	assert.Contains(t, run(chromedp.Text(chromedp.CSS("ul.active"))), "from: 2011-01")
}

// TestBrowserKWIC: the concordance is aligned: every match starts at one
// x, the left contexts end where it starts.
func TestBrowserKWIC(t *testing.T) {
	ctx := startBrowser(t)
	srv, _ := kcnaServer(t)
	_, eval, navigate := browse(t, ctx)
	navigate(chromedp.Navigate(srv.URL + "/kwic?q=friendship"))
	require.NoError(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("table.kwic"))))
	assert.Zero(t, eval(`(() => { const xs = Array.from(document.querySelectorAll('table.kwic td.match')).map(e => Math.round(e.getBoundingClientRect().left)); return new Set(xs).size - 1 })()`), "one column of matches")
	// Where each left context's text ends: the same x for all, before
	// the match.
	ends := `Array.from(document.querySelectorAll('table.kwic td.left span')).filter(e => e.textContent.trim() !== '').map(e => { const r = document.createRange(); r.selectNodeContents(e); return r.getBoundingClientRect().right })`
	assert.Less(t, eval(`(() => { const xs = `+ends+`; return Math.max(...xs) - Math.min(...xs) })()`), 1.0, "the left contexts are right-aligned")
	assert.Less(t, eval(`Math.max(...`+ends+`)`), eval(`document.querySelector('table.kwic td.match mark').getBoundingClientRect().left`))
	assert.Zero(t, eval(`document.documentElement.scrollWidth - document.documentElement.clientWidth`))
}
