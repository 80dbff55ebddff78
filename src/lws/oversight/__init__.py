"""Across versions and across trusts: a strategy's history, and a region's portfolio."""
