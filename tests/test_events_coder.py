"""The event coder on the seed page and on written sentences: who did what to whom, when and where."""

from __future__ import annotations

from pathlib import Path

import pytest

import dateline
from dateline.analyze import analyze_text
from dateline.model import Event

SEED = Path(__file__).resolve().parents[2] / "shared" / "examples" / "page-dump-1.txt"
PUBLISHED = "2025-03-01"


def coded(text: str) -> list[Event]:
    return analyze_text(text, published=PUBLISHED, language="en").events


def sides(event: Event) -> tuple[list[str | None], list[str | None]]:
    return [a.country for a in event.actors], [a.country for a in event.recipients]


def find(events: list[Event], kind: str, trigger: str) -> Event:
    matches = [e for e in events if e.type == kind and trigger in e.mentions[0].trigger.text]
    assert matches, f"no {kind} event on {trigger!r} in {[(e.type, e.mentions[0].trigger.text) for e in events]}"
    return matches[0]


@pytest.fixture(scope="module")
def seed_events() -> list[Event]:
    if not SEED.exists():
        pytest.skip("the seed page is in ../shared/examples")
    return dateline.events(SEED.read_text(encoding="utf-8"))


def test_seed_diplomats_will_meet_in_istanbul_on_thursday(seed_events: list[Event]) -> None:
    event = find(seed_events, "CONSULT", "will meet")
    assert sides(event) == (["RUS"], ["USA"])
    assert event.reciprocal and event.future and not event.historical
    assert (event.date, event.date_source) == ("2025-02-27", "sentence")
    assert event.place is not None and event.place.name == "Istanbul"
    assert event.mentions[0].quote_speaker == "person:sergei-lavrov"  # "..., Russia's foreign minister said"
    assert event.cameo == "040" and event.quad_class == 1 and event.goldstein is not None


def test_seed_lavrov_met_rubio_in_riyadh(seed_events: list[Event]) -> None:
    event = find(seed_events, "CONSULT", "met")
    assert [a.name for a in event.actors] == ["Sergei Lavrov"]
    assert [a.name for a in event.recipients] == ["Marco Rubio"]
    assert event.date == "2025-02-18" and event.place is not None and event.place.name == "Riyadh"
    assert not event.future


def test_seed_trump_accuses_zelensky_and_calls_on_him(seed_events: list[Event]) -> None:
    accuse = find(seed_events, "ACCUSE", "branded")
    assert [a.name for a in accuse.actors] == ["Donald Trump"]
    assert [a.name for a in accuse.recipients] == ["Volodymyr Zelensky"]
    assert accuse.date == "2025-02-19"
    request = find(seed_events, "REQUEST", "called")
    assert [a.name for a in request.recipients] == ["Volodymyr Zelensky"]  # "called for him": the pronoun resolved


def test_seed_us_sides_with_russia_at_the_un(seed_events: list[Event]) -> None:
    event = find(seed_events, "SUPPORT", "sided")
    assert sides(event) == (["USA"], ["RUS"]) and event.date == "2025-02-24"


def test_seed_invasion_of_its_neighbour_is_not_against_russia_itself(seed_events: list[Event]) -> None:
    # "...condemnation of Moscow's invasion of its neighbour": the neighbour is named, not resolved;
    # the doer's own state is no guess for it.
    event = find(seed_events, "ASSAULT", "invasion")
    assert sides(event) == (["RUS"], [])
    # "...invasion of its neighbour three years ago": the parser hangs the time on "avoid"; it dates the invasion
    assert (event.date, event.historical, event.place) == ("2022", True, None)


def test_a_time_counted_back_right_after_an_event_noun_dates_it() -> None:
    (invasion,) = coded("Diplomats sought to limit criticism of the army's invasion of its neighbour two years ago.")
    assert invasion.type == "ASSAULT" and (invasion.date, invasion.historical) == ("2023", True)
    # said of a past verb, the time is the verb's, and the noun's through it
    events = coded("The ministry condemned the attack on the embassy two days ago.")
    assert {e.date for e in events} == {"2025-02-27"}


