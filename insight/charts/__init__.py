"""Server-side SVG charts: journey maps and statistics, escaped and CSP-safe."""
