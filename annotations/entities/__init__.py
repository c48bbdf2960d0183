"""Entities across articles: mentions clustered into real-world things, and the
analyst's corrections to them."""