@pytest.mark.parametrize(("text", "recipients"), [
    ("The Ethiopian army launched an offensive against its rivals on Monday.", []),
    ("Russian forces launched an attack on their neighbours.", []),
    # no one named (a day is when, not whom): the deed falls on the doer's own state, as coders code it
    ("The Ethiopian army launched an offensive on Monday.", ["ETH"]),
    ("The Iraqi government imposed martial law on Monday.", ["IRQ"]),
    # named and found, but of no country: placed in the doer's state, as before
    ("The Sri Lankan army launched an attack on Tamil civilians.", ["LKA"]),
])
def test_a_target_named_in_words_no_actor_is_found_for_is_not_guessed(text: str, recipients: list[str]) -> None:
    (event,) = coded(text)
    assert sides(event)[1] == recipients


def test_seed_turkey_hosted_talks_in_march_2022_is_background(seed_events: list[Event]) -> None:
    event = find(seed_events, "CONSULT", "hosting")
    assert event.mode == "host"
    assert sides(event) == (["TUR"], ["RUS", "UKR"])
    assert event.date == "2022-03" and event.historical
    assert event.place_source != "dateline"  # the dateline is where the story was filed, not 2022's talks


def test_seed_lavrov_visits_the_emir_in_doha(seed_events: list[Event]) -> None:
    event = [e for e in seed_events if e.type == "CONSULT" and e.place and e.place.name == "Doha"
             and e.place_source == "sentence"][0]
    assert event.mode == "visit"  # met in the recipient's country, not his own
    assert [a.name for a in event.actors] == ["Sergei Lavrov"]
    assert "QAT" in sides(event)[1]


def test_seed_evidence_points_into_the_body(seed_events: list[Event]) -> None:
    body = dateline.analyze(SEED.read_text(encoding="utf-8")).article.body or ""
    for event in seed_events:
        for mention in event.mentions:
            assert body[mention.sentence.start:mention.sentence.end] == mention.sentence.text
            assert body[mention.trigger.start:mention.trigger.end] == mention.trigger.text
            assert mention.sentence.start <= mention.trigger.start < mention.sentence.end
            assert 0 < mention.confidence <= 1
        assert event.id.startswith("ev-")
    # the headline lists around the story never reach the coder
    assert not any("Recent Stories" in m.sentence.text for e in seed_events for m in e.mentions)


def test_one_meeting_with_two_recipients() -> None:
    events = coded("Russian Foreign Minister Sergei Lavrov met Qatar's emir and prime minister in Doha on Tuesday.")
    assert len(events) == 1
    event = events[0]
    assert sides(event) == (["RUS"], ["QAT", "QAT"]) and len(event.recipients) == 2
    assert event.mode == "visit" and event.date == "2025-02-25"


def test_passive_is_turned_round() -> None:
    [event] = coded("The Ukrainian embassy in Minsk was attacked by Belarusian protesters on Saturday.")
    assert event.type == "ASSAULT"
    assert sides(event) == (["BLR"], ["UKR"])
    assert event.mentions[0].trigger.text == "was attacked"


def test_nominal_event_between_two_sides() -> None:
    [event] = coded("The talks between Armenia and Azerbaijan resumed in Brussels on Monday.")
    assert event.type == "CONSULT" and event.reciprocal
    assert sides(event) == (["ARM"], ["AZE"])
    assert event.place is not None and event.place.name == "Brussels"


def test_protest_without_a_named_recipient_is_an_event() -> None:
    # PLOVER's convention: a protest at home that names no one is against the government where it is held,
    # and the mention says the target was inferred
    [event] = coded("Thousands of Serbian students protested in Belgrade on Sunday.")
    assert event.type == "PROTEST" and [r.id for r in event.recipients] == ["SRB:GOV"]
    assert sides(event)[0] == ["SRB"] and event.date == "2025-02-23"
    assert "inferred" in event.mentions[0].rule
    # protesters abroad name no such target
    [abroad] = coded("Hundreds of Iranian exiles protested in Paris on Sunday.")
    assert abroad.type == "PROTEST" and abroad.recipients == []


