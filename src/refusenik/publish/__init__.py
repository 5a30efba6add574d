"""Publishing the store: charts (`publish.charts`) that carry their unit, source and as-of
date, exports of the public tables, the static report and the demo — all rendered without
loading anything from the internet."""
