"""A team's record: CRM history files read, ranges fitted, targets judged, re-forecasts and backtests."""