def test_two_events_in_one_sentence() -> None:
    events = coded("Israeli jets struck Hezbollah positions in southern Lebanon on Friday, and Iran condemned the strikes.")
    assault = find(events, "ASSAULT", "struck")
    assert sides(assault) == (["ISR"], ["LBN"])
    accuse = find(events, "ACCUSE", "condemned")
    assert sides(accuse)[0] == ["IRN"]


def test_negated_event_is_kept_and_marked() -> None:
    [event] = coded("Chinese President Xi Jinping did not meet Japanese Prime Minister Shigeru Ishiba at the summit.")
    assert event.type == "CONSULT" and event.negated
    assert sides(event) == (["CHN"], ["JPN"])


def test_hypothetical_event_is_marked_and_said_as_a_threat() -> None:
    events = coded("The European Union could impose sanctions on Georgia next month.")
    event = find(events, "SANCTION", "impose")
    assert event.hypothetical and sides(event)[1] == ["GEO"]
    threat = find(events, "THREATEN", "impose")  # CAMEO codes the statement: a threat of sanctions
    assert threat.cameo == "132" and sides(threat) == sides(event) and not threat.hypothetical
    assert threat.confidence > event.confidence


def test_planned_event_is_future_and_its_report_is_not() -> None:
    planned_events = coded("Indian Prime Minister Narendra Modi will visit Japan on Thursday.")
    planned = find(planned_events, "CONSULT", "visit")
    assert planned.mode == "visit" and planned.future and planned.date == "2025-03-06"
    intent = find(planned_events, "AGREE", "visit")  # CAMEO 036: express intent to meet
    assert intent.cameo == "036" and intent.date == PUBLISHED and sides(intent) == sides(planned)
    [reported] = coded("Indian Prime Minister Narendra Modi visited Japan on Thursday.")
    assert reported.type == "CONSULT" and not reported.future and reported.date == "2025-02-27"


def test_what_a_speaker_says_another_must_do_is_a_demand() -> None:
    events = coded("Russia said on Tuesday that Sudan must return the Russian helicopter it seized.")
    demand = find(events, "REQUEST", "return")
    assert sides(demand) == (["RUS"], ["SDN"])


def test_reported_speech_keeps_its_speaker_and_its_condition() -> None:
    events = coded("Russian President Vladimir Putin said Moscow would attack Ukrainian energy facilities "
                   "if Kyiv struck Russian refineries.")
    attack = find(events, "ASSAULT", "attack")
    assert sides(attack) == (["RUS"], ["UKR"]) and attack.hypothetical
    assert attack.mentions[0].quote_speaker == "person:vladimir-putin"


@pytest.mark.parametrize("text", [
    "Preheat the oven, then beat the eggs with the sugar and fold in the flour.",
    "Arsenal beat Chelsea 2-1 on Saturday as Bukayo Saka struck twice in the second half.",
    "Stir the sauce until it thickens, then strike a match to light the burner.",
])
def test_recipes_and_match_reports_yield_no_event(text: str) -> None:
    assert coded(text) == []


def test_events_of_an_article_and_of_an_analysis_agree() -> None:
    text = "Japan sent humanitarian aid to Turkey on Monday."
    analysis = analyze_text(text, published=PUBLISHED, language="en")
    from_analysis = dateline.events(analysis)
    from_article = dateline.events(analysis.article)
    assert [e.to_dict() for e in from_analysis] == [e.to_dict() for e in from_article]
    assert from_analysis and from_analysis[0].type == "AID"


def test_a_users_lexicon_and_ontology_reach_the_stage(tmp_path: Path) -> None:
    from dateline.config import Settings
    from dateline.events.plover import DATA

    lexicon = tmp_path / "mine.toml"
    lexicon.write_text('type = "SUPPORT"\n\n[[entry]]\nverb = "serenade"\ncameo = "051"\n'
                       'example = "The French president serenaded the Italian prime minister in Rome."\n',
                       encoding="utf-8")
    ontology = tmp_path / "ontology.toml"
    ontology.write_text(DATA.read_text(encoding="utf-8"), encoding="utf-8")
    text = "French President Emmanuel Macron serenaded Italian Prime Minister Giorgia Meloni in Rome on Friday."
    plain = analyze_text(text, published=PUBLISHED, language="en").events
    assert not any(e.type == "SUPPORT" for e in plain)
    settings = Settings(event_lexicon=str(lexicon), event_ontology=str(ontology))
    [event] = analyze_text(text, published=PUBLISHED, language="en", settings=settings).events
    assert event.type == "SUPPORT" and sides(event) == (["FRA"], ["ITA"]) and event.mentions[0].rule == "verb serenade"


