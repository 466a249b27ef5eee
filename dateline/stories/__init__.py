"""Stories: the articles that are one story across outlets and days.

dedup.py finds republished copies (MinHash with LSH over the normalised body); the store keeps
the index (store/dedup_index.py) so that every new article is checked against everything stored.
cluster.py gathers articles into stories as they arrive (pure: records and a state in, assignments
out); summary.py gives a story its title, summary, span, outlets, actors, places and timeline.
"""
