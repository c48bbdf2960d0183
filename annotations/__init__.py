"""The analyst's work: annotations, links, entity corrections, their store and formats."""
