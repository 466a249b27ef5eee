"""Enrichment: what an article mentions (times; actors, places and quotes to come), as offsets into its body."""