def test_a_broken_user_lexicon_is_a_clear_error(tmp_path: Path) -> None:
    from dateline.config import ConfigError, Settings
    from dateline.pipeline import Pipeline

    broken = tmp_path / "broken.toml"
    broken.write_text('type = "CONSULT"\n[[entry]]\nverb = "confer"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="broken.toml.*example"):
        Pipeline.from_settings(Settings(event_lexicon=str(broken)), ["extract", "enrich", "events"])


def test_violence_by_someone_unnamed_is_an_event_by_someone_unidentified_where_it_happened() -> None:
    events = coded("A roadside bomb killed two American soldiers near Kandahar on Sunday.")
    event = find(events, "ASSAULT", "killed")
    assert [a.id for a in event.actors] == ["AFG:UNK"] and sides(event)[1] == ["USA"]
    assert "doer inferred" in event.mentions[0].rule
    assert event.confidence <= 0.5  # nobody named as doing it
    # with no place, no doer
    [elsewhere] = coded("A roadside bomb killed two American soldiers on Sunday.")
    assert elsewhere.type == "ASSAULT" and elsewhere.actors == []


def test_a_sentence_of_thousands_of_verbs_is_coded_in_linear_time() -> None:
    import time

    from dateline.enrich.enrich import enrich_article
    from dateline.enrich.nlp import load_pipeline
    from dateline.events.coder import code_article
    from dateline.events.lexicon import load_lexicon
    from dateline.model import Article

    text = "Russian forces attacked Ukrainian positions in Donetsk on Monday and " * 1500 + "withdrew."
    article = Article(body=text, published=PUBLISHED, language="en")
    doc = load_pipeline()(text)
    enrichment = enrich_article(article, doc=doc)
    started = time.process_time()
    events = code_article(article, enrichment, doc, load_lexicon())
    # was minutes, then seconds: every frame rescanned the sentence, then every token climbed to the root
    assert time.process_time() - started < 3
    assert any(e.type == "ASSAULT" for e in events)


def test_an_event_named_by_a_modifier_or_as_a_purpose() -> None:
    [mediation] = coded("The Omani foreign minister launched a mediation effort between Iran and Saudi Arabia on Monday.")
    assert mediation.type == "CONSULT" and mediation.mode == "mediate"
    assert sides(mediation) == (["OMN"], ["IRN", "SAU"])
    talks = find(coded("Armenian and Azerbaijani negotiators flew to Brussels for talks on Monday."), "CONSULT", "talks")
    assert sorted(sides(talks)[0] + sides(talks)[1]) == ["ARM", "AZE"]


def surest(events: list[Event]) -> Event:
    return max(events, key=lambda e: e.confidence)  # (max keeps the first of equals)


def test_an_attempt_is_the_deed_not_a_plan() -> None:
    events = coded("Gunmen in Kirkuk tried to assassinate the Iraqi trade minister on Monday.")
    attack = find(events, "ASSAULT", "assassinate")
    assert not attack.hypothetical and not attack.future
    assert not [e for e in events if e.type == "THREATEN"]  # no statement of intent to attack


def test_a_finite_verb_is_no_conjunct_of_one_after_a_modal() -> None:
    # The parser hangs "accused" on "come" (inside the "must not" clause); it goes with "warned".
    events = coded("Poland's foreign ministry warned that the deal must not come at Warsaw's expense, "
                   "and accused Germany of ignoring its neighbours.")
    accuse = find(events, "ACCUSE", "accused")
    assert sides(accuse) == (["POL"], ["DEU"]) and not accuse.hypothetical


def test_a_place_hung_on_the_recipient_is_where_not_whom() -> None:
    # "the residence of the French ambassador in the Berlin district of Mitte": Germany is where
    (visit,) = coded("The Chinese delegation arrived at the residence of the French ambassador in the Berlin "
                     "district of Mitte.")
    assert visit.type == "CONSULT" and sides(visit) == (["CHN"], ["FRA"])


def test_a_conjunct_of_a_passive_verb_is_done_by_its_subject() -> None:
    events = coded("Bolivia's interior minister was indicted by a court in La Paz and will resign.")
    resign = find(events, "RETREAT", "resign")
    assert sides(resign)[0] == ["BOL"]  # the minister resigns, not the court


def test_the_main_clause_is_surer_than_its_background() -> None:
    events = coded("Poland suspended rail links with Belarus on Friday, a day after Belarusian troops fired on a "
                   "Polish border post.")
    news = surest(events)
    assert (news.type, sides(news)) == ("SANCTION", (["POL"], ["BLR"]))


def test_a_promise_with_unless_is_an_ultimatum() -> None:
    events = coded("Kenya said it will withdraw its troops from Somalia unless the Somali government pays its "
                   "soldiers.")
    threat = find(events, "THREATEN", "withdraw")
    assert threat.cameo == "139" and sides(threat)[0] == ["KEN"]
    assert not [e for e in events if e.type == "AGREE"]


def test_a_demand_carried_by_a_verb_governs_its_content() -> None:
    events = coded("The European Union reiterated its demand that Serbia release the detained journalists.")
    demand = surest(events)
    assert demand.type == "REQUEST" and sides(demand) == (["EU"], ["SRB"])


def test_protesting_that_is_words_of_complaint() -> None:
    events = coded("A human rights group protested on Tuesday that Hungarian authorities are failing to protect "
                   "asylum seekers.")
    complaint = find(events, "ACCUSE", "protested")
    assert complaint.cameo == "111" and sides(complaint)[1] == ["HUN"]
    assert not [e for e in events if e.type == "PROTEST"]


def test_a_complaint_is_against_what_it_is_about() -> None:
    [complaint] = [e for e in coded("Greece complained to the European Union about Turkish drilling in the Aegean.")
                   if e.type == "ACCUSE"]
    assert sides(complaint) == (["GRC"], ["TUR"])


def test_preparing_an_attack_is_a_force_posture() -> None:
    events = coded("The Sudanese army prepared to resume shelling rebel positions near El Fasher.")
    posture = find(events, "MOBILIZE", "shelling")
    assert posture.cameo == "150" and sides(posture)[0] == ["SDN"]


def test_the_us_is_a_country_not_a_pronoun() -> None:
    events = coded("China demanded that the US cancel plans to sell fighter jets to Taiwan.")
    demand = find(events, "REQUEST", "demanded")
    assert sides(demand) == (["CHN"], ["USA"])
    sale = find(events, "AID", "sell")
    assert sides(sale)[0] == ["USA"] and "TWN" in sides(sale)[1]


def test_a_threat_is_made_to_whoever_must_act_to_stop_it() -> None:
    threat = find(coded("Iran threatened to launch a new offensive unless Baghdad accepted its conditions."),
                  "THREATEN", "threatened")
    assert sides(threat) == (["IRN"], ["IRQ"])


def test_a_protest_is_against_whom_its_purpose_names() -> None:
    events = coded("Demonstrators in Baghdad blocked a road to show their anger at the United States.")
    protest = find(events, "PROTEST", "blocked")
    assert sides(protest) == (["IRQ"], ["USA"])


def test_forces_built_up_abroad_are_aimed_at_the_host_state() -> None:
    build_up = find(coded("Turkey strengthened its forces in northern Syria on Monday."), "MOBILIZE", "strengthened")
    assert sides(build_up) == (["TUR"], ["SYR"])
    mobilised = find(coded("Britain mobilized army reservists for a possible war against Iraq."), "MOBILIZE", "mobilized")
    assert sides(mobilised) == (["GBR"], ["IRQ"])
