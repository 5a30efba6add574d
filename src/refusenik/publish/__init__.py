"""Publishing the figures: charts (`publish.charts`) that carry their unit, source and
as-of date, built from the analysis' tables and rendered without loading anything from the
internet."""
