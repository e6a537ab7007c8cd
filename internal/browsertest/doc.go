// Package browsertest holds the end-to-end tests that drive the real handler from
// headless Chromium through chromedp: the signing journey with JavaScript on and off,
// the register's search, keyboard-only use, and axe-core's WCAG 2.2 A and AA checks on
// every page template. It has no code outside its tests.
//
// The tests need Chromium (/usr/bin/chromium, or $CHROME_PATH; scripts/test.sh installs
// Debian's package) and axe-core from npm (scripts/assets.sh runs npm ci). Without
// Chromium they skip, except in CI (CI=true), where they fail. Full-page screenshots of
// the key pages go to $LD_SCREENSHOTS, or screenshots/ at the repository root.
package browsertest
