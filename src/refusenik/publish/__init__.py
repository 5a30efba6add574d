"""Publishing the store: exports of the public tables, the static report, the demo."""
