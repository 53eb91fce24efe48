"""Demo content (JSON) loaded by `flask seed-demo`; fictional, with no personal data."""
