"""Comparing the reports: where they agree, disagree and stay silent.

``stories`` groups the claims by their confirmed links into stories and flags their
discrepancies; ``quantities`` reads the figures a passage states; ``markdown``,
``html`` and ``chart`` write the comparison as a report. Headless: the reader's
compare screen and ``syria-reader compare`` both use it.
"""
