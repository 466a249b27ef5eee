"""Events: who did what to whom, when and where, coded in PLOVER and CAMEO from an enriched article.

The public function is `dateline.events(article_or_analysis)`; `dateline/__init__.py` makes this
package callable as that function, since importing the package puts it where the function stood.
"""
