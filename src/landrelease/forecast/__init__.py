"""Probabilistic forecasts: uncertain inputs, Monte Carlo, the State's track record
(plan realisation) and backtests."""
